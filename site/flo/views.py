"""The routes under the statistics page: the country, a county, a municipality, the
municipality picker and the open data page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.models import County, Municipality
from core.page_cache import release

from .indicators import ALL, BY_KEY
from .models import StatisticsPage
from .months import month_param
from .open_data import LICENCE, columns
from .register import current_register
from .statistics import TABLE_INDICATORS, county_view, data_state, municipality_view, national_view
from .validation import parse_municipality_number
from .versioning import CODE_STAMP, data_version

# How long a rendered part of a statistics page is kept: its key changes with every
# import, so this only bounds how long an unused part takes room in the cache.
FRAGMENT_TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class StatisticsUrls:
    """Addresses under the statistics page."""

    prefix: str  # the page's own URL, ending in /

    def national(self) -> str:
        return self.prefix

    def county(self, county: County) -> str:
        return f"{self.prefix}fylke/{county.number}/"

    def municipality(self, municipality: Municipality) -> str:
        return f"{self.prefix}kommune/{municipality.number}/"

    def picker(self) -> str:
        return f"{self.prefix}kommune/"

    def open_data(self) -> str:
        return f"{self.prefix}data/"

    def download(self, file_format: str) -> str:
        return f"{self.prefix}data/{file_format}/"


def urls_for(page: StatisticsPage, request: HttpRequest) -> StatisticsUrls:
    return StatisticsUrls(page.get_url(request) or "/")


def picker_groups() -> list[dict]:
    """Today's municipalities grouped by county, for the picker."""
    register = current_register()
    return [
        {"county": county, "municipalities": [m for m in register.municipalities_in(county) if m.valid_to is None]}
        for county in register.current_counties()
    ]


def fragment_key(urls: StatisticsUrls) -> str:
    """What the rendered figures of a page depend on besides the area: the figures and the
    register (data_version, renewed by every import, rollback and register change), the
    code that shapes them, the templates and translations (the release), the interface
    language and the addresses the links are built from."""
    return ":".join((CODE_STAMP, data_version(), release(), get_language() or "", urls.prefix))


def base_context(page: StatisticsPage, request: HttpRequest) -> dict:
    """What every statistics route shows. The figures, the state and the picker are built
    only when a template renders them: a cached fragment (templates/flo) needs none."""
    urls = urls_for(page, request)
    return {
        "page": page,
        "self": page,
        "request": request,
        "urls": urls,
        "state": SimpleLazyObject(data_state),
        "table_indicators": [BY_KEY[key] for key in TABLE_INDICATORS],
        "all_indicators": ALL,
        "picker": SimpleLazyObject(picker_groups),
        "fragment_key": fragment_key(urls),
        "fragment_timeout": FRAGMENT_TIMEOUT,
    }


def statistics_context(page: StatisticsPage, request: HttpRequest) -> dict:
    context = base_context(page, request)
    urls = context["urls"]
    context["view"] = SimpleLazyObject(lambda: national_view(urls))
    context["area_level"] = "national"
    return context


def county_page(page: StatisticsPage, request: HttpRequest, number: str) -> HttpResponse:
    county = current_register().county(number)
    if county is None:
        raise Http404("Unknown county")
    context = base_context(page, request)
    urls = context["urls"]
    context.update(
        county=county,
        view=SimpleLazyObject(lambda: county_view(county, urls)),
        area_level="county",
        trail=[{"title": county.name, "url": urls.county(county)}],
        download_query=f"level=county&county={county.number}",
    )
    return TemplateResponse(request, "flo/county_page.html", context)


def municipality_page(page: StatisticsPage, request: HttpRequest, number: str) -> HttpResponse:
    register = current_register()
    municipality = register.municipality(number)
    if municipality is None:
        raise Http404("Unknown municipality")
    county = register.county_by_id[municipality.county_id]
    context = base_context(page, request)
    urls = context["urls"]
    context.update(
        municipality=municipality,
        county=county,
        county_url=urls.county(county),
        view=SimpleLazyObject(lambda: municipality_view(municipality, urls)),
        area_level="municipality",
        trail=[
            {"title": county.name, "url": urls.county(county)},
            {"title": municipality.name, "url": urls.municipality(municipality)},
        ],
        download_query=f"level=municipality&municipality={municipality.number}",
    )
    return TemplateResponse(request, "flo/municipality_page.html", context)


def municipality_picker(page: StatisticsPage, request: HttpRequest) -> HttpResponse:
    """Where the picker's form goes: on to the chosen municipality, or back with a message."""
    urls = urls_for(page, request)
    choice = request.GET.get("kommune", "")
    error = ""
    if choice:
        try:
            municipality = current_register().municipality(parse_municipality_number(choice))
        except ValueError:
            municipality = None
        if municipality is not None:
            return redirect(urls.municipality(municipality))
        error = "unknown"
    context = base_context(page, request)
    context.update(
        picker_error=error,
        area_level="picker",
        trail=[{"title": _("Municipalities"), "url": urls.picker()}],
    )
    return TemplateResponse(request, "flo/picker_page.html", context, status=400 if error else 200)


def open_data_page(page: StatisticsPage, request: HttpRequest) -> HttpResponse:
    context = base_context(page, request)
    urls, state = context["urls"], context["state"]
    context.update(
        area_level="data",
        trail=[{"title": _("Open data"), "url": urls.open_data()}],
        counties=current_register().counties,
        columns=columns(),
        licence=LICENCE,
        excel_csv_url=urls.download("excel-csv"),
        xlsx_url=urls.download("xlsx"),
        csv_url=urls.download("csv"),
        json_url=urls.download("json"),
        api_url=reverse("flo_api:index"),
        first_month=month_param(state.first_month) if state.first_month else "",
        latest_month=month_param(state.latest_month) if state.latest_month else "",
    )
    return TemplateResponse(request, "flo/open_data_page.html", context)
