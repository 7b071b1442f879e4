"""Plain text from the little HTML that mail rich text allows: paragraphs, lists, links, emphasis."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h2", "h3", "h4", "ul", "ol", "table", "tr"}


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # a counter per open list: [0] unordered, [n] ordered
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.out.append("\n\n")
        if tag == "br":
            self.out.append("\n")
        elif tag == "ul":
            self.lists.append([0])
        elif tag == "ol":
            self.lists.append([1])
        elif tag == "li":
            indent = "  " * max(len(self.lists) - 1, 0)
            counter = self.lists[-1] if self.lists else [0]
            bullet = f"{counter[0]}. " if counter[0] else "- "
            if counter[0]:
                counter[0] += 1
            self.out.append(f"\n{indent}{bullet}")
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
            self.link_text = []

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip()
            if self.href and self.href != text:
                self.out.append(f" ({self.href})")
            self.href = None
        if tag in _BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data):
        data = re.sub(r"\s+", " ", data)
        self.out.append(data)
        if self.href is not None:
            self.link_text.append(data)


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html or "")
    writer.close()
    text = "".join(writer.out)
    lines = [line.strip() if not line.lstrip().startswith(("- ", "1")) else line.rstrip() for line in text.split("\n")]
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
