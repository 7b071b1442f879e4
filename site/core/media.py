"""Serving uploaded media on one machine, with HEAD and byte ranges.

In production behind nginx or with object storage, the web server or the bucket
serves MEDIA_URL and this view is never reached (set SERVE_MEDIA=false). On the
embedded default it is what serves images, renditions and audio, correctly.
Documents are never served from here: Wagtail's document view applies privacy.
"""

from __future__ import annotations

import mimetypes
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from .ranges import ranged_file_response

# Documents go through Wagtail's serve view, which checks collection privacy.
PRIVATE_PREFIXES = ("documents/",)


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    if path.startswith(PRIVATE_PREFIXES) or path.endswith("/"):
        raise Http404
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation as error:  # ../ and absolute paths
        raise Http404 from error
    if not os.path.isfile(full_path):
        raise Http404
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    stat = os.stat(full_path)
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if not_modified is not None:
        return not_modified
    response = ranged_file_response(
        request, full_path, content_type=content_type, size=stat.st_size, last_modified=stat.st_mtime, etag=etag
    )
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
