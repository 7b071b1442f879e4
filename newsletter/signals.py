"""Signal handlers for the newsletter (bounce and complaint events from an ESP)."""
