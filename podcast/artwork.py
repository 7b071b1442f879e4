"""Show artwork as Apple Podcasts requires it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as PILImage

from core import site_address

MIN_SIZE, MAX_SIZE = 1400, 3000


def validate_artwork(image) -> None:
    """Square JPEG or PNG, RGB, between 1400 and 3000 pixels a side."""
    errors = []
    if image.width != image.height:
        errors.append(
            _("Omslagsbildet må være kvadratisk (nå %(w)s × %(h)s piksler).") % {"w": image.width, "h": image.height}
        )
    if not MIN_SIZE <= image.width <= MAX_SIZE:
        errors.append(_("Omslagsbildet må være mellom 1400 og 3000 piksler bredt (nå %(w)s).") % {"w": image.width})
    try:
        with image.open_file() as handle, PILImage.open(handle) as pil:
            if pil.format not in ("JPEG", "PNG"):
                errors.append(_("Omslagsbildet må være JPEG eller PNG."))
            if pil.mode not in ("RGB",):
                errors.append(_("Omslagsbildet må være i RGB-fargerom (nå %(mode)s).") % {"mode": pil.mode})
    except (OSError, ValueError):
        errors.append(_("Omslagsbildet kunne ikke leses."))
    if errors:
        raise ValidationError({"artwork": errors})


def artwork_rendition_url(image, request=None) -> str:
    """A square rendition whose URL ends in .jpg or .png, as Apple wants."""
    spec = "fill-3000x3000" if image.width >= 3000 else f"fill-{image.width}x{image.width}"
    rendition = image.get_rendition(f"{spec}|format-jpeg|jpegquality-90")
    url = rendition.url
    if request is not None:
        url = site_address.absolute(url)
    return url
