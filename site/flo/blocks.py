"""The key-figures block (chosen FLO indicators for an area, from the data, never typed by
hand), and the stream of the statistics page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from core.blocks import supporting_blocks, text_blocks

from .indicators import ALL

MAX_INDICATORS = 6
LEVELS = [("national", _("Hele landet")), ("county", _("Et fylke")), ("municipality", _("En kommune"))]


class KeyFiguresValue(blocks.StructValue):
    @cached_property
    def key_figures(self):
        from .key_figures import key_figures

        return key_figures(
            list(self.get("indicators") or []),
            level=self.get("level") or "national",
            county_number=self.get("county") or "",
            municipality_number=self.get("municipality") or "",
            month=self.get("month"),
        )


class KeyFiguresBlock(blocks.StructBlock):
    """Up to six FLO figures for the country, a county or a municipality, for the latest or a fixed month."""

    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"))
    indicators = blocks.MultipleChoiceBlock(
        choices=[(indicator.key, indicator.label) for indicator in ALL],
        label=_("Nøkkeltall"),
        help_text=_("Velg ett til seks."),
    )
    level = blocks.ChoiceBlock(choices=LEVELS, default="national", label=_("Område"))
    county = blocks.RegexBlock(
        regex=r"^\d{2}$",
        required=False,
        label=_("Fylkesnummer"),
        help_text=_("To sifre, for eksempel 46 for Vestland. Brukes når området er et fylke."),
        error_messages={"invalid": _("Skriv fylkesnummeret med to sifre.")},
    )
    municipality = blocks.RegexBlock(
        regex=r"^\d{4}$",
        required=False,
        label=_("Kommunenummer"),
        help_text=_("Fire sifre, for eksempel 0301 for Oslo. Brukes når området er en kommune."),
        error_messages={"invalid": _("Skriv kommunenummeret med fire sifre.")},
    )
    month = blocks.DateBlock(
        required=False,
        label=_("Måned"),
        help_text=_("Tom gir alltid siste måned med tall. Velg en dato for å låse tallene til den måneden."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        chosen = value.get("indicators") or []
        if not 1 <= len(chosen) <= MAX_INDICATORS:
            errors["indicators"] = ValidationError(_("Velg mellom ett og seks nøkkeltall."))
        from core.municipality_register import get_municipality_register

        register = get_municipality_register()
        if value.get("level") == "county":
            if not value.get("county"):
                errors["county"] = ValidationError(_("Skriv fylkesnummeret."))
            elif register.county(value["county"]) is None:
                errors["county"] = ValidationError(_("Fant ikke noe fylke med dette nummeret."))
        if value.get("level") == "municipality":
            if not value.get("municipality"):
                errors["municipality"] = ValidationError(_("Skriv kommunenummeret."))
            elif register.municipality(value["municipality"]) is None:
                errors["municipality"] = ValidationError(_("Fant ingen kommune med dette nummeret."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "table"
        template = "flo/blocks/key_figures.html"
        value_class = KeyFiguresValue
        group = _("Media og data")
        description = _("Nøkkeltall fra fastlegestatistikken (FLO), hentet fra tallene, aldri skrevet inn for hånd.")
        preview_value = {
            "heading": "Fastlegeordningen i tall",
            "indicators": ["gp_agreements", "lists_without_gp", "share_without_gp", "average_list_length"],
            "level": "national",
        }


def statistics_page_blocks() -> list[tuple[str, blocks.Block]]:
    """The statistics page's own text (method, sources, definitions): core's blocks and the key figures."""
    return [*text_blocks(), ("key_figures", KeyFiguresBlock(label=_("Nøkkeltall fra FLO"))), *supporting_blocks()]
