"""The subscriber list as CSV or XLSX, for editors who need it in a spreadsheet.

Names and addresses are typed by the public, so every file goes through
core.spreadsheets, which keeps a `=HYPERLINK(...)` from becoming a live formula.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx

from .models import Subscriber, Topic

HEADERS = ("email", "name", "role", "municipality", "language", "topics", "status", "created", "confirmed")
FORMATS = ("csv", "xlsx")


def export_rows(queryset: QuerySet[Subscriber]) -> Iterator[tuple]:
    """One row per subscriber, in three queries whatever the number of subscribers.

    Codes rather than labels for role, language and topics, so that the file can be
    imported again as it is.
    """
    subscribers = queryset.select_related("municipality").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("pk", "slug", "sort_order"))
    )
    for subscriber in subscribers.iterator(chunk_size=2000):
        yield (
            subscriber.email,
            subscriber.name,
            subscriber.role,
            subscriber.municipality.number if subscriber.municipality else "",
            subscriber.language,
            "|".join(topic.slug for topic in subscriber.topics.all()),
            subscriber.status,
            subscriber.created_at,
            subscriber.confirmed_at,
        )


def export_response(queryset: QuerySet[Subscriber], file_format: str) -> HttpResponse:
    """A download of these subscribers, in `csv` or `xlsx`."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format: {file_format}")
    rows = export_rows(queryset)
    if file_format == "xlsx":
        body, content_type = write_xlsx(rows, HEADERS, title="Abonnenter"), XLSX_CONTENT_TYPE
    else:
        body, content_type = write_csv(rows, HEADERS), CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="abonnenter-{stamp}.{file_format}"'
    # Personal data: not for any cache on the way.
    response["Cache-Control"] = "private, no-store"
    return response
