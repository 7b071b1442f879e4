"""Open data: the figures for any selection as CSV or JSON, under the Norwegian licence
for open government data (NLOD 2.0), and a small read-only JSON API.

A selection is a level (the country, counties or municipalities), optionally one
county or municipality, and a month range. Every response is one query for the
rows (two with pagination), and carries an ETag and Last-Modified from the data
version, so clients and caches can ask again cheaply.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date

from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import override

from core import site_address
from core.models import County, Municipality
from core.municipality_register import get_municipality_register
from core.numbers import parse_number
from core.spreadsheets import XLSX_CONTENT_TYPE, write_csv, write_xlsx

from .figures import Figures
from .indicators import ALL, COUNT_FIELDS, DERIVED
from .months import month_param, parse_month_param
from .queries import SUMS, current_figures
from .statistics import data_state
from .versioning import CODE_STAMP, data_version

LICENCE = {
    "name": "Norsk lisens for offentlige data (NLOD) 2.0",
    "url": "https://data.norge.no/nlod/no/2.0",
}
SOURCE = "FLO – Fastlegeordningen, Helsedirektoratet"
CACHE_CONTROL = "public, max-age=900"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

LEVELS = {
    "national": "national",
    "land": "national",
    "county": "county",
    "fylke": "county",
    "municipality": "municipality",
    "kommune": "municipality",
}

# Column order in every download: where and when, then the counts, then derived figures.
AREA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("month", "Måned (ÅÅÅÅ-MM). Tallene gjelder per første dag i måneden."),
    ("level", "Nivå: national (hele landet), county (fylke) eller municipality (kommune)."),
    ("area_number", "Kommunenummer (fire sifre) eller fylkesnummer (to sifre); tomt for hele landet."),
    ("area_name", "Navnet på kommunen eller fylket."),
    ("county_number", "Fylket kommunen hørte til denne måneden."),
    ("municipalities", "Antall kommuner tallene er summert over."),
)


class SelectionError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    level: str
    county: County | None = None
    municipality: Municipality | None = None
    start: date | None = None
    end: date | None = None

    def describe(self) -> dict:
        return {
            "level": self.level,
            "county": self.county.number if self.county else None,
            "municipality": self.municipality.number if self.municipality else None,
            "from": month_param(self.start) if self.start else None,
            "to": month_param(self.end) if self.end else None,
        }

    def file_stem(self) -> str:
        parts = ["fastlegestatistikk", self.level]
        if self.county:
            parts.append(self.county.number)
        if self.municipality:
            parts.append(self.municipality.number)
        if self.start:
            parts.append(month_param(self.start))
        if self.end:
            parts.append(month_param(self.end))
        return "-".join(parts)


def parse_selection(params) -> Selection:
    """A selection from query parameters; SelectionError says in Norwegian what is wrong."""
    register = get_municipality_register()
    municipality_number = (params.get("municipality") or params.get("kommune") or "").strip()
    county_number = (params.get("county") or params.get("fylke") or "").strip()
    default_level = "municipality" if municipality_number else ("county" if county_number else "national")
    level = LEVELS.get((params.get("level") or params.get("niva") or default_level).strip().lower())
    if level is None:
        raise SelectionError("Ukjent nivå. Bruk national, county eller municipality.")
    municipality = county = None
    if municipality_number:
        if level != "municipality":
            raise SelectionError("En kommune kan bare velges på kommunenivå.")
        municipality = register.municipality(municipality_number)
        if municipality is None:
            raise SelectionError(f"Ukjent kommunenummer: {municipality_number[:10]}.")
    if county_number:
        if level == "national":
            raise SelectionError("Et fylke kan ikke velges for hele landet.")
        county = register.county(county_number)
        if county is None:
            raise SelectionError(f"Ukjent fylkesnummer: {county_number[:10]}.")
    start = end = None
    for name in ("from", "fra"):
        if params.get(name):
            start = parse_month_param(params.get(name))
            if start is None:
                raise SelectionError("Startmåneden må skrives ÅÅÅÅ-MM.")
    for name in ("to", "til"):
        if params.get(name):
            end = parse_month_param(params.get(name))
            if end is None:
                raise SelectionError("Sluttmåneden må skrives ÅÅÅÅ-MM.")
    if start and end and start > end:
        raise SelectionError("Startmåneden er etter sluttmåneden.")
    return Selection(level=level, county=county, municipality=municipality, start=start, end=end)


def selection_rows(selection: Selection) -> QuerySet:
    """The rows of a selection as a values() queryset, oldest month first (one query)."""
    queryset = current_figures()
    if selection.start:
        queryset = queryset.filter(month__gte=selection.start)
    if selection.end:
        queryset = queryset.filter(month__lte=selection.end)
    if selection.municipality:
        queryset = queryset.filter(municipality=selection.municipality)
    if selection.county:
        queryset = queryset.filter(municipality__county=selection.county)
    if selection.level == "municipality":
        return queryset.values(
            "month",
            "municipality__number",
            "municipality__name",
            "municipality__county__number",
            *COUNT_FIELDS,
        ).order_by("month", "municipality__number")
    if selection.level == "county":
        return (
            queryset.values("month", "municipality__county__number", "municipality__county__name")
            .annotate(**SUMS, municipalities=Count("pk"))
            .order_by("month", "municipality__county__number")
        )
    return queryset.values("month").annotate(**SUMS, municipalities=Count("pk")).order_by("month")


def as_record(row: dict, level: str) -> dict:
    """One output row: area, month, counts and derived figures (rounded as on the pages)."""
    figures = Figures.from_row(row)
    if level == "municipality":
        area = (row["municipality__number"], row["municipality__name"], row["municipality__county__number"])
    elif level == "county":
        area = (
            row["municipality__county__number"],
            row["municipality__county__name"],
            row["municipality__county__number"],
        )
    else:
        area = ("", "Norge", "")
    record = {
        "month": month_param(row["month"]),
        "level": level,
        "area_number": area[0],
        "area_name": area[1],
        "county_number": area[2],
        "municipalities": figures.municipalities,
    }
    for name in COUNT_FIELDS:
        record[name] = getattr(figures, name)
    for indicator in DERIVED:
        value = figures.rounded(indicator)
        if value is not None:
            value = int(value) if indicator.decimals == 0 else float(value)
        record[indicator.key] = value
    return record


def columns() -> list[dict]:
    """What each column means, in Norwegian, for the data page, JSON downloads and the API."""
    with override("nb"):
        described = [{"name": name, "description": text} for name, text in AREA_COLUMNS]
        for indicator in ALL:
            described.append(
                {
                    "name": indicator.key,
                    "label": str(indicator.label),
                    "description": str(indicator.description),
                    "unit": indicator.unit or None,
                    "derived": indicator.derived,
                }
            )
    return described


# --- HTTP -------------------------------------------------------------------------------------------


def _conditional(request: HttpRequest, build) -> HttpResponse:
    """Answer 304 when the client has this version, else build the response; add caching headers."""
    stamp = f"{CODE_STAMP}:{data_version()}:{request.get_full_path()}"
    etag = '"' + hashlib.sha256(stamp.encode()).hexdigest()[:32] + '"'
    state = data_state()
    last_modified = int(state.updated_at.timestamp()) if state.updated_at else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = build()
    if response.status_code in (200, 304):
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    return response


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})


def metadata(selection: Selection | None = None) -> dict:
    state = data_state()
    meta = {
        "source": SOURCE,
        "licence": LICENCE,
        "is_demo_data": state.has_demo,
        "latest_month": month_param(state.latest_month) if state.latest_month else None,
        "updated_at": state.updated_at,
        # Months whose national and county sums do not cover every municipality of the register.
        "incomplete_months": [
            {
                "month": month_param(item.month),
                "reported_municipalities": item.reported,
                "expected_municipalities": item.expected,
            }
            for item in state.incomplete
        ],
    }
    if selection is not None:
        meta["selection"] = selection.describe()
    return meta


# The download formats and their file names' endings. "csv" stays comma-separated with
# decimal points for programs; "excel-csv" is what Norwegian Excel opens by double-click
# (BOM, semicolons, decimal commas), since Excel reads a plain CSV as one column.
DOWNLOAD_FORMATS = {
    "excel-csv": "-excel.csv",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "json": ".json",
}


def download(page, request: HttpRequest, file_format: str) -> HttpResponse:
    """The page's download route: CSV, Excel CSV, XLSX or JSON for the selection in the query string."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if file_format not in DOWNLOAD_FORMATS:
        return HttpResponse(
            "Ukjent format. Bruk excel-csv, xlsx, csv eller json.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    try:
        selection = parse_selection(request.GET)
    except SelectionError as error:
        response = HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def build() -> HttpResponse:
        records = [as_record(row, selection.level) for row in selection_rows(selection)]
        if file_format == "csv":
            response = HttpResponse(render_csv(records), content_type="text/csv; charset=utf-8")
        elif file_format == "excel-csv":
            response = HttpResponse(render_excel_csv(records), content_type="text/csv; charset=utf-8")
        elif file_format == "xlsx":
            response = HttpResponse(render_xlsx(records), content_type=XLSX_CONTENT_TYPE)
        else:
            body = json.dumps(
                {**metadata(selection), "columns": columns(), "data": records},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=1,
            )
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = selection.file_stem() + DOWNLOAD_FORMATS[file_format]
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    return _conditional(request, build)


def render_csv(records: list[dict]) -> str:
    """Comma-separated UTF-8 with a header row and decimal points: for programs as much as for people."""
    names = [column["name"] for column in columns()]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def _table(records: list[dict]) -> tuple[list[str], list[list]]:
    names = [column["name"] for column in columns()]
    return names, [[record.get(name) for name in names] for record in records]


def render_excel_csv(records: list[dict]) -> bytes:
    """The same table as Norwegian Excel opens it: UTF-8 with BOM, `;` between cells, decimal commas."""
    names, rows = _table(records)
    return write_csv(rows, names, decimal_comma=True)


def render_xlsx(records: list[dict]) -> bytes:
    """The same table as an XLSX workbook, numbers as numbers."""
    names, rows = _table(records)
    return write_xlsx(rows, names, title="Fastlegestatistikk")


# --- The API --------------------------------------------------------------------------------------


def _page_of(request: HttpRequest, items, serialise) -> dict | JsonResponse:
    size = parse_number(request.GET.get("page_size", str(DEFAULT_PAGE_SIZE)), max_digits=9)
    number = parse_number(request.GET.get("page", "1"), max_digits=9)
    if size is None or number is None:
        return _json({"error": "page og page_size må være hele tall."}, status=400)
    size, number = min(MAX_PAGE_SIZE, max(1, size)), max(1, number)
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        return _json({"error": f"Siden finnes ikke. Det er {paginator.num_pages} sider."}, status=404)

    def link(to: int) -> str:
        params = request.GET.copy()
        params["page"] = str(to)
        return site_address.absolute(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "page_size": size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "data": [serialise(item) for item in page.object_list],
    }


def api_safe(view):
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = _json({"error": "Bare GET og HEAD."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        return _conditional(request, lambda: view(request, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@api_safe
def api_index(request: HttpRequest) -> HttpResponse:
    """What the API offers."""
    base = site_address.absolute(request.path)
    return _json(
        {
            **metadata(),
            "endpoints": {
                "figures": base + "figures/",
                "municipalities": base + "municipalities/",
                "counties": base + "counties/",
            },
            "parameters": {
                "level": "national | county | municipality",
                "county": "fylkesnummer, for eksempel 31",
                "municipality": "kommunenummer, for eksempel 0301",
                "from": "ÅÅÅÅ-MM",
                "to": "ÅÅÅÅ-MM",
                "page": "sidenummer, fra 1",
                "page_size": f"rader per side, høyst {MAX_PAGE_SIZE}",
            },
            "columns": columns(),
        }
    )


@api_safe
def api_figures(request: HttpRequest) -> HttpResponse:
    """Figures for a selection, a page at a time."""
    try:
        selection = parse_selection(request.GET)
    except SelectionError as error:
        return _json({"error": str(error)}, status=400)
    page = _page_of(request, selection_rows(selection), lambda row: as_record(row, selection.level))
    if isinstance(page, HttpResponse):
        return page
    return _json({**metadata(selection), **page})


def _validity(item) -> dict:
    return {"valid_from": item.valid_from, "valid_to": item.valid_to}


@api_safe
def api_municipalities(request: HttpRequest) -> HttpResponse:
    """Every municipality number with its period, county and successors (from the cached register)."""
    register = get_municipality_register()
    items = register.municipalities
    if request.GET.get("county"):
        items = [m for m in items if register.county_by_id[m.county_id].number == request.GET["county"]]
    if request.GET.get("current") in ("1", "true", "ja"):
        items = [m for m in items if m.valid_to is None]

    def serialise(municipality: Municipality) -> dict:
        return {
            "number": municipality.number,
            "name": municipality.name,
            "other_names": [name for name in municipality.other_names.split("|") if name],
            "county_number": register.county_by_id[municipality.county_id].number,
            **_validity(municipality),
            "successors": [m.number for m in register.successors(municipality)],
        }

    page = _page_of(request, items, serialise)
    if isinstance(page, HttpResponse):
        return page
    return _json({**metadata(), **page})


@api_safe
def api_counties(request: HttpRequest) -> HttpResponse:
    register = get_municipality_register()

    def serialise(county: County) -> dict:
        return {"number": county.number, "name": county.name, **_validity(county)}

    page = _page_of(request, register.counties, serialise)
    if isinstance(page, HttpResponse):
        return page
    return _json({**metadata(), **page})
