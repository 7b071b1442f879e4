"""Signal handlers for the podcast (feed cache invalidation lives in feed.py)."""
