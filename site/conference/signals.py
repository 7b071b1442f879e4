"""A published change to a conference's time or place reaches its registrants."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published


@receiver(page_published, dispatch_uid="conference.moved")
def tell_registrants_about_a_move(sender, instance=None, **kwargs) -> None:
    from .models import ConferencePage
    from .reminders import notify_if_moved

    if isinstance(instance, ConferencePage):
        transaction.on_commit(lambda: notify_if_moved(ConferencePage.objects.get(pk=instance.pk)))
