"""Footnotes numbered per page and linked both ways.

Editors write a marker such as ``[^kilde]`` in rich text and add the footnote's text
under the same key in the page's footnote panel. Numbers follow the order in which
the markers first appear in the body, so they stay right when text moves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import escape

KEY_PATTERN = r"[\w\-]{1,40}"
MARKER = re.compile(rf"\[\^({KEY_PATTERN})\]")


@dataclass
class FootnoteNumbering:
    """Footnote numbers for one page, keyed by the editor's marker key."""

    numbers: dict[str, int] = field(default_factory=dict)
    known_keys: set[str] = field(default_factory=set)
    # Keys whose first reference has been rendered: that one carries the back-link id.
    rendered: set[str] = field(default_factory=set)

    def number_for(self, key: str) -> int | None:
        return self.numbers.get(key)


def markers_in(texts: Iterable[str]) -> list[str]:
    """Return marker keys in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in MARKER.finditer(text or ""):
            seen.setdefault(match.group(1), None)
    return list(seen)


def number_footnotes(texts: Iterable[str], known_keys: Iterable[str]) -> FootnoteNumbering:
    """Number the markers that have a footnote, in reading order."""
    known = set(known_keys)
    numbering = FootnoteNumbering(known_keys=known)
    for key in markers_in(texts):
        if key in known:
            numbering.numbers[key] = len(numbering.numbers) + 1
    # Footnotes nobody refers to still appear, after the referenced ones.
    return numbering


def link_footnote_references(html: str, numbering: FootnoteNumbering | None) -> str:
    """Replace markers in rendered HTML with numbered links to the footnote list.

    The first reference to a note gets the id the note links back to; later
    references to the same note link forward only, so ids stay unique.
    """
    if numbering is None:
        return html

    def replace(match: re.Match) -> str:
        key = match.group(1)
        number = numbering.number_for(key)
        if number is None:
            return match.group(0)
        ref_id = f' id="fnref-{number}"' if key not in numbering.rendered else ""
        numbering.rendered.add(key)
        return (
            f'<sup class="footnote-ref"><a class="ds-link" href="#fn-{number}"{ref_id} '
            f'aria-describedby="footnotes-heading">{escape(str(number))}</a></sup>'
        )

    return MARKER.sub(replace, html)


def one_footnote_per_key(footnotes: list) -> list:
    """The page's footnotes with each key once: what the editor posted wins, in the stored row.

    A form posted before the browser heard autosave's answer carries a footnote that
    autosave has just stored, but without its id: modelcluster then keeps the stored one
    (not in the post, so not deleted) and adds the posted one. The posted one (no id yet)
    is what the editor sees, so it stays, in the posted place, and takes over the stored
    one's id, so that saving updates that row instead of inserting a second.
    """
    by_key: dict[str, list] = {}
    for note in footnotes:
        by_key.setdefault(note.key, []).append(note)
    kept = []
    for note in footnotes:
        same_key = by_key[note.key]
        if len(same_key) == 1:
            kept.append(note)
            continue
        posted = [n for n in same_key if n.pk is None] or same_key
        winner = posted[-1]
        if note is not winner:
            continue
        stored = next((n for n in same_key if n.pk is not None), None)
        if winner.pk is None and stored is not None:
            winner.pk = stored.pk
        kept.append(winner)
    return kept
