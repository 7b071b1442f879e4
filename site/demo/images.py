"""Illustrations drawn with Pillow, so the demo needs no downloads and no licences.

Each picture is drawn from a fixed seed: the same spec always gives the same file.
Alt texts describe what is actually drawn, since these are illustrations, not photos.
"""

from __future__ import annotations

import io
import logging
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.models import Collection

logger = logging.getLogger(__name__)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    description: str  # the default alt text
    kind: str  # "landscape", "portrait" or "pattern"
    palette: tuple[RGB, ...]
    seed: int
    size: tuple[int, int] = (1600, 900)
    water: bool = True  # landscapes: sunlight glitters on water, not on a meadow


# Palettes: sky top, sky horizon, far ridge, near ridge, water or ground.
FJORD_DAWN = ((46, 64, 122), (244, 178, 134), (96, 104, 150), (42, 58, 88), (58, 92, 128))
WINTER_DAY = ((120, 170, 220), (226, 238, 246), (180, 196, 214), (236, 242, 248), (204, 218, 230))
SUMMER_COAST = ((70, 140, 210), (190, 226, 240), (70, 120, 90), (40, 90, 60), (40, 110, 150))
MIDNIGHT_SUN = ((40, 30, 90), (250, 150, 90), (90, 60, 110), (40, 30, 60), (120, 70, 100))
AUTUMN_VALLEY = ((96, 140, 190), (236, 210, 170), (150, 110, 70), (110, 60, 40), (90, 110, 60))

IMAGES: tuple[ImageSpec, ...] = (
    ImageSpec(
        "fjord",
        "Fjord i morgenlys",
        "Illustrasjon: fjellrygger ved en fjord i rosa morgenlys.",
        "landscape",
        FJORD_DAWN,
        11,
    ),
    ImageSpec(
        "vinter",
        "Fjellbygd om vinteren",
        "Illustrasjon: snødekte fjell under en lys vinterhimmel.",
        "landscape",
        WINTER_DAY,
        23,
    ),
    ImageSpec(
        "kyst",
        "Kysten om sommeren",
        "Illustrasjon: grønne åser ned mot blått hav en sommerdag.",
        "landscape",
        SUMMER_COAST,
        37,
    ),
    ImageSpec(
        "midnattssol",
        "Midnattssol i nord",
        "Illustrasjon: lav sol over mørke fjell og hav i nord.",
        "landscape",
        MIDNIGHT_SUN,
        41,
    ),
    ImageSpec(
        "dal",
        "Dalføre om høsten",
        "Illustrasjon: et dalføre i høstfarger med fjell i bakgrunnen.",
        "landscape",
        AUTUMN_VALLEY,
        53,
        water=False,
    ),
    ImageSpec(
        "portrett-ingrid",
        "Portrett: Ingrid Solberg",
        "Tegnet portrett av fastlege Ingrid Solberg.",
        "portrait",
        ((214, 228, 240), (64, 92, 140), (236, 196, 170), (120, 80, 50)),
        61,
        (600, 600),
    ),
    ImageSpec(
        "portrett-amir",
        "Portrett: Amir Haddad",
        "Tegnet portrett av fastlege Amir Haddad.",
        "portrait",
        ((240, 226, 206), (46, 110, 100), (176, 128, 96), (40, 32, 30)),
        67,
        (600, 600),
    ),
    ImageSpec(
        "portrett-sigrid",
        "Portrett: Sigrid Nygaard",
        "Teikna portrett av fastlege Sigrid Nygaard.",
        "portrait",
        ((226, 236, 214), (150, 60, 70), (240, 206, 182), (200, 170, 110)),
        71,
        (600, 600),
    ),
    ImageSpec(
        "portrett-jonas",
        "Portrett: Jonas Eriksen",
        "Tegnet portrett av lege i spesialisering Jonas Eriksen.",
        "portrait",
        ((222, 222, 238), (70, 70, 90), (230, 190, 160), (150, 100, 60)),
        79,
        (600, 600),
    ),
    ImageSpec(
        "samarbeid",
        "Samarbeid",
        "Illustrasjon: fargede sirkler som overlapper hverandre.",
        "pattern",
        ((30, 70, 120), (0, 140, 150), (250, 190, 60), (230, 110, 90)),
        83,
        (900, 900),
    ),
    ImageSpec(
        "nettverk",
        "Nettverk",
        "Illustrasjon: punkter forbundet med linjer, som et nettverk.",
        "pattern",
        ((20, 40, 60), (120, 200, 210), (240, 240, 240), (250, 170, 80)),
        89,
        (900, 900),
    ),
)


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> PILImage.Image:
    """A vertical gradient: Pillow's built-in ramp stretched, which is much faster than per-pixel drawing."""
    mask = PILImage.linear_gradient("L").resize(size)
    return PILImage.composite(PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), mask)


def _ridge(rng: random.Random, width: int, base: float, amplitude: float, steps: int = 14) -> list[tuple[float, float]]:
    points = [(0.0, base)]
    y = base
    for i in range(1, steps + 1):
        y = min(max(y + rng.uniform(-amplitude, amplitude), base - amplitude * 1.6), base + amplitude * 0.6)
        points.append((width * i / steps, y))
    return points


def _draw_landscape(spec: ImageSpec) -> PILImage.Image:
    rng = random.Random(spec.seed)  # noqa: S311 - seeded on purpose: the same picture every time
    width, height = spec.size
    sky_top, horizon, far, near, water = spec.palette
    image = _gradient(spec.size, sky_top, horizon)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, sun_r = rng.uniform(0.2, 0.8) * width, height * rng.uniform(0.25, 0.45), height * 0.08
    draw.ellipse((sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=(255, 236, 200))
    shoreline = height * 0.72
    for colour, base, amplitude in ((far, height * 0.52, height * 0.09), (near, height * 0.64, height * 0.06)):
        ridge = _ridge(rng, width, base, amplitude)
        draw.polygon([*ridge, (width, shoreline), (0, shoreline)], fill=colour)
    draw.rectangle((0, shoreline, width, height), fill=water)
    # Light on the water: short horizontal strokes under the sun.
    for _ in range(40 if spec.water else 0):
        y = rng.uniform(shoreline + 8, height)
        x = sun_x + rng.gauss(0, width * 0.06)
        length = rng.uniform(20, 90)
        draw.line((x - length / 2, y, x + length / 2, y), fill=(255, 230, 200), width=2)
    return image.filter(ImageFilter.SMOOTH)


def _draw_portrait(spec: ImageSpec) -> PILImage.Image:
    width, height = spec.size
    background, clothes, skin, hair = spec.palette
    image = _gradient(spec.size, background, tuple(max(c - 30, 0) for c in background))
    draw = ImageDraw.Draw(image)
    cx = width / 2
    draw.ellipse((cx - width * 0.38, height * 0.68, cx + width * 0.38, height * 1.3), fill=clothes)
    draw.rectangle((cx - width * 0.07, height * 0.55, cx + width * 0.07, height * 0.72), fill=skin)
    draw.ellipse((cx - width * 0.2, height * 0.14, cx + width * 0.2, height * 0.52), fill=hair)
    draw.ellipse((cx - width * 0.17, height * 0.2, cx + width * 0.17, height * 0.6), fill=skin)
    draw.chord((cx - width * 0.19, height * 0.12, cx + width * 0.19, height * 0.42), 180, 360, fill=hair)
    # A white coat collar and a stethoscope: it is a GP after all.
    draw.polygon(
        [(cx - width * 0.16, height * 0.72), (cx, height * 0.86), (cx - width * 0.04, height * 0.7)], fill="white"
    )
    draw.polygon(
        [(cx + width * 0.16, height * 0.72), (cx, height * 0.86), (cx + width * 0.04, height * 0.7)], fill="white"
    )
    draw.arc((cx - width * 0.14, height * 0.7, cx + width * 0.14, height * 0.98), 20, 160, fill=(60, 60, 60), width=6)
    return image.filter(ImageFilter.SMOOTH)


def _draw_pattern(spec: ImageSpec) -> PILImage.Image:
    rng = random.Random(spec.seed)  # noqa: S311 - seeded on purpose: the same picture every time
    width, height = spec.size
    background, *colours = spec.palette
    image = PILImage.new("RGB", spec.size, background)
    draw = ImageDraw.Draw(image, "RGBA")
    points = [(rng.uniform(0.1, 0.9) * width, rng.uniform(0.1, 0.9) * height) for _ in range(14)]
    for i, (x, y) in enumerate(points):
        for x2, y2 in points[i + 1 : i + 3]:
            draw.line((x, y, x2, y2), fill=(*colours[1], 120), width=4)
    for i, (x, y) in enumerate(points):
        radius = rng.uniform(0.04, 0.16) * width
        colour = colours[i % len(colours)]
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*colour, 150))
    return image


DRAWERS = {"landscape": _draw_landscape, "portrait": _draw_portrait, "pattern": _draw_pattern}


def render(spec: ImageSpec) -> bytes:
    """Draw one illustration and return it as JPEG bytes."""
    buffer = io.BytesIO()
    DRAWERS[spec.kind](spec).save(buffer, format="JPEG", quality=84, optimize=True)
    return buffer.getvalue()


def ensure_images(collection: Collection) -> dict:
    """Return the demo images by key, drawing only those not already in the collection."""
    image_model = get_image_model()
    existing = {image.title: image for image in image_model.objects.filter(collection=collection)}
    has_description = any(field.name == "description" for field in image_model._meta.get_fields())
    images = {}
    for spec in IMAGES:
        image = existing.get(spec.title)
        if image is None:
            image = image_model(title=spec.title, collection=collection)
            if has_description:
                image.description = spec.description
            image.file = ImageFile(io.BytesIO(render(spec)), name=f"demo-{spec.key}.jpg")
            image._set_image_file_metadata()
            image.save()
            logger.debug("Drew demo image %s", spec.key)
        images[spec.key] = image
    return images
