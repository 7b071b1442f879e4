"""Core's part of the admin: the language report, the register's snippets, and the helpers
every app's admin views share."""
