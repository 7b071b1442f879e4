"""MJML to HTML with mjml-python, configured so that a mail loads nothing from elsewhere."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from mjml import mjml2html

_EXTERNAL_URL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(https?:)?//([^/"'\s)]+)""", re.IGNORECASE)


def mjml_to_html(source: str) -> str:
    """Render MJML; `fonts={}` stops the Google font link, and no social icons are used."""
    return mjml2html(source, disable_comments=True, fonts={})


def render_mjml_template(template_name: str, context: dict) -> str:
    return mjml_to_html(render_to_string(template_name, context))


def external_hosts(html: str) -> set[str]:
    """Hosts that the HTML would load or link to (for tests and the preview's warning)."""
    return {match.group(2).lower() for match in _EXTERNAL_URL.finditer(html)}
