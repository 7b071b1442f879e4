"""Search documents for conferences.

The conference index is not indexed: it only lists the conferences, which are.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search import searchable
from search.page_document import PageDocument
from search.stream_text import clean_text, html_to_text

from .models import ConferencePage


@searchable.register
class ConferenceDocument(PageDocument):
    """A conference: the page's text, time and place, the programme and the speakers.

    Session titles count as headings; the stream link sent to registrants never appears.
    """

    model = ConferencePage
    content_type = "conference"
    type_label = _("Conference")

    @classmethod
    def queryset(cls) -> QuerySet:
        return super().queryset().prefetch_related("sessions", "speakers")

    def sessions(self) -> list:
        return sorted(self.page.sessions.all(), key=lambda session: (session.starts_at, session.sort_order or 0))

    def prepare_headings(self) -> list[str]:
        titles = [clean_text(session.title) for session in self.sessions()]
        return [*super().prepare_headings(), *(title for title in titles if title)]

    def prepare_body(self) -> str:
        page = self.page
        pieces = [
            clean_text(page.venue_name),
            clean_text(page.venue_address).replace("\n", ", "),
            clean_text(page.stream_info),
            html_to_text(page.practical_information),
            super().prepare_body(),
        ]
        for session in self.sessions():
            pieces += [clean_text(session.speakers), clean_text(session.room), clean_text(session.description)]
        for speaker in page.speakers.all():
            pieces += [", ".join(part for part in (clean_text(speaker.name), clean_text(speaker.role)) if part)]
            pieces.append(clean_text(speaker.bio))
        return "\n".join(piece for piece in pieces if piece)

    def prepare_year(self) -> int | None:
        return timezone.localtime(self.page.starts_at).year if self.page.starts_at else super().prepare_year()
