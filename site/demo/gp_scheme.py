"""Demo pages about the GP scheme itself: lists and list ceilings, funding, the
municipality's duties, out-of-hours services, supervision, the FLO figures, and the
2023 evaluation of the scheme as a report with chapters and a PDF.

These are the pages GPs and municipality staff search for ("listetak", "basistilskudd",
"kommunens ansvar", "fastlegeordningen evaluering 2023"), so the judged query set in
bench/search_judgements.json is written against them. Texts are in bokmål unless the
page says otherwise; the out-of-hours page and the mentoring grant are in nynorsk and
two pages are in English. Every figure is illustrative.
"""

from __future__ import annotations

from .reports import DEMO_FIGURES
from .spec import Edition, PageSpec
from .stream import (
    Refs,
    accordion,
    call_to_action,
    fact_cards,
    heading,
    key_figures,
    paragraph,
    quote,
    related_links,
    table,
)

EVALUATION_SOURCE = "Kilde: Evaluering av fastlegeordningen 2023. Illustrative demotall."

# --- The hub and its pages (bokmål) ----------------------------------------------------


def hub_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Fastlegeordningen gir alle som bor i Norge, rett til en fast allmennlege. Ordningen ble innført
i 2001, og i dag har hver fastlege ansvar for sin egen liste med innbyggere.[^innfort]
Fastlegene er kjernen i allmennlegetjenesten, som også omfatter legevakt, sykehjemsleger og leger
ved helsestasjonene.</p>
"""
        ),
        key_figures("Fastlegeordningen i dag", ["gp_agreements", "average_list_length", "lists_without_gp"]),
        heading("Slik er ordningen bygd opp"),
        paragraph(
            """
<p>Kommunene har ansvaret for å tilby innbyggerne en fastlege, og inngår avtaler med legene. De
fleste fastlegene driver egen praksis som selvstendig næringsdrivende, mens en økende andel er
ansatt med fast lønn. Staten fastsetter regelverket og takstene, og Helfo forvalter avtalene og
listene.</p>
"""
        ),
        related_links(
            "Les mer om fastlegeordningen",
            [
                r.link("kommunens-ansvar"),
                r.link("listetak"),
                r.link("finansiering"),
                r.link("naeringsdrift-eller-fastlonn"),
                r.link("legevakt"),
                r.link("veiledning"),
                r.link("evaluering-2023"),
            ],
        ),
    ]


def municipality_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Kommunens ansvar for allmennlegetjenesten følger av helse- og omsorgstjenesteloven: kommunen
skal sørge for at alle som oppholder seg i kommunen, får nødvendige helse- og omsorgstjenester,
også legehjelp.[^hol] For fastlegeordningen betyr det at kommunen må ha nok fastleger til at alle
innbyggere som ønsker det, får plass på en liste.</p>
"""
        ),
        heading("Hva kommunen må sørge for"),
        paragraph(
            """
<ul>
<li>Nok fastlegehjemler, slik at innbyggerne kan velge og bytte fastlege</li>
<li>Legevakt hele døgnet, alene eller sammen med nabokommuner</li>
<li>Vikar når en liste står uten fast lege</li>
<li>Leger til sykehjem, helsestasjon og andre kommunale oppgaver</li>
<li>Samarbeid med fastlegene, blant annet gjennom et samarbeidsutvalg</li>
</ul>
"""
        ),
        heading("Kommunen som avtalepart"),
        paragraph(
            """
<p>Kommunen inngår en individuell avtale med hver fastlege. Avtalen regulerer blant annet
listetak, åpningstider og deltakelse i legevakt. Fastlegeforskriften stiller krav både til
kommunen og til fastlegen, og kommunen skal følge med på at fastlegene oppfyller kravene.[^flf]</p>
"""
        ),
        heading("Kommunale allmennlegeoppgaver", "h3"),
        paragraph(
            """
<p>Kommunen kan pålegge en fastlege i full stilling å bruke inntil 7,5 timer i uken på offentlige
allmennlegeoppgaver, som tilsyn ved sykehjem eller arbeid på helsestasjonen.</p>
"""
        ),
        call_to_action(
            "Trenger kommunen hjelp til rekruttering?",
            "Programmet har tre tilskuddsordninger for kommuner som vil rekruttere og beholde fastleger.",
            r.link("tilskuddsordninger", "Se tilskuddsordningene"),
        ),
    ]


def list_ceiling_body(r: Refs) -> list[dict]:
    return [
        heading("Hva er listetak?"),
        paragraph(
            """
<p>Listetaket er det høyeste antallet personer en fastlege kan ha på pasientlisten sin. Fastlegen
og kommunen avtaler listetaket når avtalen inngås. En fastlege i full stilling har normalt et
listetak mellom 500 og 2 500 personer.[^forskrift-liste]</p>
"""
        ),
        heading("Redusere listetaket", "h3"),
        paragraph(
            """
<p>Fastlegen kan be kommunen om å redusere listetaket, for eksempel for å få en arbeidsuke som går
opp eller for å ta andre oppgaver i kommunen. Når listen reduseres, flyttes noen av pasientene til
andre fastleger. Pasientene får beskjed og kan selv velge en annen lege med ledig plass.</p>
"""
        ),
        heading("Listelengde"),
        paragraph(
            """
<p>Hvor mange personer som står på en gjennomsnittlig liste, viser nøkkeltallene fra FLO under.
Listene har blitt kortere de siste årene. Kortere lister gir fastlegene bedre tid til hver pasient, men betyr også at kommunene
trenger flere fastleger for å gi alle innbyggere en lege.[^listelengde]</p>
"""
        ),
        # Read from the FLO statistics, so the page and the statistics always agree.
        key_figures("Pasientlister i tall", ["average_list_length", "lists_without_gp", "share_without_gp"]),
        heading("Lister uten fast lege"),
        paragraph(
            f"""
<p>Når en fastlege slutter og ingen tar over, står pasientlisten uten fast lege. Kommunen må da
sørge for en vikar til listen får en ny fastlege. Hvor mange innbyggere som står på slike lister,
går fram av de månedlige FLO-tallene. Se {r.page_link("statistikk", "tallene for din kommune")}.</p>
"""
        ),
        accordion(
            "Spørsmål og svar",
            [
                (
                    "Hva betyr ledig kapasitet?",
                    "<p>Ledig kapasitet er forskjellen mellom listetaket og antallet personer på listen. Har "
                    "fastlegen ledig kapasitet, kan nye pasienter velge henne eller ham.</p>",
                ),
                (
                    "Kan jeg bytte fastlege?",
                    "<p>Ja, du kan bytte fastlege inntil to ganger i året, til en lege med ledig plass på "
                    "listen. Det gjør du på helsenorge.no.</p>",
                ),
            ],
        ),
    ]


def funding_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Fastlegeordningen finansieres av kommunene, staten og pasientene. En fastlege som er
selvstendig næringsdrivende, har tre inntektskilder.[^finansiering]</p>
"""
        ),
        table(
            "Fastlegenes inntektskilder",
            [("text", "Inntekt"), ("text", "Hvem betaler"), ("text", "Andel av inntekten")],
            [
                ("Basistilskudd per person på listen", "Kommunen", "Om lag 30 %"),
                ("Refusjoner etter takst", "Staten, gjennom Helfo", "Om lag 50 %"),
                ("Egenandeler", "Pasientene", "Om lag 20 %"),
            ],
            source="Kilde: Allmennlegeprogrammet. Illustrative demotall.",
        ),
        heading("Basistilskuddet"),
        paragraph(
            """
<p>Basistilskuddet er et fast beløp per år for hver person på fastlegens liste. Kommunen betaler
basistilskuddet til fastlegen, uansett hvor ofte pasienten kommer. Tilskuddet skal dekke en del av
utgiftene til å drive legekontoret og til å ha ansvar for listen.</p>
<p>Fra 2024 er basistilskuddet høyere per person for de første 1 000 personene på listen. Endringen
skal gjøre det lettere å ha en kortere liste og mer tid til hver pasient.</p>
"""
        ),
        heading("Fastlønn"),
        paragraph(
            f"""
<p>Når fastlegen er ansatt i kommunen med fast lønn, får kommunen basistilskuddet og refusjonene.
Les mer om {r.page_link("naeringsdrift-eller-fastlonn", "forskjellen på næringsdrift og fastlønn")}.</p>
"""
        ),
        heading("Tilskudd til kommunene"),
        paragraph(
            f"""
<p>I tillegg til finansieringen av fastlegene kan kommunene søke om tilskudd gjennom programmet.
Se {r.page_link("tilskuddsordninger", "tilskuddsordningene")}.</p>
"""
        ),
    ]


def practice_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>De fleste fastleger er selvstendig næringsdrivende: de har en avtale med kommunen om en liste,
men driver legekontoret for egen regning, ofte sammen med kolleger. Stadig flere kommuner tilbyr i
stedet fast ansettelse med lønn, særlig til nye fastleger.[^andel]</p>
"""
        ),
        table(
            "Næringsdrift og fastlønn sammenlignet",
            [("text", "Forhold"), ("text", "Næringsdrift"), ("text", "Fastlønn")],
            [
                ("Inntekt", "Basistilskudd, refusjoner og egenandeler", "Fast lønn fra kommunen"),
                ("Økonomisk risiko", "Legen bærer risikoen for drift og investeringer", "Kommunen bærer risikoen"),
                ("Sykdom og ferie", "Legen må selv skaffe vikar", "Rettigheter som andre ansatte"),
                ("Innflytelse", "Stor frihet til å organisere kontoret", "Kommunen bestemmer rammene"),
            ],
        ),
        heading("Hvorfor velger mange fastlønn?"),
        paragraph(
            """
<p>Fastlønn gir forutsigbarhet de første årene, mens legen bygger opp listen og tar
spesialiseringen i allmennmedisin. Mange kombinerer fastlønn med en ALIS-avtale. Når listen er
etablert, går en del over til næringsdrift.</p>
"""
        ),
        quote(
            "Fastlønn gjorde at jeg turte å si ja til en kommune jeg ikke kjente.",
            "Fastlege i en kommune i Innlandet",
        ),
    ]


def supervision_body(r: Refs) -> list[dict]:
    return [
        heading("LIS1 i kommunen"),
        paragraph(
            """
<p>LIS1 er den første delen av spesialistutdanningen for alle leger. Den består av tolv måneder i
sykehus og seks måneder i en kommune, der legen arbeider på et legekontor og har legevakt. Kommunen
skal sørge for at LIS1-legen har en veileder og en lege som har ansvaret for supervisjon i det
daglige.[^spesialistforskrift]</p>
"""
        ),
        heading("Spesialisering i allmennmedisin"),
        paragraph(
            """
<p>Leger som vil bli spesialister i allmennmedisin, arbeider minst fem år i allmennpraksis med
veiledning, kurs og ett år i sykehus. Med en ALIS-avtale får legen tid og rammer til dette mens hun
eller han har sin egen liste.</p>
"""
        ),
        heading("Veilederens rolle", "h3"),
        paragraph(
            """
<p>Veilederen er spesialist i allmennmedisin og møter legen jevnlig for å snakke om faglige
spørsmål, læringsmål og vurderinger. I tillegg deltar legen i en veiledningsgruppe med andre leger
i spesialisering i to år.</p>
"""
        ),
        fact_cards(
            "Veiledning i tall",
            [
                ("2 år", "i veiledningsgruppe under spesialiseringen", "Spesialistforskriften"),
                ("910", "ALIS-avtaler med støtte fra programmet i 2025", DEMO_FIGURES),
            ],
        ),
        related_links(
            "Les mer",
            [r.link("alis-avtalar"), r.link("rettleiing-og-mentorordning"), r.link("bli-fastlege")],
        ),
    ]


def flo_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>FLO er systemet som forvalter fastlegeordningen. Hver måned hentes det ut tall for hver kommune:
antall fastlegeavtaler, lister uten fast lege, innbyggere på slike lister og ledig kapasitet på
listene.[^flo] FLO-tall for en liten kommune kan svinge mye fra måned til måned: når én fastlege
slutter, kan hundrevis av innbyggere stå på en liste uten fast lege til en ny lege begynner.</p>
"""
        ),
        heading("Indikatorene"),
        table(
            "Indikatorer i FLO-statistikken",
            [("text", "Indikator"), ("text", "Hva den viser")],
            [
                ("Fastlegeavtaler", "Antall avtaler mellom kommunen og en fastlege"),
                ("Lister uten fast lege", "Lister som betjenes av vikar eller står ubesatt"),
                ("Gjennomsnittlig listelengde", "Personer på listene delt på antall lister"),
                ("Ledig kapasitet", "Plasser opp til listetaket som ikke er i bruk"),
            ],
        ),
        heading("Slik bruker du tallene"),
        paragraph(
            f"""
<p>Tallene for fylkene og hele landet er summen av kommunene. Se
{r.page_link("statistikk", "fastlegestatistikken")}, eller last ned tallene som åpne data.
Nyhetsbrevet Fastlegenytt har de ferskeste FLO-tallene hver måned.</p>
"""
        ),
    ]


# --- Nynorsk -----------------------------------------------------------------------------


def out_of_hours_body(r: Refs) -> list[dict]:
    return [
        heading("Kva er legevakt?"),
        paragraph(
            """
<p>Legevakta tek imot pasientar som treng hjelp som ikkje kan vente til fastlegen har opningstid.
Kommunane har ansvar for at innbyggjarane kan få legehjelp heile døgnet, og at legevakta kan rykke
ut ved akutt sjukdom og skade.[^akuttforskrift] Dei fleste legevaktene er drivne av fleire kommunar
saman, som interkommunal legevakt.</p>
"""
        ),
        heading("Plikt til å delta"),
        paragraph(
            """
<p>Fastlegane har plikt til å delta i den kommunale legevakta, med mindre dei har fått fritak.
Kommunen kan gje fritak når tungtvegande grunnar talar for det, til dømes helse eller omsorg for
små born. Mange kommunar gjev eldre legar fritak etter avtale.</p>
"""
        ),
        heading("Vaktbelastning"),
        paragraph(
            """
<p>I små kommunar kan ein lege ha vakt kvar tredje eller fjerde natt. Tung vaktbelastning er ein av
dei viktigaste grunnane til at legane sluttar i distrikta.[^vaktbelastning] Kommunane kan gjere
vakta lettare ved å slå saman vaktdistrikt, bruke ein legevaktsentral med sjukepleiarar og tilsetje
eigne legevaktlegar.</p>
"""
        ),
        fact_cards(
            "Legevakt i tal",
            [
                ("1 av 3", "fastlegar i distrikta seier at vakta er for tung", "Illustrative demotal"),
                ("88 %", "av kommunane er med i ei interkommunal legevakt", "Illustrative demotal"),
            ],
        ),
        heading("Tilskot"),
        paragraph(
            f"""
<p>Kommunar med tung vaktbelastning kan søkje tilskotet til rekruttering og stabilisering.
Tilskotet kan mellom anna nyttast til samarbeid om legevakt med nabokommunane. Les meir om
{r.page_link("rekruttering-og-stabilisering", "ordninga")}.</p>
"""
        ),
        accordion(
            "Spørsmål og svar",
            [
                (
                    "Kva er kvilande vakt?",
                    "<p>Kvilande vakt er vakt der legen kan sove når det er roleg, men må vere klar til å "
                    "rykke ut. Tida blir rekna annleis enn aktiv vakt.</p>",
                ),
                (
                    "Kva kompetanse må legevaktlegen ha?",
                    "<p>Legar som har legevakt åleine, må vere spesialistar i allmennmedisin eller ha "
                    "gjennomført LIS1 og kurs i akuttmedisin. Andre legar må ha ein bakvakt som oppfyller "
                    "krava.</p>",
                ),
            ],
        ),
    ]


def mentoring_grant_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Nye fastlegar som har ein erfaren kollega å rådføre seg med, blir oftare verande i kommunen.
Ordninga gjev kommunar og interkommunale samarbeid tilskot til rettleiing og mentorordning for
legane dei første åra.[^mentorinnspel]</p>
"""
        ),
        heading("Kven kan søkje?"),
        paragraph(
            """
<p>Alle kommunane og interkommunale samarbeid kan søkje. Søknadsfristen er 15. september, og
statsforvaltaren handsamar søknadene.</p>
"""
        ),
        heading("Kva kan tilskotet dekkje?"),
        paragraph(
            """
<ul>
<li>Honorar til mentor, til dømes ein time i veka</li>
<li>Reise når mentor og lege er i ulike kommunar</li>
<li>Felles samlingar for nye fastlegar i regionen</li>
</ul>
"""
        ),
        fact_cards(
            "Satsar",
            [
                ("40\u00a0000 kr", "per ny fastlege per år", "Illustrative demotal"),
                ("2 år", "lengste periode med tilskot per lege", "Regelverket for ordninga"),
            ],
        ),
        related_links("Sjå òg", [r.link("alis-avtalar"), r.link("veiledning")]),
    ]


# --- English -----------------------------------------------------------------------------


def patient_lists_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Every regular GP has a patient list. The <i>list ceiling</i> (<i>listetak</i>) is the maximum
number of patients the GP has agreed with the municipality to take on. A full-time GP normally has
between 500 and 2,500 patients; the average list length is about 1,090 patients.[^lists]</p>
"""
        ),
        heading("Shorter lists"),
        paragraph(
            """
<p>Many GPs have reduced their list ceiling in recent years to get a manageable working week. When
GPs shorten their lists, municipalities need more GPs to cover the same population.</p>
"""
        ),
        heading("Lists without a regular GP"),
        paragraph(
            """
<p>When a GP leaves and no one takes over, the list is served by locum doctors until the
municipality finds a new GP. The monthly FLO statistics show how many residents are on such
lists.</p>
"""
        ),
        related_links("Read more", [r.link("gp-scheme"), r.link("listetak", "Listetak og listelengde (Norwegian)")]),
    ]


def funding_en_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>A self-employed regular GP has three sources of income: a per-capita grant
(<i>basistilskudd</i>) from the municipality for each patient on the list, fee-for-service refunds
from the state through Helfo, and patient charges. Salaried GPs are paid by the municipality, which
receives the same income.[^model]</p>
"""
        ),
        heading("Grants for municipalities"),
        paragraph(
            """
<p>The programme offers three grant schemes to municipalities: a grant for ALIS agreements for
doctors specialising in general practice, a recruitment and retention grant for municipalities with
particular difficulties, and a grant for supervision and mentoring of new GPs. Applications go to
the county governor.</p>
"""
        ),
        table(
            "Grant schemes for municipalities",
            [("text", "Scheme"), ("text", "Who can apply"), ("text", "Deadline")],
            [
                ("ALIS agreements", "All municipalities", "1 March"),
                ("Recruitment and retention", "Municipalities with particular difficulties", "1 April"),
                ("Supervision and mentoring", "Municipalities and joint arrangements", "15 September"),
            ],
        ),
    ]


# --- The 2023 evaluation: a report with chapters and the full text as a PDF ---------------


def evaluation_body(r: Refs) -> list[dict]:
    return [
        heading("Forord"),
        paragraph(
            """
<p>Helsedirektoratet ga i 2022 et uavhengig forskningsmiljø i oppdrag å evaluere
fastlegeordningen. Evalueringen ble levert i 2023 og er en viktig del av kunnskapsgrunnlaget for
Allmennlegeprogrammet.[^oppdrag-evaluering]</p>
<p>Hele rapporten kan lastes ned som PDF. Kapitlene under oppsummerer de viktigste funnene.</p>
"""
        ),
    ]


def evaluation_summary(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Evalueringen konkluderer med at fastlegeordningen fortsatt har høy tillit i befolkningen, men at
den er sårbar. Mange fastleger har for stor arbeidsbelastning, og rekrutteringen svikter i deler
av landet.[^tillit] De viktigste funnene er:</p>
<ul>
<li>Åtte av ti innbyggere er fornøyd med fastlegen sin.</li>
<li>Fastlegene arbeider i gjennomsnitt 55 timer i uken.</li>
<li>Nye fastleger slutter oftere i distriktskommuner enn i byene.</li>
<li>Kortere lister og mer teamarbeid kan gi bedre kontinuitet.</li>
</ul>
"""
        ),
    ]


def evaluation_method(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Evalueringen bygger på en spørreundersøkelse blant fastleger og kommuneoverleger, tall fra
fastlegeregisteret for 2013–2022 og samtaler med pasienter og brukerorganisasjoner. Forskerne har
sammenlignet kommuner av ulik størrelse og med ulik organisering av legetjenesten.</p>
"""
        ),
    ]


def evaluation_findings(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Funnene er ordnet etter de to temaene evalueringen la mest vekt på: rekruttering og stabilitet,
og arbeidsbelastning og listelengde.</p>
"""
        ),
    ]


def evaluation_recruitment(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>I perioden 2013–2022 gikk andelen nye fastleger som ble værende i samme kommune i mer enn fem
år, ned fra 62 til 48 prosent. Nedgangen var størst i kommuner med under 5 000 innbyggere.
Kommuner som tilbød fastlønn og ALIS-avtaler, rekrutterte lettere enn andre.</p>
"""
        ),
        table(
            "Andel nye fastleger som ble værende mer enn fem år",
            [("text", "Kommunestørrelse"), ("text", "2013"), ("text", "2022")],
            [
                ("Under 5\u00a0000 innbyggere", "55 %", "37 %"),
                ("5\u00a0000–20\u00a0000 innbyggere", "61 %", "47 %"),
                ("Over 20\u00a0000 innbyggere", "66 %", "53 %"),
            ],
            source=EVALUATION_SOURCE,
        ),
    ]


def evaluation_workload(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Fastlegene oppga en gjennomsnittlig arbeidsuke på 55 timer, inkludert legevakt. Mye av tiden går
til administrativt arbeid, attester og kommunikasjon med andre tjenester. Fastleger med kortere
lister rapporterte lavere arbeidsbelastning, men listelengden alene forklarer lite: legevakt og
kommunale oppgaver betyr like mye.</p>
"""
        ),
        fact_cards(
            "Arbeidsuken",
            [
                ("55 timer", "gjennomsnittlig arbeidsuke for fastleger", DEMO_FIGURES),
                ("20 %", "av tiden går til administrativt arbeid", DEMO_FIGURES),
            ],
        ),
    ]


def evaluation_recommendations(r: Refs) -> list[dict]:
    return [
        paragraph(
            f"""
<p>Evalueringen anbefaler blant annet:</p>
<ol>
<li>En finansieringsmodell med høyere basistilskudd for kortere lister.</li>
<li>Flere ALIS-avtaler og fast lønn for nye fastleger, særlig i distriktene.</li>
<li>Mindre vaktbelastning gjennom interkommunal legevakt.</li>
<li>Teamorganiserte legekontor med sykepleiere og andre yrkesgrupper.</li>
<li>Færre attester og erklæringer.</li>
</ol>
<p>Flere av anbefalingene er fulgt opp i {r.page_link("handlingsplan", "handlingsplanen")} og i
Allmennlegeprogrammet.</p>
"""
        ),
    ]


EVALUATION_2023 = PageSpec(
    "ReportPage",
    "evaluering-2023",
    "evaluering-2023",
    "Evaluering av fastlegeordningen 2023",
    (Edition(300, evaluation_body),),
    summary=(
        "Den uavhengige evalueringen fra 2023 viser hvordan fastlegeordningen fungerer for pasientene, "
        "fastlegene og kommunene, og hva som bør endres."
    ),
    fields=lambda r: {"year": 2023},
    footnotes=(
        (
            "oppdrag-evaluering",
            "<p>Evalueringen, funnene og tallene i denne demoutgaven er fiktive.</p>",
        ),
    ),
    tags=("Evaluering", "Fastlegeordningen"),
    attachments=(("evaluering-2023", "Evaluering av fastlegeordningen 2023 – hele rapporten (PDF)"),),
    social_image="samarbeid",
    children=(
        PageSpec(
            "ChapterPage",
            "e2023-sammendrag",
            "sammendrag",
            "Sammendrag",
            (Edition(300, evaluation_summary),),
            summary="De viktigste funnene i evalueringen.",
            footnotes=(("tillit", "<p>Alle tall i evalueringen er illustrative demotall.</p>"),),
        ),
        PageSpec(
            "ChapterPage",
            "e2023-metode",
            "metode",
            "Metode og datagrunnlag",
            (Edition(300, evaluation_method),),
            summary="Hvilke data evalueringen bygger på.",
        ),
        PageSpec(
            "ChapterPage",
            "e2023-funn",
            "funn",
            "Funn",
            (Edition(300, evaluation_findings),),
            summary="Hva evalueringen fant om rekruttering, stabilitet og arbeidsbelastning.",
            children=(
                PageSpec(
                    "ChapterPage",
                    "e2023-rekruttering",
                    "rekruttering-og-stabilitet",
                    "Rekruttering og stabilitet",
                    (Edition(300, evaluation_recruitment),),
                    summary="Færre nye fastleger blir værende i de minste kommunene.",
                ),
                PageSpec(
                    "ChapterPage",
                    "e2023-arbeidsbelastning",
                    "arbeidsbelastning",
                    "Arbeidsbelastning og listelengde",
                    (Edition(300, evaluation_workload),),
                    summary="Lange arbeidsuker, og hva listelengden betyr for dem.",
                ),
            ),
        ),
        PageSpec(
            "ChapterPage",
            "e2023-anbefalinger",
            "anbefalinger",
            "Anbefalinger",
            (Edition(300, evaluation_recommendations),),
            summary="Hva evalueringen anbefaler at myndighetene og kommunene gjør.",
        ),
    ),
)


GP_SCHEME = PageSpec(
    "GuidancePage",
    "fastlegeordningen",
    "fastlegeordningen",
    "Fastlegeordningen",
    (Edition(330, hub_body),),
    summary="Slik fungerer fastlegeordningen: pasientlister, finansiering, legevakt og kommunens ansvar.",
    footnotes=(
        (
            "innfort",
            "<p>Fastlegeordningen ble innført 1. juni 2001.</p>",
        ),
    ),
    tags=("Fastlegeordningen",),
    social_image="samarbeid",
    children=(
        PageSpec(
            "GuidancePage",
            "kommunens-ansvar",
            "kommunens-ansvar",
            "Kommunens ansvar for allmennlegetjenesten",
            (Edition(325, municipality_body),),
            summary=(
                "Kommunen skal sørge for at alle innbyggerne får en fastlege og legehjelp hele døgnet. "
                "Dette er kommunens ansvar."
            ),
            footnotes=(
                (
                    "hol",
                    "<p>Lov om kommunale helse- og omsorgstjenester m.m. (helse- og omsorgstjenesteloven) "
                    "§ 3-1 og § 3-2.</p>",
                ),
                (
                    "flf",
                    "<p>Forskrift om fastlegeordning i kommunene (fastlegeforskriften), FOR-2012-08-29-842.</p>",
                ),
            ),
            tags=("Kommuner", "Fastlegeordningen"),
        ),
        PageSpec(
            "GuidancePage",
            "listetak",
            "listetak",
            "Listetak og listelengde",
            (Edition(320, list_ceiling_body),),
            summary="Hva listetaket er, hvor lange pasientlistene er, og hva som skjer med en liste uten fast lege.",
            footnotes=(
                (
                    "forskrift-liste",
                    "<p>Fastlegeforskriften har regler om listetak og om når listen kan reduseres.</p>",
                ),
                (
                    "listelengde",
                    "<p>Nøkkeltallene kommer fra FLO. Statistikksiden har de månedlige tallene.</p>",
                ),
            ),
            tags=("Fastlegeordningen", "Arbeidsbelastning"),
        ),
        PageSpec(
            "GuidancePage",
            "finansiering",
            "finansiering",
            "Finansiering og basistilskudd",
            (Edition(315, funding_body),),
            summary="Hvordan fastlegene får betalt: basistilskudd fra kommunen, refusjoner fra staten og egenandeler.",
            footnotes=(
                (
                    "finansiering",
                    "<p>Satser og andeler varierer. Tallene på denne siden er illustrative demotall; gjeldende "
                    "takster står i normaltariffen for fastleger.</p>",
                ),
            ),
            tags=("Fastlegeordningen", "Økonomi"),
        ),
        PageSpec(
            "GuidancePage",
            "naeringsdrift-eller-fastlonn",
            "naeringsdrift-eller-fastlonn",
            "Næringsdrift eller fastlønn?",
            (Edition(310, practice_body),),
            summary="Fastleger kan drive egen praksis eller være ansatt i kommunen. Her er forskjellene.",
            footnotes=(
                (
                    "andel",
                    "<p>Om lag 15 prosent av fastlegene var fast ansatt i 2025 (illustrativt demotall).</p>",
                ),
            ),
            tags=("Rekruttering", "Fastlegeordningen"),
        ),
        PageSpec(
            "GuidancePage",
            "legevakt",
            "legevakt",
            "Legevakt i kommunane",
            (Edition(305, out_of_hours_body),),
            language="nn",
            summary=(
                "Kommunane skal ha legevakt heile døgnet. Slik er ordninga bygd opp, og dette gjeld for "
                "legane som har vakt."
            ),
            footnotes=(
                (
                    "akuttforskrift",
                    "<p>Forskrift om krav til og organisering av kommunal legevaktordning, ambulanseteneste, "
                    "medisinsk naudmeldeteneste mv. (akuttmedisinforskrifta), FOR-2015-03-20-231.</p>",
                ),
                (
                    "vaktbelastning",
                    "<p>Sjå òg kapittelet om arbeidsbelastning i evalueringa av fastlegeordninga frå 2023.</p>",
                ),
            ),
            tags=("Legevakt", "Kommuner"),
        ),
        PageSpec(
            "GuidancePage",
            "veiledning",
            "veiledning",
            "Veiledning av leger i spesialisering (LIS1 og ALIS)",
            (Edition(300, supervision_body),),
            summary=(
                "Slik får leger i spesialisering veiledning i kommunen: fra LIS1 til spesialist i allmennmedisin."
            ),
            footnotes=(
                (
                    "spesialistforskrift",
                    "<p>Forskrift om spesialistutdanning og spesialistgodkjenning for leger og tannleger "
                    "(spesialistforskriften), FOR-2016-12-08-1482.</p>",
                ),
            ),
            tags=("Utdanning", "ALIS"),
            attachments=(("veileder-veiledning", "Veileder for veiledere i allmennmedisin (PDF)"),),
        ),
        EVALUATION_2023,
    ),
)


FLO_FIGURES = PageSpec(
    "GuidancePage",
    "om-flo-tallene",
    "om-flo-tallene",
    "Om FLO-tallene",
    (Edition(65, flo_body),),
    summary="Hva FLO-tallene viser, hvor de kommer fra og hvordan de regnes ut.",
    footnotes=(("flo", "<p>I demoen er FLO-tallene syntetiske.</p>"),),
    tags=("Statistikk",),
)


MENTORING_GRANT = PageSpec(
    "GuidancePage",
    "rettleiing-og-mentorordning",
    "rettleiing-og-mentorordning",
    "Tilskot til rettleiing og mentorordning",
    (Edition(370, mentoring_grant_body),),
    language="nn",
    summary="Tilskotet gjer det mogleg for kommunane å gje nye fastlegar ein erfaren kollega å spørje.",
    footnotes=(
        (
            "mentorinnspel",
            "<p>Mentorordninga kom inn i handlingsplanen etter innspel frå referansegruppa i 2025.</p>",
        ),
    ),
    tags=("Tilskudd", "Rekruttering"),
)


ENGLISH_PAGES = (
    PageSpec(
        "GuidancePage",
        "patient-lists",
        "patient-lists",
        "Patient lists and list ceilings",
        (Edition(360, patient_lists_body),),
        language="en",
        summary="How GP patient lists work in Norway: list ceilings, list length and lists without a regular GP.",
        footnotes=(
            (
                "lists",
                "<p>Regulation on the regular GP scheme (<i>fastlegeforskriften</i>). The average is an "
                "illustrative demo figure.</p>",
            ),
        ),
        tags=("Fastlegeordningen",),
    ),
    PageSpec(
        "GuidancePage",
        "funding",
        "funding",
        "How general practice is funded",
        (Edition(355, funding_en_body),),
        language="en",
        summary="How regular GPs are paid, and which grants the programme offers municipalities.",
        footnotes=(
            (
                "model",
                "<p>The shares of each source vary between practices; see the Norwegian page on funding for "
                "illustrative figures.</p>",
            ),
        ),
        tags=("Tilskudd", "Økonomi"),
    ),
)
