"""FLO statistics: monthly figures per municipality (the register is core's),
and the log of the imports that brought the figures in.

A municipality number is valid for a period: when counties are split or
municipalities merged, the old number ends and its successors begin, so figures
stay attached to the number they were reported under and history is kept.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField

from core.models import BasePage, Municipality, documentation_panels

from .blocks import statistics_page_blocks
from .months import month_label


class ImportBatch(models.Model):
    """One uploaded file and what became of it: who, when, which months, how many rows.

    The figures a batch brought in stay in the database after a later batch replaces
    them, so rolling back a batch brings back the figures it replaced.
    """

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Importert")
        ROLLED_BACK = "rolled_back", _("Rullet tilbake")

    created_at = models.DateTimeField(_("importert"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("filnavn"), max_length=255)
    file_size = models.PositiveIntegerField(_("filstørrelse"), default=0)
    file_sha256 = models.CharField(_("sjekksum (SHA-256)"), max_length=64)
    # The original file, kept for audit. It is small (a month is some 30 kB) and must
    # not lie under MEDIA_ROOT, which is served to anyone.
    file_content = models.BinaryField(_("originalfil"), editable=False)
    row_count = models.PositiveIntegerField(_("rader"), default=0)
    first_month = models.DateField(_("første måned"))
    last_month = models.DateField(_("siste måned"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IMPORTED)
    rolled_back_at = models.DateTimeField(_("rullet tilbake"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rullet tilbake av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(
        _("demodata"), default=False, help_text=_("Syntetiske tall fra demokommandoen, ikke ekte FLO-tall.")
    )
    is_partial = models.BooleanField(
        _("delvis måned"),
        default=False,
        help_text=_("Importert selv om kommuner manglet, etter et uttrykkelig valg."),
    )
    # What the check page showed and the editor confirmed: missing municipalities, warnings
    # about changes from the month before, and what a replace changed (flo.checks).
    check_report = models.JSONField(_("kontroll"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.months_label})"

    @property
    def months_label(self) -> str:
        if self.first_month == self.last_month:
            return month_label(self.first_month)
        return f"{month_label(self.first_month)} – {month_label(self.last_month)}"

    @property
    def is_rolled_back(self) -> bool:
        return self.status == self.Status.ROLLED_BACK


class PendingImport(models.Model):
    """An uploaded file between the check page and the editor's confirmation.

    The file is kept here, server-side, so the confirmation imports exactly what was
    checked and nothing the browser sends; uploads left unconfirmed expire.
    """

    EXPIRES_AFTER = timedelta(hours=2)

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    file_content = models.BinaryField()
    # A digest of the checks the editor was shown (flo.checks.ImportCheck.fingerprint).
    check_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("import til kontroll")
        verbose_name_plural = _("importer til kontroll")
        default_permissions = ()

    def __str__(self) -> str:
        return self.file_name


class FiguresQuerySet(models.QuerySet):
    def current(self):
        """The figures in effect: for each municipality and month, those of the latest import."""
        return self.filter(is_current=True)


class MonthlyFigures(models.Model):
    """FLO's counts for one municipality and one month (the first of the month)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="figures"
    )
    month = models.DateField(_("måned"), help_text=_("Den første dagen i måneden."))
    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="figures")
    is_current = models.BooleanField(_("gjeldende"), default=True)

    gp_agreements = models.PositiveIntegerField(_("fastlegeavtaler"))
    lists_without_gp = models.PositiveIntegerField(_("lister uten fast lege"))
    residents_on_lists = models.PositiveIntegerField(_("innbyggere på liste"))
    residents_without_gp = models.PositiveIntegerField(_("innbyggere på liste uten fast lege"))
    list_ceiling_sum = models.PositiveIntegerField(_("sum listetak"))
    available_places = models.PositiveIntegerField(_("ledige plasser"))
    open_lists = models.PositiveIntegerField(_("åpne lister"))
    female_gps = models.PositiveIntegerField(_("kvinnelige fastleger"))

    objects = FiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("månedstall")
        verbose_name_plural = _("månedstall")
        # No default ordering: it would join the municipalities into every query on the largest table.
        constraints = [
            # One set of figures in effect per municipality and month; replaced ones stay for rollback.
            models.UniqueConstraint(
                fields=["municipality", "month"], condition=Q(is_current=True), name="flo_one_current_per_month"
            ),
            models.UniqueConstraint(fields=["batch", "municipality", "month"], name="flo_once_per_batch"),
            models.CheckConstraint(
                condition=Q(lists_without_gp__lte=F("gp_agreements")), name="flo_lists_without_gp_lte_agreements"
            ),
            models.CheckConstraint(
                condition=Q(residents_without_gp__lte=F("residents_on_lists")),
                name="flo_residents_without_gp_lte_residents",
            ),
            models.CheckConstraint(
                condition=Q(open_lists__lte=F("gp_agreements")), name="flo_open_lists_lte_agreements"
            ),
            models.CheckConstraint(
                condition=Q(female_gps__lte=F("gp_agreements")), name="flo_female_gps_lte_agreements"
            ),
            models.CheckConstraint(
                condition=Q(available_places__lte=F("list_ceiling_sum")), name="flo_available_places_lte_ceiling"
            ),
        ]
        indexes = [
            models.Index(fields=["month", "municipality"], condition=Q(is_current=True), name="flo_current_month_idx"),
            models.Index(fields=["batch", "month"], name="flo_batch_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.month:%Y-%m}"


class StatisticsPage(BasePage):
    """The public statistics: the country, each county and each municipality, and open data.

    One page in the tree; the counties, municipalities and downloads are routes under it.
    """

    body = StreamField(
        statistics_page_blocks(),
        blank=True,
        verbose_name=_("innledning og metode"),
        help_text=_("Vises under tallene for landet: hva tallene betyr, og hvordan de lages."),
    )

    content_panels = documentation_panels()

    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("statistikkside")

    def get_context(self, request, *args, **kwargs):
        from .views import statistics_context

        context = super().get_context(request, *args, **kwargs)
        context.update(statistics_context(self, request))
        return context

    def get_sitemap_urls(self, request=None):
        """The page itself, and a page for every county and municipality in use today."""
        from core.municipality_register import get_municipality_register

        from .statistics import data_state

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if not base:
            return urls
        register = get_municipality_register()
        lastmod = data_state().updated_at or urls[0]["lastmod"]
        urls += [{"location": f"{base}fylke/{c.number}/", "lastmod": lastmod} for c in register.current_counties()]
        urls += [
            {"location": f"{base}kommune/{m.number}/", "lastmod": lastmod} for m in register.current_municipalities()
        ]
        return urls

    @path("fylke/<str:number>/", name="county")
    def county(self, request, number: str):
        from .views import county_page

        return county_page(self, request, number)

    @path("kommune/", name="municipality_picker")
    def municipality_picker(self, request):
        from .views import municipality_picker

        return municipality_picker(self, request)

    @path("kommune/<str:number>/", name="municipality")
    def municipality(self, request, number: str):
        from .views import municipality_page

        return municipality_page(self, request, number)

    @path("data/", name="open_data")
    def open_data(self, request):
        from .views import open_data_page

        return open_data_page(self, request)

    @path("data/<str:file_format>/", name="download")
    def download(self, request, file_format: str):
        from .open_data import download

        return download(self, request, file_format)
