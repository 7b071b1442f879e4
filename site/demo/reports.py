"""The annual reports of the demo site, with their chapters and illustrative figures.

The figures are invented but add up: regions sum to the national totals, and the
2025 report, the key-figures page and the CSV files all use the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .spec import Edition, PageSpec
from .stream import (
    Refs,
    accordion,
    documents,
    fact_cards,
    heading,
    paragraph,
    quote,
    related_links,
    table,
)

DEMO_SOURCE = "Kilde: Allmennlegeprogrammet. Illustrative demotall, ikke offisiell statistikk."
DEMO_FIGURES = "Illustrative demotall"  # the shorter source line for fact cards


def nb_number(value: int | Decimal) -> str:
    """Norwegian number format: a space between thousands and a decimal comma."""
    text = f"{value:,}".replace(",", "\u00a0").replace(".", ",")
    return text


@dataclass(frozen=True)
class RegionFigures:
    region: str
    gps: int
    change: int
    lists_without_gp: int
    residents_without_gp: int
    alis: int


REGIONS_2025 = (
    RegionFigures("Helse Sør-Øst", 3270, 30, 73, 72800, 410),
    RegionFigures("Helse Vest", 1180, 10, 34, 34600, 190),
    RegionFigures("Helse Midt-Norge", 760, 5, 27, 26200, 150),
    RegionFigures("Helse Nord", 550, 5, 21, 20400, 160),
    RegionFigures("Hele landet", 5760, 50, 155, 154000, 910),
)


@dataclass(frozen=True)
class GrantFigures:
    scheme: str
    granted: Decimal  # millions of kroner
    paid: Decimal
    recipients: int


GRANTS_2025 = (
    GrantFigures("Tilskudd til ALIS-avtaler", Decimal("182.0"), Decimal("176.4"), 214),
    GrantFigures("Rekrutterings- og stabiliseringstilskudd", Decimal("95.0"), Decimal("93.1"), 87),
    GrantFigures("Tilskudd til veiledning og mentorordning", Decimal("24.0"), Decimal("21.7"), 46),
    GrantFigures("Sum", Decimal("301.0"), Decimal("291.2"), 263),
)


def region_table(caption: str = "Fastleger og lister uten fast lege per helseregion, 2025") -> dict:
    return table(
        caption,
        [
            ("text", "Helseregion"),
            ("text", "Fastleger"),
            ("text", "Endring fra 2024"),
            ("text", "Lister uten fast lege"),
            ("text", "Innbyggere på lister uten fast lege"),
            ("text", "ALIS-avtaler"),
        ],
        [
            (
                r.region,
                nb_number(r.gps),
                f"+{r.change}",
                nb_number(r.lists_without_gp),
                nb_number(r.residents_without_gp),
                nb_number(r.alis),
            )
            for r in REGIONS_2025
        ],
        source=DEMO_SOURCE + " Tall per 31. desember.",
    )


def grants_table() -> dict:
    return table(
        "Tilskudd til kommunene i 2025",
        [
            ("text", "Tilskuddsordning"),
            ("text", "Tildelt (mill. kr)"),
            ("text", "Utbetalt (mill. kr)"),
            ("number", "Mottakere (kommuner)"),
        ],
        [(g.scheme, nb_number(g.granted), nb_number(g.paid), str(g.recipients)) for g in GRANTS_2025],
        source=DEMO_SOURCE + " Summen teller hver kommune én gang.",
    )


# --- Årsrapport 2025 ------------------------------------------------------------------


def report_2025_body(r: Refs) -> list[dict]:
    return [
        heading("Forord"),
        paragraph(
            """
<p>2025 var året da flere av tiltakene i programmet begynte å virke for fullt. For første gang siden
programmet startet, gikk antallet innbyggere på lister uten fast lege ned i alle fire helseregioner.
Samtidig vet vi at mange fastleger fortsatt har en krevende arbeidshverdag, og at forskjellene mellom
kommunene er store.[^forord-tall]</p>
<p>Rapporten viser hva vi har fått til, hva det har kostet, og hva vi prioriterer i 2026. Takk til
kommunene, fastlegene og alle som har bidratt med erfaringer og innspill gjennom året.</p>
"""
        ),
        fact_cards(
            "2025 i korte trekk",
            [
                ("5\u00a0760", "fastleger ved utgangen av året", DEMO_FIGURES),
                ("910", "ALIS-avtaler med støtte fra programmet", DEMO_FIGURES),
                ("6\u00a0600", "færre innbyggere på lister uten fast lege enn i 2024", DEMO_FIGURES),
                ("291,2 mill. kr", "utbetalt i tilskudd til kommunene", DEMO_FIGURES),
            ],
        ),
        paragraph(
            "<p>Rapporten kan også lastes ned som PDF. Tallene i tabellene finnes som CSV-fil under "
            f"{r.page_link('r2025-rekruttering', 'kapittel 2.1')}.</p>"
        ),
    ]


def r2025_introduction(r: Refs) -> list[dict]:
    return [
        heading("Om rapporten"),
        paragraph(
            """
<p>Årsrapporten gjør rede for Allmennlegeprogrammets arbeid i 2025, i tråd med oppdraget fra
Helse- og omsorgsdepartementet.[^oppdrag] Kapittel 2 beskriver måloppnåelsen for hvert av
programmets hovedmål, kapittel 3 viser bruken av midler, og kapittel 4 beskriver prioriteringene
fremover.</p>
"""
        ),
        heading("Programmets mål"),
        paragraph(
            """
<p>Programmet har tre hovedmål:</p>
<ol>
<li>Flere leger velger å bli fastlege.</li>
<li>Fastlegene blir i jobben, og innbyggerne har den samme legen over tid.</li>
<li>Fastlegetjenesten holder god kvalitet og samarbeider godt med resten av helsetjenesten.</li>
</ol>
"""
        ),
        heading("Datagrunnlag", "h3"),
        paragraph(
            """
<p>Tallene om fastleger og lister bygger på fastlegeregisteret per 31. desember.[^datagrunnlag]
Tall for tilskudd er hentet fra programmets egne regnskaper. I denne demoutgaven er alle tall
illustrative.</p>
"""
        ),
    ]


def r2025_goals(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Utviklingen gikk i riktig retning på alle indikatorene programmet følger. Den største endringen
var nedgangen i antallet innbyggere på lister uten fast lege.[^indikatorer]</p>
"""
        ),
        table(
            "Indikatorer for programmets mål, 2024 og 2025",
            [("text", "Mål"), ("text", "Indikator"), ("text", "2024"), ("text", "2025")],
            [
                ("Flere fastleger", "Antall fastleger", "5\u00a0710", "5\u00a0760"),
                ("Færre uten fast lege", "Innbyggere på lister uten fast lege", "160\u00a0600", "154\u00a0000"),
                ("Flere i spesialisering", "ALIS-avtaler med støtte", "780", "910"),
                ("Mer stabile lister", "Fastleger med mer enn tre år i samme praksis", "71 %", "73 %"),
            ],
            source=DEMO_SOURCE,
        ),
        paragraph("<p>Kapitlene under går gjennom hvert mål: rekruttering, stabilitet og kvalitet og samhandling.</p>"),
    ]


def r2025_recruitment(r: Refs) -> list[dict]:
    return [
        heading("Flere fastleger i alle regioner"),
        paragraph(
            """
<p>Ved utgangen av 2025 var det 5 760 fastleger i Norge, 50 flere enn året før. Økningen var
størst i Helse Sør-Øst.[^fastlegeregister] Helse Sør-Øst har også flest lister uten fast lege, men målt
mot antallet fastleger er andelen høyest i Helse Vest, og der er det også flest vikarer.[^vikarer]</p>
"""
        ),
        region_table(),
        documents(
            "Last ned tallene",
            [(r.documents["fastleger-per-region-2025"].pk, "Fastleger og lister per helseregion 2025")],
        ),
        heading("ALIS-avtalene"),
        paragraph(
            """
<p>En ALIS-avtale gir en lege i spesialisering i allmennmedisin trygge rammer: fast lønn eller
garantert inntekt, veiledning og tid til kurs. Antallet avtaler med støtte fra programmet økte fra
780 til 910. Nesten halvparten av de nye avtalene ble inngått i kommuner med under 10 000
innbyggere.</p>
"""
        ),
        quote(
            "Uten ALIS-avtalen hadde vi ikke fått tak i en ny fastlege i fjor. Nå har vi tre.",
            "Kommuneoverlege i en kommune i Troms",
        ),
    ]


def r2025_stability(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Stabilitet betyr at innbyggerne møter den samme legen over tid. Det gir bedre oppfølging,
færre innleggelser og lavere dødelighet.[^kontinuitet] Andelen fastleger som har vært i samme
praksis i mer enn tre år, økte fra 71 til 73 prosent.</p>
"""
        ),
        fact_cards(
            "Stabilitet i tall",
            [
                ("73 %", "av fastlegene har vært i samme praksis i mer enn tre år", DEMO_FIGURES),
                ("8,4 %", "av listene ble betjent av vikar i desember", DEMO_FIGURES),
                ("−11 %", "færre vikaruker enn i 2024", DEMO_FIGURES),
            ],
        ),
        heading("Arbeidsbelastning"),
        paragraph(
            """
<p>Mange fastleger oppgir at arbeidsmengden er for stor, særlig på grunn av administrativt arbeid
og legevakt. Programmet har sammen med KS og Legeforeningen kartlagt hvilke attester og
erklæringer som kan forenkles eller fjernes.[^attester]</p>
"""
        ),
    ]


def r2025_quality(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>God kvalitet i fastlegetjenesten handler om mer enn tilgjengelighet. Programmet støttet i 2025
fire utviklingsprosjekter om samarbeid mellom fastleger, hjemmetjenester og sykehus.</p>
"""
        ),
        accordion(
            "Utviklingsprosjekter i 2025",
            [
                (
                    "Felles pasientplan for skrøpelige eldre",
                    "<p>Fastleger og hjemmetjenesten i seks kommuner har prøvd ut en felles plan for "
                    "oppfølging av eldre med sammensatte behov.</p>",
                ),
                (
                    "Digitale dialogmøter med sykehuset",
                    "<p>Korte videomøter mellom fastlege og sykehuslege før utskrivning, prøvd ut i to "
                    "helseforetak.</p>",
                ),
                (
                    "Teamorganisert legekontor",
                    "<p>Legekontorer med sykepleier, helsesekretær og fastlege i team har testet faste "
                    "roller for kroniske sykdommer.</p>",
                ),
                (
                    "Veiledning i små kommuner",
                    "<p>Nyutdannede fastleger i små kommuner får en erfaren kollega som veileder over "
                    "kommunegrensen.</p>",
                ),
            ],
        ),
    ]


def r2025_economy(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Programmet disponerte 318 millioner kroner i 2025. Av dette gikk 301 millioner til tilskudd til
kommunene, og 17 millioner til programdrift, kampanjer og evaluering.[^budsjett] Ubrukte midler
skyldes i hovedsak at noen ALIS-avtaler startet senere enn planlagt.</p>
"""
        ),
        table(
            "Programmets budsjett og regnskap 2025 (mill. kr)",
            [("text", "Post"), ("text", "Budsjett"), ("text", "Regnskap")],
            [
                ("Tilskudd til kommunene", "301,0", "291,2"),
                ("Kampanjer og kommunikasjon", "6,5", "6,1"),
                ("Evaluering og kunnskapsgrunnlag", "5,0", "4,2"),
                ("Programdrift", "5,5", "5,3"),
                ("Sum", "318,0", "306,8"),
            ],
            source=DEMO_SOURCE,
        ),
    ]


def r2025_grants(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Tilskuddene fordeles etter søknad. Statsforvalterne behandler søknadene og følger opp
rapporteringen fra kommunene.[^statsforvalter]</p>
"""
        ),
        grants_table(),
        documents("Last ned tallene", [(r.documents["tilskudd-2025"].pk, "Tilskudd utbetalt 2025")]),
        related_links("Les mer om ordningene", [r.link("tilskuddsordninger"), r.link("alis-avtalar")]),
    ]


def r2025_next(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>I 2026 prioriterer programmet tre områder:</p>
<ul>
<li><b>Stabilitet i distriktene:</b> rekrutterings- og stabiliseringstilskuddet målrettes mot kommuner
med høy vikarbruk.</li>
<li><b>Nye fastleger:</b> mentorordningen utvides til alle helseregioner.</li>
<li><b>Mindre papirarbeid:</b> forslagene om færre attester følges opp sammen med departementet.</li>
</ul>
"""
        ),
        quote(
            "Vi har snudd utviklingen. Nå handler det om å holde fast ved det som virker.",
            "Programleder for Allmennlegeprogrammet",
        ),
    ]


REPORT_2025 = PageSpec(
    "ReportPage",
    "arsrapport-2025",
    "arsrapport-2025",
    "Årsrapport 2025",
    (Edition(75, report_2025_body),),
    summary=(
        "Årsrapporten viser hva Allmennlegeprogrammet fikk til i 2025: flere fastleger, flere ALIS-avtaler "
        "og færre innbyggere på lister uten fast lege."
    ),
    fields=lambda r: {"year": 2025},
    footnotes=(("forord-tall", "<p>Alle tall i denne demoutgaven av rapporten er illustrative.</p>"),),
    tags=("Årsrapport", "Rekruttering", "Tilskudd"),
    attachments=(("arsrapport-2025", "Årsrapport 2025 (PDF)"),),
    social_image="fjord",
    children=(
        PageSpec(
            "ChapterPage",
            "r2025-innledning",
            "innledning",
            "Innledning",
            (Edition(75, r2025_introduction),),
            summary="Hva rapporten handler om, og hvordan den er bygget opp.",
            footnotes=(
                ("oppdrag", "<p>Oppdragsbrev fra Helse- og omsorgsdepartementet til Helsedirektoratet for 2025.</p>"),
                (
                    "datagrunnlag",
                    "<p>Fastlegeregisteret forvaltes av Helsedirektoratet. Statistikken publiseres kvartalsvis.</p>",
                ),
            ),
        ),
        PageSpec(
            "ChapterPage",
            "r2025-maloppnaelse",
            "maloppnaelse",
            "Måloppnåelse",
            (Edition(75, r2025_goals),),
            summary="Status for programmets tre hovedmål.",
            footnotes=(
                (
                    "indikatorer",
                    "<p>Indikatorene ble fastsatt da programmet startet og er de samme hvert år, slik "
                    "at utviklingen kan sammenlignes.</p>",
                ),
            ),
            children=(
                PageSpec(
                    "ChapterPage",
                    "r2025-rekruttering",
                    "rekruttering",
                    "Rekruttering",
                    (Edition(75, r2025_recruitment),),
                    summary="Flere fastleger og flere leger i spesialisering i allmennmedisin.",
                    footnotes=(
                        ("fastlegeregister", "<p>Fastlegeregisteret per 31. desember 2025 (demotall).</p>"),
                        (
                            "vikarer",
                            "<p>En liste regnes som betjent av vikar når listeinnehaveren ikke er fast "
                            "ansatt eller selvstendig næringsdrivende på listen.</p>",
                        ),
                    ),
                ),
                PageSpec(
                    "ChapterPage",
                    "r2025-stabilitet",
                    "stabilitet",
                    "Stabilitet",
                    (Edition(75, r2025_stability),),
                    summary="Flere fastleger blir i jobben, og færre lister betjenes av vikar.",
                    footnotes=(
                        (
                            "kontinuitet",
                            "<p>Sandvik H. mfl. (2022): Continuity in general practice as predictor of "
                            "mortality, acute hospitalisation, and use of out-of-hours care. "
                            "<i>British Journal of General Practice</i>.</p>",
                        ),
                        ("attester", "<p>Kartleggingen ble avsluttet i oktober 2025.</p>"),
                    ),
                ),
                PageSpec(
                    "ChapterPage",
                    "r2025-kvalitet",
                    "kvalitet-og-samhandling",
                    "Kvalitet og samhandling",
                    (Edition(75, r2025_quality),),
                    summary="Utviklingsprosjekter om samarbeid rundt pasienter med sammensatte behov.",
                ),
            ),
        ),
        PageSpec(
            "ChapterPage",
            "r2025-okonomi",
            "okonomi",
            "Økonomi",
            (Edition(75, r2025_economy),),
            summary="Budsjett og regnskap for programmet i 2025.",
            footnotes=(("budsjett", "<p>Kap. 762 i statsbudsjettet for 2025 (demotall).</p>"),),
            children=(
                PageSpec(
                    "ChapterPage",
                    "r2025-tilskudd",
                    "tilskudd-til-kommunene",
                    "Tilskudd til kommunene",
                    (Edition(75, r2025_grants),),
                    summary="Hvordan tilskuddene ble fordelt mellom ordningene.",
                    footnotes=(
                        (
                            "statsforvalter",
                            "<p>Statsforvalteren er statens representant i fylket og forvalter flere "
                            "tilskudd på vegne av Helsedirektoratet.</p>",
                        ),
                    ),
                ),
            ),
        ),
        PageSpec(
            "ChapterPage",
            "r2025-veien-videre",
            "veien-videre",
            "Veien videre",
            (Edition(75, r2025_next),),
            summary="Programmets prioriteringer for 2026.",
        ),
    ),
)


# --- Årsrapport 2024 ------------------------------------------------------------------


def report_2024_body(r: Refs) -> list[dict]:
    return [
        heading("Forord"),
        paragraph(
            """
<p>2024 var programmets første hele driftsår. Vi etablerte tilskuddsordningene, fikk på plass
samarbeidet med statsforvalterne og startet rekrutteringskampanjen «Bli fastlege».</p>
"""
        ),
        fact_cards(
            "2024 i korte trekk",
            [
                ("5\u00a0710", "fastleger ved utgangen av året", DEMO_FIGURES),
                ("780", "ALIS-avtaler med støtte", DEMO_FIGURES),
            ],
        ),
    ]


def r2024_summary(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Antallet fastleger økte med 95, og antallet innbyggere på lister uten fast lege gikk ned fra
171 000 til 160 600.[^tall-2024] Nedgangen kom i hovedsak i de store byene.</p>
"""
        ),
    ]


def r2024_results(r: Refs) -> list[dict]:
    return [
        heading("Tilskudd"),
        paragraph("<p>Tilskuddene ble lyst ut i februar, og de første utbetalingene kom i juni.</p>"),
        heading("Kampanje"),
        paragraph(
            "<p>Kampanjen «Bli fastlege» ble lansert i september og nådde særlig medisinstudenter og leger i LIS1.</p>"
        ),
    ]


def r2024_alis(r: Refs) -> list[dict]:
    return [
        table(
            "ALIS-avtaler med støtte per helseregion, 2024",
            [("text", "Helseregion"), ("number", "ALIS-avtaler")],
            [("Helse Sør-Øst", "350"), ("Helse Vest", "160"), ("Helse Midt-Norge", "130"), ("Helse Nord", "140")],
            source=DEMO_SOURCE,
        ),
    ]


REPORT_2024 = PageSpec(
    "ReportPage",
    "arsrapport-2024",
    "arsrapport-2024",
    "Årsrapport 2024",
    (Edition(440, report_2024_body),),
    summary="Programmets første hele driftsår: tilskuddsordningene kom på plass, og kampanjen «Bli fastlege» startet.",
    fields=lambda r: {"year": 2024},
    tags=("Årsrapport",),
    attachments=(("arsrapport-2024", "Årsrapport 2024 (PDF)"),),
    social_image="dal",
    children=(
        PageSpec(
            "ChapterPage",
            "r2024-sammendrag",
            "sammendrag",
            "Sammendrag",
            (Edition(440, r2024_summary),),
            footnotes=(("tall-2024", "<p>Fastlegeregisteret per 31. desember 2024 (demotall).</p>"),),
        ),
        PageSpec(
            "ChapterPage",
            "r2024-resultater",
            "resultater",
            "Resultater",
            (Edition(440, r2024_results),),
            children=(
                PageSpec(
                    "ChapterPage",
                    "r2024-alis",
                    "alis-avtaler",
                    "ALIS-avtaler",
                    (Edition(440, r2024_alis),),
                ),
            ),
        ),
    ),
)
