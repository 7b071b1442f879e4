"""Admin for subscribers, topics, consent texts and the suppression list."""
