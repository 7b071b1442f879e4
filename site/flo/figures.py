"""Figures for one area and one month, with the derived figures computed from the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .indicators import BY_KEY, COUNT_FIELDS, Indicator, ratio


@dataclass(frozen=True)
class Figures:
    """The counts for an area (a municipality, a county or the country) in one month.

    For a county or the country the counts are sums over the municipalities that
    reported, and `municipalities` says how many that was.
    """

    month: date
    gp_agreements: int
    lists_without_gp: int
    residents_on_lists: int
    residents_without_gp: int
    list_ceiling_sum: int
    available_places: int
    open_lists: int
    female_gps: int
    municipalities: int = 1

    @classmethod
    def from_row(cls, row: dict) -> Figures:
        """From a values() row of sums (an aggregate query) or of one municipality."""
        return cls(
            month=row["month"],
            municipalities=row.get("municipalities", 1),
            **{name: int(row[name] or 0) for name in COUNT_FIELDS},
        )

    @property
    def average_list_length(self) -> Decimal | None:
        return ratio(self.residents_on_lists, self.gp_agreements)

    @property
    def share_without_gp(self) -> Decimal | None:
        return ratio(self.residents_without_gp, self.residents_on_lists, 100)

    @property
    def reserve_capacity(self) -> Decimal | None:
        return ratio(self.list_ceiling_sum, self.residents_on_lists, 100)

    def value(self, indicator: Indicator | str) -> int | Decimal | None:
        key = indicator if isinstance(indicator, str) else indicator.key
        if key not in BY_KEY:
            raise KeyError(key)
        return getattr(self, key)

    def rounded(self, indicator: Indicator | str) -> int | Decimal | None:
        """The value as shown and downloaded: counts whole, derived figures to their decimals."""
        indicator = BY_KEY[indicator] if isinstance(indicator, str) else indicator
        value = self.value(indicator)
        if value is None or not indicator.derived:
            return value
        if indicator.decimals == 0:
            return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return value.quantize(Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)
