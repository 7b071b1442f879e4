"""An episode's show notes as Apple Podcasts takes them: p, ol, ul, li and a[href], within 4000 bytes.

The cleaner is one regular-expression pass over the HTML rather than html.parser, which
spent more time per note than the rest of a feed item together. It never echoes input
markup: every tag it writes is one of its own, every text is escaped again and every link
is an absolute http(s) or mailto address, so odd or hostile input can lose formatting but
never smuggle markup into the feed.
"""

from __future__ import annotations

import re
from html import escape, unescape
from urllib.parse import urljoin

from wagtail.rich_text import expand_db_html

DESCRIPTION_MAX_BYTES = 4000
ALLOWED_TAGS = frozenset({"p", "ol", "ul", "li", "a"})
# Dropped with everything inside them; script and style hold raw text up to their end tag.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "template", "noscript", "svg", "math"})
RAW_TEXT = frozenset({"script", "style"})
SAFE_URL_SCHEMES = ("http://", "https://", "mailto:")

_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)                     # a comment, even an unclosed one
      | <(?P<end>/?)(?P<tag>[a-zA-Z][^\s/<>]*)  # the start of a tag; its attributes are read by _ATTRIBUTES
      | <[!?][^>]*>?                           # doctype, CDATA, processing instruction
      | (?P<text>[^<]+|<)                      # text, or a < that opens no tag
    """,
    re.S | re.X,
)
# A tag's attributes up to its ">" (which may stand inside quotes), read at most MAX_TAG_LENGTH
# characters far: a run of unclosed tags or quotes then costs linear time, not quadratic.
_ATTRIBUTES = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
MAX_TAG_LENGTH = 1024
_HREF = re.compile(r"""(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in RAW_TEXT}
# Characters XML 1.0 cannot hold, not even in CDATA: a pasted control character must not break the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]*>")


def xml_text(text: str) -> str:
    """Text without the characters XML cannot carry."""
    return _NOT_XML.sub("", text) if text else text


def truncate_utf8(text: str, max_bytes: int = DESCRIPTION_MAX_BYTES) -> str:
    """Cut text to at most max_bytes of UTF-8 without splitting a character (æ, ø and å take two)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    ellipsis = "…" if max_bytes >= len("…".encode()) else ""
    cut = encoded[: max_bytes - len(ellipsis.encode())].decode("utf-8", errors="ignore")
    return cut.rstrip() + ellipsis


def _safe_href(attrs: str, base_url: str) -> str:
    """The tag's href made absolute against base_url, or "" when it is no http(s) or mailto link."""
    found = _HREF.search(attrs)
    if not found:
        return ""
    href = unescape(next(value for value in found.groups() if value is not None)).strip()
    if href and base_url and not href.lower().startswith(SAFE_URL_SCHEMES):
        # A link to one of our pages or documents is relative; a podcast app has no page to resolve it against.
        href = urljoin(base_url, href)
    return href if href.lower().startswith(SAFE_URL_SCHEMES) else ""


def apple_html(html: str, base_url: str = "") -> str:
    """HTML reduced to what Apple Podcasts shows: p, ol, ul, li and a with href (made absolute against base_url).

    Other tags go but keep their text; script, style and embedded objects go with their content;
    a link without a usable address keeps only its text; tags left open are closed.
    """
    parts: list[str] = []
    open_tags: list[str] = []  # "" marks a link that was dropped but whose end tag will come
    skipping: list[str] = []
    position, length = 0, len(html or "")
    last_close = (html or "").rfind(">")  # no tag starts after it
    while position < length:
        token = _TOKEN.match(html, position)
        position = token.end()
        text = token.group("text")
        if text is not None:
            if not skipping:
                parts.append(escape(unescape(text), quote=False))
            continue
        tag = (token.group("tag") or "").lower()
        if not tag:
            continue  # a comment or declaration
        attributes = (
            _ATTRIBUTES.match(html, position, min(length, position + MAX_TAG_LENGTH))
            if position <= last_close
            else None
        )
        if attributes is None:  # no end to this tag: the "<" was text
            if not skipping:
                parts.append("&lt;")
            position = token.start() + 1
            continue
        position = attributes.end()
        attrs = attributes.group()[:-1]
        closing = bool(token.group("end"))
        if tag in DROPPED_WITH_CONTENT:
            if closing:
                if tag in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(tag) :]
            elif not attrs.rstrip().endswith("/"):
                if tag in RAW_TEXT:
                    end = _RAW_TEXT_END[tag].search(html, position)
                    position = end.end() if end else length
                else:
                    skipping.append(tag)
            continue
        if skipping:
            continue
        if tag not in ALLOWED_TAGS:
            if tag == "br" and not closing:
                parts.append(" ")
            continue
        if closing:
            if tag in open_tags or (tag == "a" and "" in open_tags):
                while open_tags:
                    current = open_tags.pop()
                    if current:
                        parts.append(f"</{current}>")
                    if current == tag or (current == "" and tag == "a"):
                        break
            continue
        if tag == "a":
            href = _safe_href(attrs, base_url)
            if not href:
                open_tags.append("")
                continue
            parts.append(f'<a href="{escape(href)}">')
        else:
            parts.append(f"<{tag}>")
        open_tags.append(tag)
    parts.extend(f"</{tag}>" for tag in reversed(open_tags) if tag)
    return xml_text("".join(parts).replace("]]>", "]]&gt;").strip())


def _escaped_within(text: str, max_bytes: int) -> str:
    """Text escaped for HTML and cut to max_bytes, never through the middle of an entity (&amp;)."""
    html = escape(text, quote=False)
    if len(html.encode("utf-8")) <= max_bytes:
        return html
    cut = truncate_utf8(html, max_bytes)
    entity = cut.rfind("&")
    if entity != -1 and ";" not in cut[entity:]:
        cut = cut[:entity].rstrip() + "…"
    return cut


def expand_notes(show_notes: str) -> str:
    """Wagtail's stored rich text with its page, document and embed references turned into HTML.

    Notes without such references (most of them) are returned as they are: expanding costs
    more than cleaning.
    """
    if "linktype" in show_notes or "embedtype" in show_notes:
        return expand_db_html(show_notes)
    return show_notes


def description_html(show_notes: str, summary: str, title: str, base_url: str = "") -> str:
    """The item description: cleaned show notes within Apple's 4000 bytes, else the summary or title.

    Cutting HTML in the middle could leave tags open, so notes that are too long become
    plain text cut at a character boundary instead.
    """
    notes = apple_html(expand_notes(show_notes), base_url) if show_notes else ""
    if notes and len(notes.encode("utf-8")) <= DESCRIPTION_MAX_BYTES:
        return notes
    if notes:
        text = _SPACES.sub(" ", unescape(_TAGS.sub("", notes))).strip()
        return f"<p>{_escaped_within(text, DESCRIPTION_MAX_BYTES - len('<p></p>'))}</p>"
    return f"<p>{escape(xml_text(summary or title), quote=False)}</p>"
