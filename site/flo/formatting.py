"""Numbers as people read them in the page's language: 1 234 and 12,3 % in Norwegian."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .indicators import BY_KEY, Indicator


def format_number(value: int | Decimal | float | None, decimals: int = 0) -> str:
    """Grouped and rounded half up, as statistics are: 12,25 → 12,3."""
    if value is None:
        return "–"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimals, use_l10n=True, force_grouping=True)


def format_figure(value: int | Decimal | None, indicator: Indicator | str) -> str:
    """A figure with its unit, or a dash when it cannot be computed (nothing to divide by)."""
    indicator = BY_KEY[indicator] if isinstance(indicator, str) else indicator
    if value is None:
        return "–"
    text = format_number(value, indicator.decimals)
    return f"{text}\u00a0%" if indicator.unit == "%" else text


def format_change(value: int | Decimal | None, indicator: Indicator) -> str:
    """A change with its sign: +12, −0,4 prosentpoeng."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "±")
    text = format_number(abs(value), indicator.decimals)
    if indicator.unit == "%":
        return f"{sign}{text} " + _("percentage points")
    return f"{sign}{text}"
