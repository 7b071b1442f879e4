"""The editors' synonyms as a snippet; recommended results are Wagtail's own search promotions."""

from __future__ import annotations

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = "Synonymer"
    add_to_admin_menu = False
    list_display = ["terms", Column("note", label="Merknad"), DateColumn("updated_at", label="Endret")]
    search_fields = ["terms", "note"]
    search_backend_name = None  # a handful of rows: the database filters them directly
    ordering = ["terms"]
