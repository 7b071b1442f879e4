"""No request from the public gets a server error: hostile values in every public URL pattern.

The demo site is loaded once. Every public URL pattern (Django's resolver, and the routes of
every routable page in the demo) gets a table of hostile values in its path parameters; every
real public address gets them in every query parameter a view reads and in the headers that
views parse (Range, If-None-Match, If-Modified-Since, Accept-Language); the public forms get
them in their POST bodies. Not one answer may be 5xx. A table rather than random generation:
the same few thousand requests each run, so a failure names its request and repeats.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from core import antispam

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]

# As the value appears in a URL: percent-encoded where it must be, broken where it should be.
HOSTILE = {
    "superscript-two": "%C2%B2",
    "arabic-indic-digits": "%D9%A1%D9%A2",
    "month-with-superscript": "2024-%C2%B2",
    "5000-digits": "9" * 5000,
    "negative": "-1",
    "zero": "0",
    "huge-float": "1e9999",
    "empty-json-array": "%5B%5D",
    "empty-json-object": "%7B%7D",
    "dot-segment": "..",
    "encoded-dot-segment": "%2e%2e",
    "encoded-slash": "..%2F..%2Fdocuments%2F1",
    "nul": "%00",
    "long-string": "x" * 5000,
    "invalid-utf8": "%FF%FE",
    "truncated-utf8": "%C3",
    "rtl-override": "%E2%80%AE",
    "space": "%20",
}

# The values sent by POST to every pattern, and to each query parameter alone.
POSTED = ("empty-json-array", "5000-digits", "invalid-utf8", "encoded-slash")
ALONE = (HOSTILE["superscript-two"], HOSTILE["5000-digits"], HOSTILE["month-with-superscript"], HOSTILE["negative"])
# Addresses of files, where Range and the conditional headers are read.
FILE_PREFIXES = ("/media/", "/documents/")
FILE_ENDINGS = r"(\.mp3|\.m4a|\.vtt|\.srt|\.json|/feed/|/data/csv/)$"

# Every query parameter a public view reads; test_every_parameter_a_view_reads_is_in_the_table keeps it whole.
QUERY_PARAMETERS = (
    # search page
    "q", "type", "topic", "language", "year", "page",
    # statistics API and downloads
    "page_size", "from", "to", "fra", "til", "level", "niva", "county", "fylke", "municipality", "kommune", "current",
    # the newsletter's and conference's own pages
    "lang", "endret",
    # Django's sitemap, Wagtail's preview and password views
    "p", "next",
)  # fmt: skip

HEADER_SETS = [
    {
        "HTTP_RANGE": "bytes=" + "9" * 5000 + "-",
        "HTTP_IF_NONE_MATCH": '"' + "a" * 5000 + '"',
        "HTTP_IF_MODIFIED_SINCE": "9" * 5000,
        "HTTP_ACCEPT_LANGUAGE": "x" * 5000,
    },
    {
        "HTTP_RANGE": "bytes=-" + "9" * 5000,
        "HTTP_IF_NONE_MATCH": "*",
        "HTTP_IF_MODIFIED_SINCE": "Mon, 31 Feb 2026 25:61:61 GMT",
        "HTTP_ACCEPT_LANGUAGE": "nb;q=²,nn;q=-1,*;q=1e9999",
    },
    {
        "HTTP_RANGE": "bytes=²-³",
        "HTTP_IF_NONE_MATCH": "W/",
        "HTTP_IF_MODIFIED_SINCE": "²",
        "HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.5," * 500,
    },
    {
        "HTTP_RANGE": "bytes=" + "0-0," * 2000,
        "HTTP_IF_NONE_MATCH": '"\u202e", W/"x", ""',
        "HTTP_IF_MODIFIED_SINCE": "Sun, 06 Nov 1994 08:49:37 GMT",
        "HTTP_ACCEPT_LANGUAGE": "\u0662\u0663",
    },
    {
        "HTTP_RANGE": "bytes=5-2",
        "HTTP_IF_NONE_MATCH": "[]",
        "HTTP_IF_MODIFIED_SINCE": "-1",
        "HTTP_ACCEPT_LANGUAGE": "{}",
    },
    {
        "HTTP_RANGE": "items=0-1",
        "HTTP_IF_NONE_MATCH": "-1",
        "HTTP_IF_MODIFIED_SINCE": "",
        "HTTP_ACCEPT_LANGUAGE": "",
    },
    {"HTTP_RANGE": "bytes=0-" + "9" * 30, "HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 1970 00:00:00 GMT"},
    {"HTTP_RANGE": "bytes=-0"},
]

# Bodies that are no form at all, sent as what they are and as a form.
RAW_BODIES = {
    "empty-json-array": ("application/json", b"[]"),
    "empty-json-object": ("application/json", b"{}"),
    "garbage": ("application/x-www-form-urlencoded", b"%%%&&&==\xff\xfe"),
    "not-utf-8": ("application/x-www-form-urlencoded", b"email=\xff\xfe&name=%FF"),
    "multipart-without-boundary": ("multipart/form-data", b"--x\r\n"),
}

# Only the public site: the admins need a login and have tests of their own.
PRIVATE_PREFIXES = ("admin/", "django-admin/")

# --- Asking, and keeping the answers --------------------------------------------------------------


@dataclass
class Findings:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    addresses: count = field(default_factory=lambda: count(1))

    def ask(self, client: Client, method: str, url: str, **extra) -> int:
        """One request from its own client address (so abuse limits do not hide what the view does)."""
        n = next(self.addresses)
        extra.setdefault("REMOTE_ADDR", f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
        response = getattr(client, method)(url, **extra)
        self.requests += 1
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            cause = repr(exc_info[1])[:200] if exc_info else ""
            headers = {k: v[:40] for k, v in extra.items() if k.startswith("HTTP_")}
            self.errors.append(f"{response.status_code} {method.upper()} {url[:160]} {headers or ''} {cause}")
        return response.status_code

    def report(self) -> str:
        return f"{len(self.errors)} of {self.requests} requests answered 5xx:\n" + "\n".join(self.errors[:60])


@pytest.fixture(scope="module")
def hostile_client() -> Client:
    client = Client(raise_request_exception=False, HTTP_HOST="localhost")
    return client


# --- Every public URL pattern ---------------------------------------------------------------------------


def regex_template(regex: str) -> str:
    """A regex route as text with `{}` where each group was: '^media/(?P<path>.+)$' → 'media/{}'."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth, j = 0, i
            while True:
                if text[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(text[j], 0)
                if depth == 0:
                    break
                j += 1
            out.append("{}")
            i = j + 1
            if i < len(text) and text[i] in "?*+":
                i += 1
        elif char == "\\":
            out.append(text[i + 1])
            i += 2
        elif char in "?*+":
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def pattern_template(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<[^>]+>", "{}", str(pattern))
    assert isinstance(pattern, RegexPattern), pattern
    return regex_template(pattern.regex.pattern)


def public_templates(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every public URL pattern as a path with `{}` for each parameter."""
    resolver = resolver or get_resolver()
    templates = []
    for entry in resolver.url_patterns:
        route = prefix + pattern_template(entry.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            templates += public_templates(entry, route)
        else:
            assert isinstance(entry, URLPattern)
            templates.append(route)
    return templates


def routable_templates() -> list[str]:
    """The routes of the demo's live routable pages: each route once (BasePage's routes serve every page type)."""
    templates, seen = [], set()
    for page in Page.objects.live().specific():
        if not isinstance(page, RoutablePageMixin) or not page.url:
            continue
        for entry in page.get_resolver().url_patterns:
            if entry.callback.__qualname__ not in seen:
                seen.add(entry.callback.__qualname__)
                templates.append(page.url.lstrip("/") + pattern_template(entry.pattern))
    return templates


def fill(template: str, value: str) -> str:
    return "/" + template.replace("{}", value)


def real_addresses() -> list[str]:
    """Public addresses that answer 200 or a redirect: a page of each type, its routes, files, the apps' URLs."""
    from conference.models import ConferencePage
    from flo.models import StatisticsPage
    from podcast.models import PodcastEpisodePage

    urls, seen = ["/", "/sitemap.xml", "/robots.txt", "/abonnement/", "/abonnement/takk/"], set()
    urls += ["/api/statistikk/v1/", "/api/statistikk/v1/figures/", "/api/statistikk/v1/municipalities/"]
    urls += ["/api/statistikk/v1/counties/", "/konferanse-pamelding/send-lenke/"]
    for page in Page.objects.live().public().specific():
        if type(page) not in seen and page.url:
            seen.add(type(page))
            urls.append(page.url)
    urls.append(Page.objects.live().public().filter(depth__gt=2).first().url + "versjoner/")
    statistics = StatisticsPage.objects.live().first()
    if statistics:
        urls += [statistics.url + route for route in ("fylke/03/", "kommune/", "kommune/0301/", "data/", "data/csv/")]
    conference = ConferencePage.objects.live().first()
    if conference:
        urls.append(f"/konferanse-pamelding/{conference.pk}/")
    episode = PodcastEpisodePage.objects.live().first()
    if episode:
        urls += [episode.audio_url(), episode.transcript_url(), episode.chapters_url()]
        urls.append(episode.get_parent().url + "feed/")
    if document := get_document_model().objects.first():
        urls.append(document.url)
    if image := get_image_model().objects.first():
        urls.append(image.file.url)
        urls.append(image.get_rendition("width-400").url)
    return [url.replace("http://localhost", "") for url in dict.fromkeys(urls)]


def test_every_parameter_a_view_reads_is_in_the_table():
    """A view that starts reading a new query parameter gets it fuzzed too."""
    read = set()
    sources = [*ROOT.glob("site/**/*.py"), *ROOT.glob("newsletter/**/*.py"), *ROOT.glob("podcast/**/*.py")]
    sources += [*ROOT.glob("search/**/*.py")]
    for path in sources:
        if "migrations" in path.parts or "admin" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r'\.GET\.get(?:list)?\(\s*"(\w+)"', text))
        read |= set(re.findall(r'\.GET\[\s*"(\w+)"\s*\]', text))
        read |= set(re.findall(r'(?:params\.get|_getlist\(params,)\s*\(?\s*"(\w+)"', text))
    assert read <= set(QUERY_PARAMETERS), read - set(QUERY_PARAMETERS)


def test_the_regex_routes_become_templates():
    assert regex_template(r"^media/(?P<path>.+)$") == "media/{}"
    assert regex_template(r"^lyd/(?P<filename>[^/]+)/?$") == "lyd/{}/"
    assert regex_template(r"^tekstversjon\.(?P<extension>[a-z0-9]+)/?$") == "tekstversjon.{}/"
    assert regex_template(r"^((?:[\w\-]+/)*)$") == "{}"


# --- The fuzz ---------------------------------------------------------------------------------------------


def signup_form(raw: str) -> str:
    """The sign-up form as a person sends it, with every field but the time stamp set to `raw`."""
    stamp = quote(antispam.new_stamp("newsletter", time.time() - 60))
    fields = ("email", "name", "role", "municipality", "language", "topics", "lang", "consent_version")
    return "&".join(f"{name}={raw}" for name in fields) + f"&{antispam.STAMP_FIELD}={stamp}"


def valid_signup(**hostile: str) -> str:
    stamp = quote(antispam.new_stamp("newsletter", time.time() - 60))
    fields = {
        "email": "ola.lege%40example.no",
        "name": "Ola",
        "role": "fastlege",
        "language": "nb",
        "topics": "flo",
        "lang": "nb",
        "consent_version": "1",
        **hostile,
    }
    return "&".join(f"{name}={value}" for name, value in fields.items()) + f"&{antispam.STAMP_FIELD}={stamp}"


def registration_form(raw: str, stamp_form: str = "conference", **fields: str) -> str:
    stamp = quote(antispam.new_stamp(stamp_form, time.time() - 60))
    names = ("name", "email", "organisation", "role", "municipality", "ticket_type", "consent_version", "lang")
    values = dict.fromkeys(names, raw) | fields
    return "&".join(f"{name}={value}" for name, value in values.items()) + f"&{antispam.STAMP_FIELD}={stamp}"


def test_no_public_request_gets_a_server_error(demo_site, hostile_client, settings):
    from conference.models import ConferencePage, TicketType

    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    findings = Findings()
    started = time.monotonic()
    client = hostile_client

    # Path parameters of every public pattern, by GET and POST.
    templates = public_templates() + routable_templates()
    assert len(templates) > 30
    for template in templates:
        for name, raw in HOSTILE.items():
            url = fill(template, raw)
            findings.ask(client, "get", url)
            if name in POSTED:
                findings.ask(client, "post", url, data=b"[]", content_type="application/json")

    print(f"paths: {len(templates)} templates, {findings.requests} requests, {time.monotonic() - started:.1f} s")
    # Every query parameter and header on every real address.
    addresses = real_addresses()
    assert len(addresses) > 20
    for url in addresses:
        assert findings.ask(client, "get", url) < 400, url
        separator = "&" if "?" in url else "?"
        refused = False
        for index, raw in enumerate(HOSTILE.values()):
            query = "&".join(f"{name}={raw}" for name in QUERY_PARAMETERS)
            status = findings.ask(client, "get", f"{url}{separator}{query}", **HEADER_SETS[index % len(HEADER_SETS)])
            refused |= 400 <= status < 500
        if refused:  # one refused parameter may hide what the view does with the others: each alone
            for name in QUERY_PARAMETERS:
                for raw in ALONE:
                    findings.ask(client, "get", f"{url}{separator}{name}={raw}")
        if url.startswith(FILE_PREFIXES) or re.search(FILE_ENDINGS, url):  # files: every header set, GET and HEAD
            for headers in HEADER_SETS:
                findings.ask(client, "get", url, **headers)
                findings.ask(client, "head", url, **headers)

    print(f"addresses: {len(addresses)}, {findings.requests} requests, {time.monotonic() - started:.1f} s")
    # The public forms' POST bodies.
    form = "application/x-www-form-urlencoded"
    conference = ConferencePage.objects.live().first()
    ticket = TicketType.objects.filter(conference=conference).first()
    register = f"/konferanse-pamelding/{conference.pk}/"
    for raw in HOSTILE.values():
        findings.ask(client, "post", "/abonnement/", data=signup_form(raw), content_type=form)
        findings.ask(client, "post", "/abonnement/", data=valid_signup(consent_version=raw), content_type=form)
        findings.ask(client, "post", "/abonnement/", data=valid_signup(topics=raw, municipality=raw), content_type=form)
        findings.ask(client, "post", register, data=registration_form(raw), content_type=form)
        valid = {"name": "Ola", "email": "ola%40example.no", "role": "fastlege", "ticket_type": str(ticket.pk)}
        findings.ask(client, "post", register, data=registration_form(raw, **valid), content_type=form)
        findings.ask(
            client, "post", "/konferanse-pamelding/send-lenke/", data=registration_form(raw), content_type=form
        )
    for content_type, body in RAW_BODIES.values():
        for url in ("/abonnement/", register, "/konferanse-pamelding/send-lenke/", "/api/statistikk/v1/figures/"):
            findings.ask(client, "post", url, data=body, content_type=content_type)

    elapsed = time.monotonic() - started
    print(f"{findings.requests} hostile requests in {elapsed:.1f} s")
    assert not findings.errors, findings.report()
