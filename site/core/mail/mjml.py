"""MJML to HTML with mjml-python, configured so that a mail loads nothing from elsewhere."""

from __future__ import annotations

from django.template.loader import render_to_string
from mjml import mjml2html


def mjml_to_html(source: str) -> str:
    """Render MJML; `fonts={}` stops the Google font link, and no social icons are used."""
    return mjml2html(source, disable_comments=True, fonts={})


def render_mjml_template(template_name: str, context: dict) -> str:
    return mjml_to_html(render_to_string(template_name, context))
