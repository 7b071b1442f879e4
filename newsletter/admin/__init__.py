"""The newsletter in the Wagtail admin: sends (sends.py) and subscribers, topics, consent
texts and the suppression list (subscribers.py, viewsets.py), with their forms (forms.py)
and URL patterns (urls.py). newsletter/wagtail_hooks.py registers them all."""
