"""The language report: the share of live pages in bokmål, nynorsk and English."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from .languages import NYNORSK_MINIMUM_SHARE, Language
from .models import BasePage


@dataclass
class LanguageShare:
    code: str
    label: str
    count: int
    share: float

    @property
    def percent(self) -> str:
        return f"{self.share * 100:.1f}".replace(".", ",")

    @property
    def below_minimum(self) -> bool:
        # The minimum applies to the two Norwegian written standards.
        return self.code in (Language.BOKMAL, Language.NYNORSK) and self.share < NYNORSK_MINIMUM_SHARE


def page_types() -> list[type[BasePage]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, BasePage) and not m._meta.abstract]


def language_shares() -> list[LanguageShare]:
    """Count live, public pages per language across every page type (one query per type)."""
    counts = {code: 0 for code, _label in Language.choices}
    for model in page_types():
        rows = model.objects.live().public().values("language").annotate(n=Count("pk"))
        for row in rows:
            counts[row["language"]] = counts.get(row["language"], 0) + row["n"]
    total = sum(counts.values())
    return [
        LanguageShare(code=code, label=str(label), count=counts[code], share=(counts[code] / total if total else 0.0))
        for code, label in Language.choices
    ]
