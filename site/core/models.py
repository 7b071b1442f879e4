"""What every public page shares: language, the three dates, public versions,
footnotes, social sharing, and the site-wide settings."""

from __future__ import annotations

import functools
import threading
from datetime import date

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Revision

from .blocks import INLINE_RICH_TEXT_FEATURES, quick_link_blocks
from .chooser_blocks import fetch_chosen_for
from .colours import validate_accent_colour
from .footnotes import KEY_PATTERN, FootnoteNumbering, markers_in, number_footnotes, one_footnote_per_key
from .languages import Language
from .outline import build_outline, nest_outline
from .page_privacy import surely_unrestricted
from .page_tree import kept_per_tree

# Wagtail validates a draft by switching "required" off on the StreamField's block
# definitions and back on afterwards (Block.clean_deferred), and every request in a process
# shares those definitions. Two page forms validated at once in one process (*Lagre kladd*
# while autosave runs, on a threaded server) switch each other's blocks: a publish can pass
# without a required field, the blocks can stay optional for good, or a block is switched
# back that was never switched off (a server error). So a process validates one page form
# at a time; it takes milliseconds.
STREAM_VALIDATION_LOCK = threading.RLock()


class BasePageForm(WagtailAdminPageForm):
    """Asks, at every publish, whether this is a substantive change.

    The answer belongs to the revision it was given with. While that revision waits
    (a saved draft, or a submission in moderation) the form shows it, so a moderator
    who approves in the editor publishes the mark the editor set; once the revision
    is published, the question starts unanswered, so an earlier answer never carries
    over to the next publish by accident.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            substantive, note = pending_change_mark(self.instance)
            for name, value in (("substantive_change", substantive), ("change_note", note)):
                if name in self.fields:
                    self.initial[name] = value

    def full_clean(self):
        with STREAM_VALIDATION_LOCK:
            super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("substantive_change") and not (cleaned.get("change_note") or "").strip():
            self.add_error("change_note", _("Skriv kort hva som er endret når endringen er faglig."))
        self.check_footnotes(cleaned)
        return cleaned

    def check_footnotes(self, cleaned: dict) -> None:
        """Every [^key] in the text needs a footnote, and every key is used once."""
        formset = self.formsets.get("footnotes")
        body = cleaned.get("body")
        if formset is None or body is None:
            return
        # Read the forms, not only a valid formset: the formset's own check of the database's
        # one-key-per-page rule makes it invalid, and the editor should read this message.
        formset_is_valid = formset.is_valid()
        keys: list[str] = []
        for form in formset.forms:
            cleaned_form = getattr(form, "cleaned_data", {})
            if cleaned_form.get("DELETE") or (form.empty_permitted and not form.has_changed()):
                continue
            # The formset's unique check drops a repeated key from the second form's cleaned data.
            key = cleaned_form.get("key") or (form["key"].value() or "").strip()
            if key:
                keys.append(key)
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            self.add_error(None, _("Fotnotenøkler må være unike: %(keys)s") % {"keys": ", ".join(duplicates)})
        if not formset_is_valid:
            return
        texts = (str(block.value.source) for block in body if block.block_type == "paragraph")
        unknown = [key for key in markers_in(texts) if key not in keys]
        if unknown:
            self.add_error(
                "body",
                _("Teksten viser til fotnoter som ikke finnes: %(keys)s. Legg dem til under «Fotnoter».")
                % {"keys": ", ".join(f"[^{key}]" for key in unknown)},
            )


def pending_change_mark(page: Page) -> tuple[bool, str]:
    """The substantive-change mark of the page's latest revision, if it has not been published.

    Read from the stored revision rather than from the instance, which may hold an
    older revision (the editor's "revert to this version").
    """
    if page.pk is None:
        return False, ""
    revisions = Page.objects.filter(pk=page.pk).values_list("latest_revision_id", "live_revision_id").first()
    if revisions is None or revisions[0] is None or revisions[0] == revisions[1]:
        return False, ""
    mark = (
        Revision.objects.filter(pk=revisions[0])
        .values_list("content__substantive_change", "content__change_note")
        .first()
    )
    if mark is None or not mark[0]:
        return False, ""
    return True, mark[1] or ""


class BasePage(RoutablePageMixin, Page):
    """Abstract base for every public page type."""

    language = models.CharField(
        _("språk"),
        max_length=2,
        choices=Language.choices,
        default=Language.BOKMAL,
        help_text=_("Sidens skriftspråk. Styrer lang-attributtet og språket i grensesnittet."),
    )
    summary = models.TextField(
        _("ingress"), blank=True, max_length=600, help_text=_("Kort oppsummering som vises øverst og i lister.")
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("delingsbilde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bildet som vises når siden deles i sosiale medier (1200 × 630 px)."),
    )
    social_text = models.CharField(_("delingstekst"), max_length=200, blank=True, help_text=_("Tom gir ingressen."))
    substantive_change = models.BooleanField(
        _("faglig endring"),
        default=False,
        help_text=_("Kryss av hvis publiseringen endrer innholdet faglig. Da blir den en offentlig versjon."),
    )
    change_note = models.CharField(
        _("endringsnotat"), max_length=300, blank=True, help_text=_("Vises i listen over tidligere versjoner.")
    )
    last_substantive_change_at = models.DateTimeField(_("siste faglige endring"), null=True, blank=True, editable=False)

    base_form_class = BasePageForm

    change_panels = [
        MultiFieldPanel(
            [FieldPanel("substantive_change"), FieldPanel("change_note")],
            heading=_("Faglig endring"),
            help_text=_("Fyll ut før du publiserer en faglig endring."),
        )
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel([FieldPanel("social_image"), FieldPanel("social_text")], heading=_("Deling")),
    ]

    class Meta:
        abstract = True

    # --- Rendering ----------------------------------------------------------------------

    @property
    def stream_body(self):
        """The StreamField that carries the page's headings and footnote markers."""
        return getattr(self, "body", None)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fetch_chosen_for(self)
        outline, anchors = build_outline(self.stream_body)
        footnotes = list(self.footnotes.all()) if edits_footnotes(type(self)) else []
        numbering = number_footnotes(
            (str(block.value.source) for block in self.stream_body or [] if block.block_type == "paragraph"),
            (note.key for note in footnotes),
        )
        context.update(
            outline=outline,
            outline_tree=nest_outline(outline),
            heading_anchors=anchors,
            footnote_numbering=numbering,
            footnotes=numbered_footnotes(footnotes, numbering),
        )
        return context

    def get_view_restrictions(self):
        # Wagtail's two queries per request only where a restriction or an alias could apply.
        if surely_unrestricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def serve(self, request, *args, **kwargs):
        with translation.override(self.language):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = self.language
        return response

    def serve_preview(self, request, mode_name):
        with translation.override(self.language):
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
        return response

    # --- Dates and versions -------------------------------------------------------------

    @property
    def last_updated_at(self):
        """Any published edit, even a typo."""
        return self.last_published_at or self.first_published_at

    @property
    def last_substantive_change(self):
        return self.last_substantive_change_at or self.first_published_at

    def with_content_json(self, content):
        # Dates belong to the page, not to a revision: a revision must not roll back the
        # last substantive change, and an old version was first published when the page was.
        obj = super().with_content_json(content)
        obj.last_substantive_change_at = self.last_substantive_change_at
        obj.first_published_at = self.first_published_at
        return obj

    @property
    def has_public_versions(self) -> bool:
        """Whether the page links to its earlier versions: read once per version of the page
        tree (a public version recorded or removed renews it: core/signals.py)."""
        return kept_per_tree(f"has-public-versions:{self.pk}", self.public_versions.exists)

    @path("versjoner/", name="versions")
    def versions(self, request):
        versions = self.public_versions.order_by("-published_at")
        context = self.get_context(request)
        context["versions"] = versions
        response = TemplateResponse(request, "core/versions.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("versjoner/<int:version_id>/", name="version")
    def old_version(self, request, version_id: int):
        version = get_object_or_404(self.public_versions, pk=version_id)
        if version.shows_the_live_page(self):
            # The newest version that the live page still is: not "not the current version".
            response = TemplateResponse(request, self.get_template(request), self.get_context(request))
            response["X-Robots-Tag"] = "noindex"  # the page's own address is the canonical one
            return response
        old_page = version.as_page(self)
        if old_page is None:
            raise Http404
        context = old_page.get_context(request)
        context.update(page=old_page, self=old_page, old_version=version, current_page=self)
        response = TemplateResponse(request, old_page.get_template(request), context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # --- Saving -----------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        # Two saves at once (the editor's *Lagre kladd* while autosave runs) need no lock of
        # their own here: Model.save updates the page row before modelcluster reads and
        # replaces the footnotes, so the second save waits for the first to commit.
        self.merge_footnotes_by_key()
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        self.merge_footnotes_by_key()
        return super().save_revision(*args, **kwargs)

    def merge_footnotes_by_key(self) -> None:
        """Keep one footnote per key in the unsaved relation (core.footnotes.one_footnote_per_key)."""
        pending = getattr(self, "_cluster_related_objects", {}).get("footnotes")
        if pending is None:
            return
        merged = one_footnote_per_key(list(pending))
        if len(merged) != len(pending):
            self.footnotes = merged

    @cached_property
    def sharing_text(self) -> str:
        return self.social_text or self.summary or self.search_description or ""


@functools.cache
def edits_footnotes(page_class: type[Page]) -> bool:
    """Whether editors can write footnotes on this page type (its panels hold the footnote
    panel): the others have none, so rendering them asks no query for footnotes."""

    def holds(panels) -> bool:
        return any(
            getattr(panel, "relation_name", None) == "footnotes" or holds(getattr(panel, "children", ()))
            for panel in panels
        )

    return holds(getattr(page_class, "content_panels", ()))


def numbered_footnotes(footnotes: list[Footnote], numbering: FootnoteNumbering) -> list[dict]:
    """Footnotes in display order: referenced ones by number, then the rest."""
    referenced = sorted(
        (note for note in footnotes if numbering.number_for(note.key)),
        key=lambda note: numbering.number_for(note.key),
    )
    unreferenced = [note for note in footnotes if not numbering.number_for(note.key)]
    items = [{"number": numbering.number_for(n.key), "note": n, "referenced": True} for n in referenced]
    next_number = len(items) + 1
    for offset, note in enumerate(unreferenced):
        items.append({"number": next_number + offset, "note": note, "referenced": False})
    return items


# What a revision records about the publish rather than the content: left out when asking
# whether two revisions show the same page.
PUBLISH_BOOKKEEPING = frozenset(
    {
        "pk",
        "live",
        "has_unpublished_changes",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "first_published_at",
        "last_published_at",
        "last_substantive_change_at",
        "substantive_change",
        "change_note",
        "draft_title",
        "owner",
        "locked",
        "locked_at",
        "locked_by",
        "go_live_at",
        "expire_at",
        "expired",
        "path",
        "depth",
        "numchild",
        "url_path",
        "wagtail_admin_comments",
        "comments",
    }
)


def version_content(content: dict) -> dict:
    """A revision's content without the bookkeeping of its publish.

    Child rows (footnotes) lose their ids too: a publish stores them anew.
    """

    def without_ids(value):
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return [{k: v for k, v in item.items() if k not in {"pk", "id", "page"}} for item in value]
        return value

    return {key: without_ids(value) for key, value in content.items() if key not in PUBLISH_BOOKKEEPING}


class PublicVersion(models.Model):
    """A publish the editor marked as a substantive change, kept for the public.

    The content is copied from the revision, so the version still renders if old
    revisions are purged.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="public_versions")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("publisert"))
    note = models.CharField(_("endringsnotat"), max_length=300)
    content = models.JSONField(encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("offentlig versjon")
        verbose_name_plural = _("offentlige versjoner")
        ordering = ["-published_at"]
        constraints = [models.UniqueConstraint(fields=["revision"], name="unique_public_version_per_revision")]

    def __str__(self) -> str:
        return f"{self.page} – {self.published_at:%d.%m.%Y}"

    def shows_the_live_page(self, page: Page) -> bool:
        """Whether the live page is this version: its revision, or a later one with the same content.

        A publish without changes (a moderator's approval, *Publiser* pressed again) makes a
        new revision of the same content; a typo fixed after the substantive change does not
        leave the version current.
        """
        if page.live_revision_id is None:
            return False
        if self.revision_id == page.live_revision_id:
            return True
        newer = page.public_versions.filter(published_at__gt=self.published_at).exists()
        if newer:
            return False
        live_content = Revision.objects.filter(pk=page.live_revision_id).values_list("content", flat=True).first()
        return live_content is not None and version_content(live_content) == version_content(self.content)

    def as_page(self, current: Page) -> Page | None:
        """The page as it was at this version, with the current page's tree position."""
        try:
            return current.with_content_json(self.content)
        except (KeyError, ValueError, TypeError):
            return None

    def get_url(self, request=None) -> str:
        page = self.page.specific_deferred
        return (page.get_url(request) or "") + page.reverse_subpage("version", args=[self.pk])


class Footnote(Orderable):
    page = ParentalKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="footnotes")
    key = models.CharField(
        _("nøkkel"),
        max_length=40,
        help_text=_("Skriv [^nøkkel] i teksten der fotnoten skal henvises til. Bokstaver, tall og bindestrek."),
        validators=[
            RegexValidator(
                rf"^{KEY_PATTERN}$", _("Bruk bare bokstaver, tall og bindestrek (høyst 40 tegn), uten mellomrom.")
            )
        ],
    )
    text = RichTextField(_("fotnote"), features=INLINE_RICH_TEXT_FEATURES)

    panels = [FieldPanel("key"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("fotnote")
        verbose_name_plural = _("fotnoter")
        constraints = [models.UniqueConstraint(fields=["page", "key"], name="core_footnote_unique_key_per_page")]

    def __str__(self) -> str:
        return self.key


footnote_panel = InlinePanel("footnotes", heading=_("Fotnoter"), label=_("Fotnote"))


def documentation_panels(before: tuple = (), after: tuple = ()) -> list:
    """The editor's layout for content pages: title and language, the body with its
    footnotes between the page's own fields, and last the substantive-change question."""
    return [
        *Page.content_panels,
        FieldPanel("language"),
        *before,
        FieldPanel("summary"),
        FieldPanel("body"),
        footnote_panel,
        *after,
        *BasePage.change_panels,
    ]


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who runs the site: shown in the footer and used for contact information."""

    name = models.CharField(_("navn"), max_length=200, default="Allmennlegeprogrammet")
    owner = models.CharField(_("eier"), max_length=200, blank=True, help_text=_("For eksempel Helsedirektoratet."))
    address = models.TextField(_("adresse"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    organisation_number = models.CharField(_("organisasjonsnummer"), max_length=20, blank=True)
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tilgjengelighetserklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_statement_url = models.URLField(
        _("ekstern tilgjengelighetserklæring"),
        blank=True,
        help_text=_("Brukes hvis erklæringen ligger på uustatus.no og ikke som en side her."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personvernerklæring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisasjon")

    @property
    def accessibility_href(self) -> str:
        if self.accessibility_statement_id:
            return self.accessibility_statement.url or ""
        return self.accessibility_statement_url


@register_setting(icon="image")
class SiteIdentity(BaseSiteSetting):
    """The site's look: a logo and an accent colour. The site's name is the organisation's."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vises i toppen av alle sider. Uten logo vises et nøytralt merke og nettstedets navn."),
    )
    accent_colour = models.CharField(
        _("aksentfarge"),
        max_length=7,
        blank=True,
        validators=[validate_accent_colour],
        help_text=_("Farge som #rrggbb for navnet og streken i toppen. Må ha minst 4,5:1 kontrast mot hvitt."),
    )

    panels = [FieldPanel("logo"), FieldPanel("accent_colour")]

    class Meta:
        verbose_name = _("identitet")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The header menu and the footer links."""

    header_links = StreamField(quick_link_blocks(), blank=True, verbose_name=_("hovedmeny"))
    footer_links = StreamField(quick_link_blocks(), blank=True, verbose_name=_("lenker i bunnen"))

    class Meta:
        verbose_name = _("navigasjon")


# --- The register of counties and municipalities ------------------------------------------


class Validity(models.Model):
    """A period of validity: from a date, and until a date or still valid."""

    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(
        _("gyldig til"), null=True, blank=True, help_text=_("Tom betyr at den fortsatt gjelder.")
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Sluttdatoen kan ikke være før startdatoen.")})

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class County(Validity):
    """A county (fylke), such as 31 Østfold from 2024 or 30 Viken from 2020 to 2023."""

    number = models.CharField(
        _("fylkesnummer"), max_length=2, validators=[RegexValidator(r"^\d{2}$", _("To sifre, for eksempel 03."))]
    )
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        db_table = "flo_county"  # created by the flo app, before the register moved to core
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["number", "valid_from"], name="flo_county_number_period")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Municipality(Validity):
    """A municipality (kommune) under one number for one period."""

    number = models.CharField(
        _("kommunenummer"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Fire sifre, for eksempel 0301."))],
    )
    name = models.CharField(_("navn"), max_length=100)
    other_names = models.CharField(
        _("andre offisielle navn"),
        max_length=200,
        blank=True,
        help_text=_("Samiske og kvenske navn, skilt med «|»."),
    )
    county = models.ForeignKey(County, verbose_name=_("fylke"), on_delete=models.PROTECT, related_name="municipalities")
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("videreført i"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("Kommunen eller kommunene som overtok da dette nummeret sluttet å gjelde."),
    )

    class Meta:
        db_table = "flo_municipality"  # created by the flo app; the successors table follows it
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["number", "valid_from"], name="flo_municipality_number_period")]

    def __str__(self) -> str:
        return f"{self.number} {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name with its Sami or Kven names: 'Hamarøy – Hábmer'."""
        others = [name for name in self.other_names.split("|") if name]
        return " – ".join([self.name, *others])

    def clean(self) -> None:
        super().clean()
        if self.county_id and self.number and not self.number.startswith(self.county.number):
            raise ValidationError({"number": _("Kommunenummeret må begynne med fylkesnummeret.")})
        overlapping = Municipality.objects.filter(number=self.number).exclude(pk=self.pk)
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if self.valid_from and overlapping.exists():
            raise ValidationError({"number": _("Nummeret er allerede i bruk i en del av denne perioden.")})


# --- Abuse limits ---------------------------------------------------------------------------


class RateLimitCounter(models.Model):
    """How many events one abuse-limit key has had in one window (core/ratelimit.py, without Redis).

    The key is kept as a SHA-256 digest: keys name client addresses and have no fixed length.
    `manage.py core_tick` deletes the rows of windows that have ended.
    """

    key_digest = models.CharField(_("nøkkel (SHA-256)"), max_length=64)
    window_start = models.BigIntegerField(_("vinduets start (Unix-tid)"))
    count = models.PositiveIntegerField(_("antall"), default=0)
    expires_at = models.DateTimeField(_("utløper"), db_index=True)

    class Meta:
        verbose_name = _("teller for misbruksgrense")
        verbose_name_plural = _("tellere for misbruksgrenser")
        constraints = [
            models.UniqueConstraint(fields=["key_digest", "window_start"], name="core_ratelimit_key_window"),
        ]

    def __str__(self) -> str:
        return f"{self.key_digest[:12]}… @ {self.window_start}: {self.count}"


# The outbox of notices lives with the mail module; importing it here registers it with core.
from .mail.models import OutgoingMail  # noqa: E402, F401
