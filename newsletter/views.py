"""Public views: sign-up, confirmation, the preference centre and one-click unsubscribe.

Being written: every view answers 404 until then.
"""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


signup = signup_done = confirm = preferences = export_data = erase = unsubscribe = _not_yet
