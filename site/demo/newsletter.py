"""The demo newsletter: the archive, two past issues and a few subscribers.

The issues draw on the rest of the demo (key figures from the synthetic FLO data, the
podcast's episodes, a guidance page), so what a newcomer sends from the admin in
development is a realistic mail; it lands in var/mail. Running it again changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone
from wagtail.models import Page

from newsletter.models import (
    Consent,
    ConsentText,
    NewsletterArchivePage,
    NewsletterIssuePage,
    Status,
    Subscriber,
    Topic,
)

from .stream import Refs

logger = logging.getLogger(__name__)

ARCHIVE_SLUG = "nyhetsbrev"
SUBSCRIBERS = [
    ("kari.fastlege@allmenn.example", "Kari Fastlege", "fastlege", "nb", ["flo", "podkast", "konferanse"]),
    ("ola.lis@allmenn.example", "Ola Lege", "lis", "nn", ["flo", "podkast"]),
    ("kommuneoverlege@allmenn.example", "", "kommune", "nb", ["flo", "konferanse"]),
    ("per.venter@allmenn.example", "Per Venter", "fastlege", "nb", ["flo"]),
]


def _month(months_ago: int) -> date:
    today = timezone.localdate().replace(day=1)
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    return date(year, month + 1, 1)


# The editor's words in an issue, in the issue's language.
ISSUE_WORDS = {
    "nb": {
        "figures": "Fastlegeordningen i tall",
        "button": "Se tallene for din kommune",
        "news": "Nytt fra programmet",
        "episodes": "Nye episoder av Fastlegepodden",
    },
    "nn": {
        "figures": "Fastlegeordninga i tal",
        "button": "Sjå tala for kommunen din",
        "news": "Nytt frå programmet",
        "episodes": "Nye episodar av Fastlegepodden",
    },
}


def _issue_body(r: Refs, intro: str, month_text: str, language: str) -> list[dict]:
    words = ISSUE_WORDS[language]
    return [
        {"type": "rich_text", "value": intro},
        {
            "type": "key_figures",
            "value": {
                "heading": f"{words['figures']}, {month_text}",
                "indicators": ["gp_agreements", "lists_without_gp", "share_without_gp", "average_list_length"],
                "level": "national",
                "county": "",
                "municipality": "",
                "month": None,
            },
        },
        {
            "type": "button",
            "value": {"text": words["button"], "page": r.pages["statistikk"].pk, "url": ""},
        },
        {"type": "divider", "value": None},
        {"type": "heading", "value": {"text": words["news"]}},
        {
            "type": "article",
            "value": {"page": r.pages["handlingsplan"].pk, "title": "", "summary": "", "show_image": True},
        },
        {"type": "episodes", "value": {"heading": words["episodes"], "show": None, "count": 2}},
    ]


def issue_specs(r: Refs) -> list[dict]:
    two, one = _month(2), _month(1)
    return [
        {
            "slug": f"fastlegenytt-{two:%Y-%m}",
            "title": f"Fastlegenytt {two:%m/%Y}: flere lister med fast lege",
            "preheader": "Ferske FLO-tall, status for handlingsplanen og to nye podkastepisoder.",
            "issue_month": two,
            "summary": "Månedens tall fra FLO, status for handlingsplanen og nye podkastepisoder.",
            "language": "nb",
            "body": _issue_body(
                r,
                "<p>Her er månedens tall fra fastlegeordningen. Flere innbyggere står nå på en liste med "
                "fast lege enn for et år siden.</p>",
                f"{two:%m/%Y}",
                "nb",
            ),
        },
        {
            "slug": f"fastlegenytt-{one:%Y-%m}",
            "title": f"Fastlegenytt {one:%m/%Y}: nytt om rekrutteringstilskotet",
            "preheader": "Nye tal frå FLO og kva som skjer i programmet denne månaden.",
            "issue_month": one,
            "summary": "Nye tal frå FLO og kva som skjer i programmet.",
            "language": "nn",
            "body": _issue_body(
                r,
                "<p>Denne månaden ser vi nærare på rekrutteringa av nye fastlegar, og tala frå FLO "
                "for heile landet.</p>",
                f"{one:%m/%Y}",
                "nn",
            ),
        },
    ]


def ensure_archive(home: Page) -> NewsletterArchivePage:
    archive = home.get_children().filter(slug=ARCHIVE_SLUG).specific().first()
    if archive is None:
        archive = NewsletterArchivePage(
            title="Nyhetsbrev",
            slug=ARCHIVE_SLUG,
            summary="Fastlegenytt kommer en gang i måneden med ferske tall fra FLO og nytt fra programmet.",
            intro="Meld deg på for å få nyhetsbrevet på e-post. Du velger selv temaene, og du kan melde deg "
            "av med ett klikk i hver e-post.",
        )
        home.add_child(instance=archive)
        archive.save_revision().publish()
    return archive


def build_newsletter(home: Page, refs: Refs) -> NewsletterArchivePage:
    archive = ensure_archive(home)
    refs.pages[ARCHIVE_SLUG] = archive
    flo = Topic.objects.get(slug="flo")
    for spec in issue_specs(refs):
        if archive.get_children().filter(slug=spec["slug"]).exists():
            continue
        issue = NewsletterIssuePage(topic=flo, **spec)
        archive.add_child(instance=issue)
        issue.save_revision().publish()
    ensure_subscribers()
    return archive


def ensure_subscribers() -> None:
    consent_text = ConsentText.current()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for email, name, role, language, slugs in SUBSCRIBERS:
        if Subscriber.objects.filter(email__iexact=email).exists():
            continue
        pending = email.startswith("per.venter")
        subscriber = Subscriber.objects.create(
            email=email,
            name=name,
            role=role,
            language=language,
            status=Status.PENDING if pending else Status.CONFIRMED,
            confirmed_at=None if pending else timezone.now(),
        )
        subscriber.topics.set([topics[slug] for slug in slugs])
        Consent.objects.create(
            subscriber=subscriber,
            consent_text=consent_text,
            source=Consent.Source.ADMIN,
            topics=slugs,
            confirmed_at=subscriber.confirmed_at,
            note="Demodata",
        )
