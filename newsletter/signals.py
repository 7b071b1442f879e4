"""Signal handlers for the newsletter: bounce, complaint and unsubscribe events from an ESP."""

from anymail.signals import tracking

from .tracking import handle_tracking_event

tracking.connect(handle_tracking_event, dispatch_uid="newsletter.tracking")
