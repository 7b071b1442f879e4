"""An issue rendered once per language, then personalised per recipient by substitution.

MJML is rendered when a send starts, never per recipient. The personal parts (the
greeting and the two secret links) are placeholders carrying a random nonce, so text
an editor typed can never be mistaken for one, and the values put in their place are
escaped for HTML and stripped of anything that could break a line.
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.chooser_blocks import fetch_chosen_for
from core.mail.addresses import has_unsafe_characters
from core.mail.mjml import mjml_to_html

from .links import site_root

if TYPE_CHECKING:  # only named in annotations: the page model calls in here for its mail previews
    from .models import NewsletterIssuePage

PERSONAL_FIELDS = ("greeting", "preferences_url", "unsubscribe_url")
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


@dataclass(frozen=True)
class RenderedIssue:
    language: str
    subject: str
    html: str
    text: str
    nonce: str

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RenderedIssue:
        return cls(**data)

    def placeholder(self, name: str) -> str:
        return placeholder(self.nonce, name)

    def personalise(self, *, greeting: str, preferences_url: str, unsubscribe_url: str) -> tuple[str, str]:
        """The HTML and the text for one recipient."""
        values = {"greeting": greeting, "preferences_url": preferences_url, "unsubscribe_url": unsubscribe_url}
        for value in values.values():
            if has_unsafe_characters(value):
                raise ValueError("Personal values must not contain line breaks or control characters.")
        html, text = self.html, self.text
        for name, value in values.items():
            html = html.replace(self.placeholder(name), html_lib.escape(value, quote=True))
            text = text.replace(self.placeholder(name), value)
        return html, text


def placeholder(nonce: str, name: str) -> str:
    return f"%%{nonce}_{name.upper()}%%"


def greeting_for(name: str, language: str) -> str:
    """ "Hei, Kari!", with anything that could break a header or a line taken out of the name."""
    return greeting_maker(language)(name)


def greeting_maker(language: str) -> Callable[[str], str]:
    """greeting_for with the language's words looked up once, for a send's many recipients."""
    with translation.override(language):
        with_name, without_name = _("Hello, %(name)s!"), _("Hello!")

    def greeting(name: str) -> str:
        clean = " ".join(_UNSAFE_IN_NAME.sub(" ", name or "").split())[:100]
        return with_name % {"name": clean} if clean else without_name

    return greeting


def freeze_episodes(issue: NewsletterIssuePage) -> dict[str, list[int]]:
    """The episode ids each "new episodes" block shows now, by block id: stored on the send as it starts."""
    return {
        block.id: [episode.pk for episode in block.block.episodes(block.value)]
        for block in issue.body
        if block.block_type == "episodes"
    }


def _block_context(block, issue: NewsletterIssuePage, language: str, root: str, frozen: dict) -> dict:
    context = {"value": block.value, "issue": issue, "language": language, "root": root, "page": issue}
    if block.block_type == "episodes":
        context["episodes"] = block.block.episodes(block.value, frozen_ids=frozen.get(block.id))
    elif block.block_type == "key_figures":
        context["figures"] = block.value.figures_for(issue.issue_month)
    return context


def _render_blocks(issue: NewsletterIssuePage, language: str, root: str, extension: str, frozen: dict) -> list[str]:
    parts = []
    for block in issue.body:
        rendered = render_to_string(
            f"newsletter/blocks/{block.block_type}.{extension}", _block_context(block, issue, language, root, frozen)
        ).strip()
        if rendered:
            parts.append(rendered)
    return parts


def _frame_context(issue: NewsletterIssuePage, language: str, root: str, nonce: str) -> dict:
    from wagtail.models import Site

    from core.models import OrganisationSettings

    site = Site.objects.filter(is_default_site=True).first()
    organisation = OrganisationSettings.for_site(site) if site else OrganisationSettings()
    web_url = issue.full_url if issue.live else ""
    return {
        "language": language,
        "subject": issue.subject,
        "subject_rule": "=" * min(len(issue.subject), 72),
        "preheader": issue.preheader,
        "list_name": issue.topic.name_in(language),
        "organisation": organisation.name,
        "address": organisation.address,
        "web_url": web_url,
        "root": root,
        **{name: placeholder(nonce, name) for name in PERSONAL_FIELDS},
    }


def render_issue(
    issue: NewsletterIssuePage, language: str, *, root: str | None = None, episodes: dict | None = None
) -> RenderedIssue:
    """MJML → HTML, and the plain-text part, for one language. Called once per language per send.

    episodes: the frozen episode ids by block id; by default those of the issue's last send.
    """
    root = root or site_root()
    fetch_chosen_for(issue)  # the images and pages its blocks choose, one query per model
    frozen = issue.sent_episodes() if episodes is None else episodes
    nonce = secrets.token_hex(8)
    with translation.override(language):
        frame = _frame_context(issue, language, root, nonce)
        mjml_source = render_to_string(
            "newsletter/email.mjml",
            {**frame, "blocks": mark_safe("\n".join(_render_blocks(issue, language, root, "mjml", frozen)))},  # noqa: S308
        )
        text = render_to_string(
            "newsletter/email.txt",
            {**frame, "blocks": "\n\n".join(_render_blocks(issue, language, root, "txt", frozen))},
        )
    return RenderedIssue(
        language=language, subject=issue.subject, html=mjml_to_html(mjml_source), text=text, nonce=nonce
    )


def preview_personalisation(language: str) -> dict[str, str]:
    """What the editor's preview and test mails show in place of the personal parts."""
    return {"greeting": greeting_for("Kari Nordmann", language), "preferences_url": "#", "unsubscribe_url": "#"}
