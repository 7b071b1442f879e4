"""Serving uploaded media on one machine, with HEAD and byte ranges.

In production behind nginx, the web server serves MEDIA_URL and this view is never
reached (set SERVE_MEDIA=false). With object storage (MEDIA_STORAGE=s3) nothing is on
local disk: image URLs point at the bucket or its custom domain (core/s3_storage.py) and
production turns this view off. On the embedded default it is what serves images and
renditions, correctly.

Only the image folders are public. Documents are served by Wagtail's document view,
which applies collection privacy; podcast audio, transcripts and chapters by their
episode's own addresses, which answer only for a live, public episode; anything else
under MEDIA_ROOT is nobody's business. The decision is made on the resolved path
(dot segments, double slashes and symlinks followed, relative to the real MEDIA_ROOT),
and only a request that names that path exactly is served: ``./documents/x``,
``images/../documents/x`` and a symlink in ``images/`` pointing elsewhere all get 404.
"""

from __future__ import annotations

import mimetypes
import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from .media_storage import PUBLIC_FOLDERS
from .ranges import ranged_file_response


def public_media_path(path: str) -> str | None:
    """The absolute path of a public file that the URL path names exactly, or None.

    `path` is the part after MEDIA_URL, percent-decoded once by the server. A "%" left
    in it (double encoding), a backslash or a control character is never part of a
    stored name (Django's storage removes them), so such a request names nothing.
    """
    if not path or "%" in path or "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        return None
    root = os.path.realpath(settings.MEDIA_ROOT)
    resolved = os.path.realpath(os.path.join(root, path))
    relative = os.path.relpath(resolved, root)
    if relative != path:
        return None  # a dot segment, a double or trailing slash, a symlink, or outside MEDIA_ROOT
    if relative.split(os.sep, 1)[0] not in PUBLIC_FOLDERS or os.sep not in relative:
        return None
    return resolved if os.path.isfile(resolved) else None


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    full_path = public_media_path(path)
    if full_path is None:
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
