"""`{% stored_image %}`: Wagtail's `{% image %}`, without rewriting the rendition cache.

Wagtail's `get_rendition()` writes the rendition to the cache on every call, found or
not; with the file cache on one machine that is a file written and renamed per image per
request, the largest single cost of rendering the home page. This tag reads a prefetched
rendition, or the cached one, and only when neither exists asks `get_rendition()`, which
finds it in the database (or makes it) and caches it once. The cache key is Wagtail's own
(image, file hash, focal point, filter), so a replaced file or a moved focal point is a
new key: nothing read here can be stale. A rendition read from the cache is also kept in
this process's memory, under that key and the media version, which a rendition deleted on
its own renews (core/signals.py).
"""

from __future__ import annotations

import copy

from django import template
from django.template.base import Token
from wagtail.images.models import AbstractImage, AbstractRendition, Filter
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import ImageNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

from core.cache_versions import KeptInProcess, current_version
from core.signals import MEDIA_VERSION_KEY

register = template.Library()

# Renditions kept in memory, apart from other values so that a site with many images does
# not push out the furniture; a rendition is well under a kilobyte.
kept_renditions = KeptInProcess(size=4096)


def stored_rendition(image: AbstractImage, spec: Filter | str) -> AbstractRendition:
    """The image's rendition for `spec`, from the prefetched renditions, the cache or the database."""
    wanted = image.clean_filter_for_svg(spec if isinstance(spec, Filter) else Filter(spec=spec))
    if image._get_prefetched_renditions() is not None:
        found = image.find_existing_renditions(wanted).get(wanted)
        if found is not None:
            return found
    else:
        model = image.get_rendition_model()
        key = model.construct_cache_key(image, wanted.get_cache_key(image), wanted.spec)
        kept = kept_renditions.get(f"{current_version(MEDIA_VERSION_KEY)}:{key}", lambda: model.cache_backend.get(key))
        if kept is not None:
            rendition = copy.copy(kept)  # shared by every request of the process: never changed
            rendition.image = image  # as Wagtail does: the caller's image, with its alt text
            return rendition
    return get_rendition_or_not_found(image, wanted)


class StoredImageNode(ImageNode):
    def render(self, context) -> str:
        image = self.validate_image(context)
        if not image:
            return ""
        rendition = stored_rendition(image, self.get_filter())
        if self.output_var_name:
            context[self.output_var_name] = rendition
            return ""
        return rendition.img_tag({name: value.resolve(context) for name, value in self.attrs.items()})


@register.tag
def stored_image(parser, token) -> StoredImageNode:
    """Takes what `{% image %}` takes (one filter spec, attributes, `as name`), parsed by Wagtail."""
    rest = token.contents.partition(" ")[2]
    as_image = Token(token.token_type, f"image {rest}", token.position, token.lineno)
    node = parse_image_tag(parser, as_image)
    return StoredImageNode(node.image_expr, node.filter_specs, output_var_name=node.output_var_name, attrs=node.attrs)
