"""The FLO indicators: the counts editors import and the figures derived from them.

Counts are stored per municipality and month and summed in the database for
counties and the country. Derived figures are ratios of those sums, computed when
shown and never stored, so a county's share is its own ratio, not an average of
its municipalities' shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    description: str
    unit: str = ""  # "" for counts, "%" or a word for derived figures
    decimals: int = 0
    derived: bool = False
    # For the import file: the column heading editors use.
    column: str = ""


# fastlegeavtaler, lister uten fast lege, ... in the order FLO reports them.
COUNTS: tuple[Indicator, ...] = (
    Indicator(
        "gp_agreements",
        _("GP agreements"),
        _("Number of GP agreements (fastlegeavtaler), one per patient list."),
        column="fastlegeavtaler",
    ),
    Indicator(
        "lists_without_gp",
        _("Lists without a permanent GP"),
        _("Patient lists with no permanent GP, served by locums or left vacant."),
        column="lister_uten_fast_lege",
    ),
    Indicator(
        "residents_on_lists",
        _("Residents on lists"),
        _("Residents who are on a GP's patient list."),
        column="innbyggere_pa_liste",
    ),
    Indicator(
        "residents_without_gp",
        _("Residents on lists without a GP"),
        _("Residents on a patient list that has no permanent GP."),
        column="innbyggere_uten_fast_lege",
    ),
    Indicator(
        "list_ceiling_sum",
        _("Sum of list ceilings"),
        _("The sum of the list ceilings (listetak): how many patients the GPs have agreed to take."),
        column="sum_listetak",
    ),
    Indicator(
        "available_places",
        _("Available places"),
        _("Free places on lists that are open to new patients."),
        column="ledige_plasser",
    ),
    Indicator(
        "open_lists",
        _("Open lists"),
        _("Patient lists that are open to new patients."),
        column="apne_lister",
    ),
    Indicator(
        "female_gps",
        _("Female GPs"),
        _("GP agreements held by women."),
        column="kvinnelige_fastleger",
    ),
)

DERIVED: tuple[Indicator, ...] = (
    Indicator(
        "average_list_length",
        _("Average list length"),
        _("Residents on lists divided by GP agreements."),
        decimals=0,
        derived=True,
    ),
    Indicator(
        "share_without_gp",
        _("Share of residents on lists without a GP"),
        _("Residents on lists without a GP as a percentage of all residents on lists."),
        unit="%",
        decimals=1,
        derived=True,
    ),
    Indicator(
        "reserve_capacity",
        _("Reserve capacity"),
        _("The sum of list ceilings as a percentage of residents on lists; above 100 means room for more patients."),
        decimals=1,
        derived=True,
    ),
)

ALL: tuple[Indicator, ...] = COUNTS + DERIVED
BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in ALL}
COUNT_FIELDS: tuple[str, ...] = tuple(indicator.key for indicator in COUNTS)


def ratio(numerator: int | None, denominator: int | None, scale: int = 1) -> Decimal | None:
    """numerator ÷ denominator × scale, or None when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) * scale / Decimal(denominator)
