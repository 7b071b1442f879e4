"""What a published conference page sets off: a changed time or place reaches its registrants, and
seats a raised capacity frees are offered to those waiting. What the cached conference pages
follow: seats taken and given back, and the moments registration opens and closes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from core.cache_versions import bump_version
from core.page_cache import register_moments

from .models import ConferencePage, Registration
from .registrations import offer_free_seats
from .reminders import notify_if_moved
from .seats import SEATS_VERSION_KEY


@receiver(page_published, dispatch_uid="conference.moved")
def tell_registrants_about_a_move(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, ConferencePage):
        transaction.on_commit(lambda: notify_if_moved(ConferencePage.objects.get(pk=instance.pk)))


@receiver(page_published, dispatch_uid="conference.capacity")
def offer_seats_a_raised_capacity_frees(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, ConferencePage):
        transaction.on_commit(lambda: offer_free_seats(ConferencePage.objects.get(pk=instance.pk)))


# --- The page cache (core/page_cache.py) --------------------------------------------------------


@receiver(post_save, sender=Registration, dispatch_uid="conference.seats_changed")
@receiver(post_delete, sender=Registration, dispatch_uid="conference.registration_deleted")
def seats_changed(sender, **kwargs) -> None:
    """A conference page shows seats left and whether it is full: a new registration,
    cancellation, offer or move changes them.

    Once the change commits, and only then: not while the ledger holds its row lock (a cache
    write there would lengthen every registration's turn at the lock), and a page rendered
    before the commit shows the counts from before it, which is right under the old version.
    """
    transaction.on_commit(lambda: bump_version(SEATS_VERSION_KEY, again_at_commit=False), robust=True)


@register_moments
def registration_and_conference_times():
    """A conference page changes by itself when registration opens and closes and when the
    conference is over (then the overview lists it among the past ones)."""
    for times in ConferencePage.objects.live().values_list(
        "registration_opens_at", "registration_closes_at", "ends_at"
    ):
        yield from (moment for moment in times if moment is not None)
