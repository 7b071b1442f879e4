"""What a published conference page sets off: a changed time or place reaches its registrants, and
seats a raised capacity frees are offered to those waiting."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ConferencePage
from .registrations import offer_free_seats
from .reminders import notify_if_moved


@receiver(page_published, dispatch_uid="conference.moved")
def tell_registrants_about_a_move(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, ConferencePage):
        transaction.on_commit(lambda: notify_if_moved(ConferencePage.objects.get(pk=instance.pk)))


@receiver(page_published, dispatch_uid="conference.capacity")
def offer_seats_a_raised_capacity_frees(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, ConferencePage):
        transaction.on_commit(lambda: offer_free_seats(ConferencePage.objects.get(pk=instance.pk)))
