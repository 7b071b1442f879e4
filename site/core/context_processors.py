from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .furniture import furniture_for


def furniture(request: HttpRequest) -> dict:
    """The cached site furniture, loaded only if a template uses it."""
    return {"furniture": SimpleLazyObject(lambda: furniture_for(Site.find_for_request(request)))}
