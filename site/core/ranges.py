"""A file response that answers HEAD and single byte ranges, for the embedded default.

Django's FileResponse and static.serve ignore Range, and podcast apps and browsers
need it to seek. In production nginx or the object storage serves the files
(X-Accel-Redirect or direct URLs); this is the fallback that is always correct.
Multiple ranges (``bytes=0-1,5-6``) get the whole file with 200, which RFC 9110 allows.

The header comes from anyone: only ASCII digits count as digits (``int()`` takes "３" and
refuses "²", which ``str.isdigit()`` accepts), a header longer than MAX_RANGE_HEADER is
ignored, and a number longer than any file size is read as "beyond the end" without ever
being converted, so no header can raise (``int()`` refuses strings over 4,300 digits).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date, parse_http_date_safe

from .numbers import parse_number
from .text import ascii_filename

CHUNK_SIZE = 64 * 1024
# A single range is "bytes=<first>-<last>" with two 18-digit numbers at most: anything
# much longer is not a range a player sends, and is ignored (the whole file).
MAX_RANGE_HEADER = 200
# 18 digits cover every file size (under an exabyte); more significant digits are "beyond the end".
MAX_POSITION_DIGITS = 18
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)")
_BEYOND = -1  # a position too long to be a byte in any file


def _position(digits: str) -> int:
    """ASCII digits (the pattern allows no others) as a byte position, or _BEYOND when there
    are more than any file has."""
    position = parse_number(digits.lstrip("0") or "0", max_digits=MAX_POSITION_DIGITS)
    return _BEYOND if position is None else position


def parse_range(header: str, size: int) -> tuple[int, int] | str | None:
    """(first, last) byte of a single satisfiable range, None to send everything, or "unsatisfiable"."""
    if len(header) > MAX_RANGE_HEADER:
        return None
    match = _RANGE.fullmatch(header.replace(" ", ""))
    if not match:
        return None  # malformed, another unit, non-ASCII digits, or several ranges: send the whole file
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes, all of them if N is more than the file has
        length = _position(last)
        if length == 0 or not size:
            return "unsatisfiable"
        return (0 if length == _BEYOND else max(0, size - length)), size - 1
    start = _position(first)
    if start == _BEYOND or start >= size:
        return "unsatisfiable"
    if not last:
        return start, size - 1
    end = _position(last)
    if end == _BEYOND:
        return start, size - 1  # past the end: up to the end
    if end < start:
        return None  # invalid per RFC 9110: ignore the header
    return start, min(end, size - 1)


def ranged_file_response(
    request: HttpRequest,
    file_obj_or_path,
    *,
    content_type: str,
    size: int | None = None,
    filename: str | None = None,
    last_modified: datetime | float | None = None,
    etag: str | None = None,
) -> HttpResponse:
    """200, 206 or 416 for GET; the same headers without a body for HEAD. Streams in chunks."""
    opened_here = isinstance(file_obj_or_path, (str, os.PathLike))
    fileobj = open(file_obj_or_path, "rb") if opened_here else file_obj_or_path  # noqa: SIM115 (closed by the response)
    if size is None:
        size = _size_of(fileobj)
    last_modified_header = _http_date(last_modified)

    byte_range = None
    range_header = request.headers.get("Range")
    if range_header and _if_range_matches(request, etag, last_modified_header):
        byte_range = parse_range(range_header, size)

    if byte_range == "unsatisfiable":
        _close(fileobj, opened_here)
        response = HttpResponse(b"Range Not Satisfiable\n", status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{size}"
        response["Cache-Control"] = "no-store"  # the file may grow; a refusal is not worth keeping
        response["Accept-Ranges"] = "bytes"
        return response

    if byte_range is None:
        status, start, length = 200, 0, size
    else:
        status, start, length = 206, byte_range[0], byte_range[1] - byte_range[0] + 1

    if request.method == "HEAD":
        _close(fileobj, opened_here)
        response = HttpResponse(status=status, content_type=content_type)
    else:
        response = StreamingHttpResponse(_chunks(fileobj, start, length), status=status, content_type=content_type)
        # Django closes these when the response is closed, also if the client goes away.
        response._resource_closers.append(fileobj.close)
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
    if filename:
        stem, extension = os.path.splitext(filename)
        response["Content-Disposition"] = f'inline; filename="{ascii_filename(stem, extension or "bin")}"'
    if last_modified_header:
        response["Last-Modified"] = last_modified_header
    if etag:
        response["ETag"] = etag
    return response


def _chunks(fileobj, start: int, length: int) -> Iterator[bytes]:
    fileobj.seek(start)
    remaining = length
    while remaining > 0:
        chunk = fileobj.read(min(CHUNK_SIZE, remaining))
        if not chunk:
            break
        remaining -= len(chunk)
        yield chunk


def _if_range_matches(request: HttpRequest, etag: str | None, last_modified: str | None) -> bool:
    """Honour Range only if If-Range (when sent) still names this version of the file."""
    if_range = request.headers.get("If-Range")
    if not if_range:
        return True
    if if_range.startswith(('"', "W/")):
        return bool(etag) and not etag.startswith("W/") and if_range == etag
    if not last_modified:
        return False
    return parse_http_date_safe(if_range) == parse_http_date_safe(last_modified)


def _http_date(value: datetime | float | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return http_date(value.timestamp())
    return http_date(value)


def _size_of(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return int(size)
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _close(fileobj, opened_here: bool) -> None:
    if opened_here or hasattr(fileobj, "close"):
        fileobj.close()
