"""Colour contrast (WCAG 2.1): the accent colour from the site settings must be readable on white."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# SC 1.4.3: normal text needs 4.5:1 against its background.
MINIMUM_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    """The relative luminance of a #rrggbb colour, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value: str) -> None:
    """A #rrggbb colour that text and links in it can be read on white (4.5:1)."""
    if not HEX_COLOUR.match(value):
        raise ValidationError(_("Skriv fargen som #rrggbb, for eksempel #1f4e79."), code="format")
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _("Kontrasten mot hvitt er %(ratio).1f:1; den må være minst 4,5:1. Velg en mørkere farge."),
            code="contrast",
            params={"ratio": ratio},
        )
