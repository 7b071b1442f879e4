"""The newsletter archive and its issues: pages readable on the web, rendered to mail when sent."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.mail.addresses import has_unsafe_characters
from core.models import BasePage, BasePageForm
from core.page_privacy import public

from ..blocks import issue_blocks
from ..links import site_root
from ..rendering import preview_personalisation, render_issue
from .subscribers import Topic


def first_of_this_month() -> date:
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


class NewsletterArchivePage(BasePage):
    """Every issue sent, newest first; also where the sign-up form lives."""

    intro = models.TextField(_("innledning"), blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("language"), FieldPanel("summary"), FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["newsletter.NewsletterIssuePage"]
    max_count = 1

    class Meta:
        verbose_name = _("nyhetsbrevarkiv")

    def issues(self):
        return (
            public(NewsletterIssuePage.objects.child_of(self).live())
            .select_related("topic")
            .order_by("-issue_month", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = self.issues()
        context["topics"] = Topic.objects.filter(is_active=True)
        return context


class IssueForm(BasePageForm):
    """The issue's editor: subject and preheader go into mail headers; the slug may be left
    empty, as for any Wagtail page, and is then made from the subject."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        if self.instance.first_published_at:
            # A published issue's address is in mails already sent: it changes only on purpose.
            raise ValidationError(_("Skriv en permalenke."), code="required")
        # The title is cleaned before the slug (content panels come before the promote tab).
        base = slugify(
            self.cleaned_data.get("title") or "", allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        )
        if not base:
            raise ValidationError(_("Skriv en permalenke, eller et emne den kan lages av."))
        return self.available_slug(base)

    def available_slug(self, base: str) -> str:
        """The slug, or slug-2, slug-3 …: the first one no sibling has."""
        parent = self.parent_page
        candidate, suffix = base, 1
        while not Page._slug_is_available(candidate, parent, self.instance if self.instance.pk else None):
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "preheader"):
            if has_unsafe_characters(cleaned.get(name) or ""):
                self.add_error(name, _("Fjern linjeskift og kontrolltegn: teksten blir en del av e-posten."))
        return cleaned


class NewsletterIssuePage(BasePage):
    """One issue. The title is the mail's subject; the body renders the same on the web and in mail."""

    preheader = models.CharField(
        _("forhåndsvisningstekst"),
        max_length=150,
        blank=True,
        help_text=_("Vises etter emnet i innboksen. Høyst 150 tegn."),
    )
    topic = models.ForeignKey(
        "newsletter.Topic",
        verbose_name=_("tema"),
        on_delete=models.PROTECT,
        related_name="issues",
        help_text=_("Sendes til abonnentene på dette temaet."),
    )
    issue_month = models.DateField(
        _("måned"),
        default=first_of_this_month,
        help_text=_("Utgavens måned. Nøkkeltall fra FLO hentes for denne måneden."),
    )
    body = StreamField(issue_blocks(), verbose_name=_("innhold"))

    base_form_class = IssueForm
    content_panels = [
        MultiFieldPanel(
            # TitleFieldPanel, not FieldPanel: it is what fills the slug from the title as one types.
            [TitleFieldPanel("title", heading=_("Emne"), placeholder=False), FieldPanel("preheader")],
            heading=_("Emne og forhåndsvisning"),
        ),
        FieldPanel("topic"),
        FieldPanel("issue_month"),
        FieldPanel("language"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    parent_page_types = ["newsletter.NewsletterArchivePage"]
    subpage_types: list[str] = []

    preview_modes = [
        ("", _("Nettside")),
        ("email", _("E-post (bokmål)")),
        ("email-nn", _("E-post (nynorsk)")),
        ("text", _("Ren tekst")),
    ]

    class Meta:
        verbose_name = _("nyhetsbrevutgave")
        verbose_name_plural = _("nyhetsbrevutgaver")

    def clean(self):
        super().clean()
        if self.issue_month:
            self.issue_month = self.issue_month.replace(day=1)
        if has_unsafe_characters(self.title) or has_unsafe_characters(self.preheader):
            raise ValidationError(_("Emnet og forhåndsvisningsteksten kan ikke ha linjeskift."))

    @property
    def subject(self) -> str:
        return self.title

    def sent_episodes(self) -> dict[str, list[int]]:
        """The episode ids frozen by the issue's last started send, by block id; empty if never sent."""
        if self.pk is None:  # a preview of a page not yet saved
            return {}
        send = self.sends.filter(started_at__isnull=False).order_by("-started_at", "-pk").only("episodes").first()
        return send.episodes if send else {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["frozen_episodes"] = self.sent_episodes()
        return context

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "email-nn", "text"):
            language = "nn" if mode_name == "email-nn" else "nb"
            rendered = render_issue(self, language)
            html, text = rendered.personalise(**preview_personalisation(language))
            if mode_name == "text":
                return HttpResponse(text, content_type="text/plain; charset=utf-8")
            response = HttpResponse(html)
            # Wagtail serves the preview as a request to the page's public address, so the public
            # site's CSP would apply and refuse the mail's inline styles: this response has its own.
            response._csp_config = mail_preview_policy()
            return response
        return super().serve_preview(request, mode_name)


def mail_preview_policy() -> dict[str, list[str]]:
    """The Content-Security-Policy of an e-mail preview: styles inline, as in any mail, images
    from this site and the web, and nothing that acts (no scripts, forms, plugins or fonts)."""
    root = urlsplit(site_root())
    site_origin = f"{root.scheme}://{root.netloc}" if root.scheme and root.netloc else "'self'"
    return {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["'self'", site_origin, "https:", "data:"],
        "script-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
    }
