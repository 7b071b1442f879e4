"""Mail for every app: addresses, the sender's headers, DKIM signing, MJML, and the words of a notice.

The newsletter and the conference both send through this package, so neither imports
the other. Its settings are `DEFAULT_FROM_EMAIL` and the `MAIL_*` settings in
config/settings/base.py; the newsletter adds its own From and Reply-To for issues.
"""
