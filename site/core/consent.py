"""Consent texts: the exact wording a person agreed to, in bokmål and nynorsk, versioned.

A text that has been shown is never edited; a new wording is a new version, so every
consent record can point at what its giver actually read.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionedConsentText(models.Model):
    version = models.PositiveIntegerField(_("versjon"), unique=True)
    text = models.TextField(_("tekst (bokmål)"))
    text_nn = models.TextField(_("tekst (nynorsk)"))
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Versjon {self.version}"

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk).exclude(text=self.text, text_nn=self.text_nn).exists():
            raise ValueError("A consent text that has been shown is never edited: add a new version.")
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        return cls.objects.order_by("-version").first()

    def text_in(self, language: str) -> str:
        return self.text_nn if language == "nn" and self.text_nn else self.text
