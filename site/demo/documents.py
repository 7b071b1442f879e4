"""Demo documents: small real PDFs written by hand and CSV files with the report figures.

The PDF writer uses only the standard library: a few text pages in Helvetica with
WinAnsi encoding, enough for a valid file with searchable Norwegian text.
"""

from __future__ import annotations

import csv
import io
import logging
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from .reports import GRANTS_2025, REGIONS_2025

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
LINE_HEIGHT = 15
WRAP_AT = 88  # characters per line at 11 pt Helvetica inside the margins


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", errors="replace") + b")"


def _pdf_text_string(text: str) -> bytes:
    """A string outside page content (the document title): UTF-16 with a byte order mark."""
    return b"<" + ("\ufeff" + text).encode("utf-16-be").hex().upper().encode() + b">"


def _layout(title: str, paragraphs: Sequence[str]) -> list[list[tuple[str, str]]]:
    """Lines as (font, text), split into pages."""
    lines: list[tuple[str, str]] = [("F2", title), ("F1", "")]
    for text in paragraphs:
        lines.extend(("F1", line) for line in textwrap.wrap(text, WRAP_AT))
        lines.append(("F1", ""))
    per_page = (PAGE_HEIGHT - 2 * MARGIN) // LINE_HEIGHT
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def _page_stream(lines: list[tuple[str, str]]) -> bytes:
    parts = [b"BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td".encode()]
    for font, text in lines:
        size = 16 if font == "F2" else 11
        parts.append(f"/{font} {size} Tf".encode())
        parts.append(_pdf_string(text) + b" Tj")
        parts.append(f"0 -{LINE_HEIGHT if font == 'F1' else 22} Td".encode())
    parts.append(b"ET")
    return b"\n".join(parts)


def make_pdf(title: str, paragraphs: Sequence[str]) -> bytes:
    """A valid PDF 1.4 file with the title on top and the paragraphs wrapped below."""
    pages = _layout(title, paragraphs)
    # Objects 1-4 are fixed; each page then takes two: the page and its content stream.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for lines in pages:
        page_number, content_number = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_number} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        stream = _page_stream(lines)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    objects.append(b"<< /Title " + _pdf_text_string(title) + b" /Producer (Allmenn demo) >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def make_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM and semicolons, which is what Norwegian Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    filename: str
    content: bytes


DEMO_NOTE = "Dette er et demodokument. Tallene er illustrative og ikke offisiell statistikk."


def document_specs() -> list[DocumentSpec]:
    """The demo documents; built on demand so nothing is generated at import time."""
    return [
        DocumentSpec(
            "handlingsplan",
            "Handlingsplan for allmennlegetjenesten – sammendrag",
            "handlingsplan-sammendrag.pdf",
            make_pdf(
                "Handlingsplan for allmennlegetjenesten – sammendrag",
                [
                    "Handlingsplanen skal gjøre det mer attraktivt å bli og å være fastlege, og sikre at "
                    "innbyggerne får en fast lege de kjenner over tid.",
                    "Tiltakene er samlet i tre innsatsområder: rekruttering og utdanning, stabilitet og "
                    "arbeidsbelastning, og kunnskap om hva som virker.",
                    "Kommunene har ansvaret for å sørge for nok fastleger. Staten bidrar med tilskudd, "
                    "veiledning og bedre styringsdata.",
                    "Programmet rapporterer status for tiltakene hvert år i årsrapporten.",
                    DEMO_NOTE,
                ],
            ),
        ),
        DocumentSpec(
            "arsrapport-2025",
            "Årsrapport 2025 – Allmennlegeprogrammet",
            "arsrapport-2025.pdf",
            make_pdf(
                "Årsrapport 2025 – Allmennlegeprogrammet",
                [
                    "1 Innledning. Rapporten beskriver programmets arbeid og resultater i 2025.",
                    "2 Måloppnåelse. Antallet fastleger økte med 50, og antallet innbyggere på lister uten "
                    "fast lege gikk ned fra 160 600 til 154 000.",
                    "3 Økonomi. Kommunene fikk utbetalt 291,2 millioner kroner i tilskudd gjennom programmet.",
                    "4 Veien videre. I 2026 prioriterer programmet stabilitet i distriktene og veiledning av "
                    "nye fastleger.",
                    DEMO_NOTE,
                ],
            ),
        ),
        DocumentSpec(
            "arsrapport-2024",
            "Årsrapport 2024 – Allmennlegeprogrammet",
            "arsrapport-2024.pdf",
            make_pdf(
                "Årsrapport 2024 – Allmennlegeprogrammet",
                [
                    "Programmets første hele driftsår. Tilskuddsordningene ble etablert, og 780 ALIS-avtaler "
                    "fikk støtte.",
                    DEMO_NOTE,
                ],
            ),
        ),
        DocumentSpec(
            "mandat-referansegruppa",
            "Mandat for referansegruppa",
            "mandat-referansegruppa.pdf",
            make_pdf(
                "Mandat for referansegruppa i Allmennlegeprogrammet",
                [
                    "Referansegruppa skal gje råd til programleiinga om prioriteringar, tiltak og "
                    "kommunikasjon, og vere ein kanal for innspel frå fagmiljø, kommunar og brukarar.",
                    "Gruppa møtest fire gonger i året. Helsedirektoratet har sekretariatet.",
                    "Medlemene blir oppnemnde for to år om gongen etter forslag frå organisasjonane.",
                    "Dette er eit demodokument.",
                ],
            ),
        ),
        DocumentSpec(
            "regelverk-alis",
            "Regelverk for tilskot til ALIS-avtalar",
            "regelverk-tilskot-alis.pdf",
            make_pdf(
                "Regelverk for tilskot til ALIS-avtalar",
                [
                    "Formålet med tilskotet er å gjere det lettare for kommunane å tilsetje og halde på "
                    "legar i spesialisering i allmennmedisin (ALIS).",
                    "Alle kommunar kan søkje. Tilskotet blir gitt per ALIS-avtale og år, i inntil fem år.",
                    "Kommunen rapporterer kvart år om bruken av midlane.",
                    "Dette er eit demodokument. Satsane er illustrative.",
                ],
            ),
        ),
        # The full evaluation and the supervisors' guide carry words found nowhere else on the
        # site (the survey's method, the supervision contract), so search can be shown to
        # read PDFs: bench/search_judgements.json has queries only these files answer.
        DocumentSpec(
            "evaluering-2023",
            "Evaluering av fastlegeordningen 2023 – hele rapporten",
            "evaluering-fastlegeordningen-2023.pdf",
            make_pdf(
                "Evaluering av fastlegeordningen 2023",
                [
                    "Sammendrag. Evalueringen viser at fastlegeordningen har høy tillit i befolkningen, men "
                    "er sårbar. Arbeidsbelastningen er høy, og rekrutteringen svikter i deler av landet.",
                    "Metode. Datagrunnlaget består av en nasjonal tverrsnittsundersøkelse blant fastleger og "
                    "kommuneoverleger, registerdata fra KUHR-databasen for 2013–2022 og "
                    "fokusgruppeintervjuer med pasienter i seks kommuner.",
                    "Svarprosenten i undersøkelsen var 64 blant fastlegene og 71 blant kommuneoverlegene. "
                    "Svarene er vektet for å korrigere for skjevheter i utvalget.",
                    "Begrensninger. Registerdataene fanger ikke opp konsultasjoner uten refusjonskrav, og "
                    "fokusgruppene er for små til å gi sikre tall.",
                    "Anbefalinger. Høyere basistilskudd for kortere lister, flere ALIS-avtaler, interkommunal "
                    "legevakt og teamorganiserte legekontor.",
                    "Dette er et demodokument. Evalueringen, funnene og tallene er fiktive.",
                ],
            ),
        ),
        DocumentSpec(
            "veileder-veiledning",
            "Veileder for veiledere i allmennmedisin",
            "veileder-for-veiledere.pdf",
            make_pdf(
                "Veileder for veiledere i allmennmedisin",
                [
                    "Veiledningen skal hjelpe legen i spesialisering med å nå læringsmålene i allmennmedisin.",
                    "Veileder og lege inngår en skriftlig veiledningskontrakt ved oppstart. Kontrakten "
                    "beskriver hvor ofte dere møtes, hvilke læringsmål dere arbeider med, og hvordan dere "
                    "følger opp vurderingene.",
                    "Før hvert møte skriver legen et kort refleksjonsnotat om en pasientsituasjon som var "
                    "krevende. Notatet er utgangspunktet for samtalen.",
                    "Supervisjon er den daglige faglige støtten i konkrete pasientsaker; veiledning er den "
                    "planlagte samtalen om faget og læringen over tid.",
                    DEMO_NOTE,
                ],
            ),
        ),
        DocumentSpec(
            "fastleger-per-region-2025",
            "Fastleger og lister per helseregion 2025 (CSV)",
            "fastleger-per-helseregion-2025.csv",
            make_csv(
                [
                    "Helseregion",
                    "Fastleger",
                    "Endring fra 2024",
                    "Lister uten fast lege",
                    "Innbyggere på lister uten fast lege",
                    "ALIS-avtaler",
                ],
                [(r.region, r.gps, r.change, r.lists_without_gp, r.residents_without_gp, r.alis) for r in REGIONS_2025],
            ),
        ),
        DocumentSpec(
            "tilskudd-2025",
            "Tilskudd utbetalt 2025 (CSV)",
            "tilskudd-utbetalt-2025.csv",
            make_csv(
                ["Tilskuddsordning", "Tildelt (mill. kr)", "Utbetalt (mill. kr)", "Mottakere (kommuner)"],
                [(g.scheme, g.granted, g.paid, g.recipients) for g in GRANTS_2025],
            ),
        ),
    ]


def ensure_documents(collection: Collection) -> dict:
    """Return the demo documents by key, creating those not already in the collection."""
    document_model = get_document_model()
    existing = {doc.title: doc for doc in document_model.objects.filter(collection=collection)}
    documents = {}
    for spec in document_specs():
        document = existing.get(spec.title)
        if document is None:
            document = document_model(title=spec.title, collection=collection)
            document.file = ContentFile(spec.content, name=spec.filename)
            document._set_document_file_metadata()
            document.save()
            logger.debug("Wrote demo document %s", spec.key)
        documents[spec.key] = document
    return documents
