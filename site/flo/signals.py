"""Changes to the register of municipalities bump the statistics' data version.

Imports and rollbacks bump it themselves, once, after their transaction commits.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core.models import County, Municipality

from .versioning import bump_data_version


@receiver(post_save, sender=County)
@receiver(post_delete, sender=County)
@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
@receiver(m2m_changed, sender=Municipality.successors.through)
def register_changed(sender, **kwargs) -> None:
    bump_data_version()
