"""Search's own data: the search page, editors' synonyms, the index outbox, query
statistics and the text extracted from PDFs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path

from core.models import BasePage

from .text_analysis import tokenize


class SearchPage(BasePage):
    """The one search page (Home → Søk). Its summary is shown above the form."""

    content_panels = [*BasePage.content_panels, FieldPanel("language"), FieldPanel("summary")]

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("søkeside")

    def get_sitemap_urls(self, request=None) -> list:
        # Every search response says noindex; listing the page in the sitemap would contradict it.
        return []

    @path("")
    def results(self, request):
        from .views import search_results_view

        return search_results_view(request, self)

    @path("forslag/")
    def completions(self, request):
        from .views import autocomplete_view

        return autocomplete_view(request, self)


class SynonymGroup(models.Model):
    """Words the search treats as one at search time: "fastlege, allmennlege, GP"."""

    terms = models.CharField(
        _("ord som betyr det samme"),
        max_length=300,
        help_text=_("Skill ordene med komma, for eksempel: fastlege, allmennlege, GP."),
    )
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("synonymer")
        verbose_name_plural = _("synonymer")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    def as_tuple(self) -> tuple[str, ...]:
        """The group as normalised terms; a multi-word term keeps its words space-separated."""
        seen: list[str] = []
        for raw in self.terms.split(","):
            term = " ".join(tokenize(raw))
            if term and term not in seen:
                seen.append(term)
        return tuple(seen)

    def clean(self) -> None:
        if len(self.as_tuple()) < 2:
            raise ValidationError({"terms": _("Skriv minst to ord, skilt med komma.")})

    @classmethod
    def all_groups(cls) -> list[tuple[str, ...]]:
        return [group for group in (s.as_tuple() for s in cls.objects.all()) if len(group) >= 2]


class IndexChange(models.Model):
    """A page whose index entry must be brought up to date: the outbox between a publish
    and the search engine. Written in the publishing transaction, removed only after the
    engine has accepted the change, so an unreachable engine loses nothing."""

    page_id = models.PositiveIntegerField(unique=True)
    requested_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("endring som venter på søkeindeksen")
        verbose_name_plural = _("endringer som venter på søkeindeksen")

    def __str__(self) -> str:
        return f"page {self.page_id}"


class QueryDay(models.Model):
    """How often a query was searched on one day, and how often it found nothing.

    Only the normalised query text and counts are kept: no visitor, address, time of day
    or session. Queries that look like personal data are never stored (see query_stats.py).
    """

    day = models.DateField(_("dag"))
    query = models.CharField(_("søk"), max_length=100)
    searches = models.PositiveIntegerField(_("søk"), default=0)
    without_results = models.PositiveIntegerField(_("uten treff"), default=0)

    class Meta:
        verbose_name = _("søk per dag")
        verbose_name_plural = _("søk per dag")
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_queryday_unique")]
        indexes = [models.Index(fields=["day"], name="search_queryday_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


class DocumentText(models.Model):
    """Text extracted from a document file, kept so re-indexing never parses a PDF twice.

    ``file_hash`` ties the text to the file's bytes: a replaced file is extracted again.
    """

    class Status(models.TextChoices):
        OK = "ok", _("lest")
        ENCRYPTED = "encrypted", _("kryptert")
        BROKEN = "broken", _("ødelagt")
        NOT_PDF = "not_pdf", _("ikke PDF")
        TOO_LARGE = "too_large", _("for stor")

    document = models.OneToOneField("wagtaildocs.Document", on_delete=models.CASCADE, related_name="search_text")
    file_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices)
    text = models.TextField(blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tekst fra dokument")
        verbose_name_plural = _("tekst fra dokumenter")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"
