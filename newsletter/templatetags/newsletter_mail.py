"""Template helpers for mail: absolute links and images, rich text as mail HTML and as plain text."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

from ..links import absolute
from ..plaintext import html_to_text

register = template.Library()

_RELATIVE_ATTR = re.compile(r"""(\s(?:href|src)=")(/[^"]*)\"""")
_LINK = re.compile(r"<a\s")


def _root(context) -> str | None:
    return context.get("root")


def absolutise(html: str, root: str | None) -> str:
    """Make every href and src absolute: a mail has no "current site" to resolve them against."""
    return _RELATIVE_ATTR.sub(lambda m: f'{m.group(1)}{absolute(m.group(2), root)}"', html)


@register.simple_tag(takes_context=True)
def mail_richtext(context, value) -> SafeString:
    html = expand_db_html(getattr(value, "source", value) or "")
    html = absolutise(html, _root(context))
    html = _LINK.sub('<a style="color:#0a5a9c" ', html)
    html = html.replace("<p>", '<p style="margin:0 0 12px">')
    return mark_safe(html)  # noqa: S308  (rich text is sanitised by Wagtail's editor whitelist)


@register.simple_tag(takes_context=True)
def text_richtext(context, value) -> str:
    html = expand_db_html(getattr(value, "source", value) or "")
    return html_to_text(absolutise(html, _root(context)))


@register.simple_tag(takes_context=True)
def mail_image_url(context, image, spec: str = "width-1200") -> str:
    if image is None:
        return ""
    return absolute(image.get_rendition(spec).url, _root(context))


@register.simple_tag
def issue_key_figures(value, page):
    """Key figures for a block on an issue page: the block's month, else the issue's."""
    return value.figures_for(getattr(page, "issue_month", None))
