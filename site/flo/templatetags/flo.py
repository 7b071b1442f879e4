"""Template tags for the statistics: figures formatted in the page's language."""

from __future__ import annotations

from django import template

from flo.figures import Figures
from flo.formatting import format_figure
from flo.indicators import Indicator

register = template.Library()


@register.simple_tag
def figure(figures: Figures | None, indicator: Indicator) -> str:
    """One figure, rounded and formatted as everywhere else on the site."""
    return format_figure(figures.rounded(indicator) if figures else None, indicator)
