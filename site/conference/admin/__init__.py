"""The organisers' side of the conference in the Wagtail admin: views, forms and URL patterns
(registered by wagtail_hooks.py), and the staff's check-in page."""
