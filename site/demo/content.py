"""The demo site's pages: home, campaigns and the programme's guidance pages.

Texts are in bokmål unless the page says otherwise; the reference group, the grant
schemes, the out-of-hours page and one campaign are in nynorsk, and the pages under
"About the programme in English" are in English, as on the real site where each page
has one language. The pages about the GP scheme itself (lists, funding, the 2023
evaluation) are in gp_scheme.py. Figures are illustrative.
"""

from __future__ import annotations

from .gp_scheme import ENGLISH_PAGES, FLO_FIGURES, GP_SCHEME, MENTORING_GRANT
from .reports import DEMO_FIGURES, REPORT_2024, REPORT_2025, region_table
from .spec import Edition, PageSpec
from .stream import (
    Refs,
    accordion,
    call_to_action,
    documents,
    external,
    fact_cards,
    figure,
    gallery,
    heading,
    hero,
    key_figures,
    paragraph,
    quote,
    related_links,
    table,
    testimonial,
    video,
)

DEMO_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

# --- Campaigns ------------------------------------------------------------------------


def campaign_gp_body(r: Refs) -> list[dict]:
    return [
        hero(
            "Bli fastlege",
            "Ingen andre leger følger pasientene sine like lenge. Bli med og gi innbyggerne en lege de kjenner.",
            r.image("kyst", decorative=True),
        ),
        heading("Hvorfor bli fastlege?"),
        paragraph(
            """
<p>Som fastlege har du ansvar for rundt tusen innbyggere, og du blir kjent med dem over mange år.
Du ser hele mennesket: småbarnsfamilien, ungdommen som strever, den eldre pasienten med flere
sykdommer. Få jobber i helsetjenesten gir så mye faglig bredde og så mye frihet til å forme
arbeidsdagen selv.</p>
<ul>
<li><b>Faglig bredde:</b> fra øyebetennelse til demens, fra svangerskapskontroll til palliasjon.</li>
<li><b>Kontinuitet:</b> du følger pasienter og familier over tid, og ser at det du gjør virker.</li>
<li><b>Fleksibilitet:</b> velg mellom fast lønn og egen praksis, i by eller distrikt.</li>
</ul>
"""
        ),
        key_figures("Fastlegeordningen i tall", ["gp_agreements", "average_list_length", "share_without_gp"]),
        fact_cards(
            "Utdanning",
            [
                ("910", "leger i spesialisering med ALIS-avtale", DEMO_FIGURES),
                ("5 år", "minste tid til spesialist i allmennmedisin", "Helsedirektoratet"),
            ],
        ),
        heading("Fastlegene forteller"),
        testimonial(
            "Jeg kom til Alta som vikar for ett år. Det er åtte år siden. Det er pasientene som gjør at "
            "jeg blir: jeg kjenner dem, og de kjenner meg.",
            "Ingrid Solberg",
            "fastlege i Alta",
            r.image("portrett-ingrid"),
        ),
        testimonial(
            "Med fast lønn de første årene kunne jeg konsentrere meg om faget. Nå driver jeg egen "
            "praksis sammen med tre kolleger, og vi bestemmer selv hvordan kontoret skal drives.",
            "Amir Haddad",
            "fastlege i Drammen",
            r.image("portrett-amir"),
        ),
        quote(
            "Fastlegen er den legen de fleste av oss møter oftest. Derfor må det være godt å være fastlege.",
            "Programleder for Allmennlegeprogrammet",
        ),
        heading("Slik kommer du i gang"),
        paragraph(
            f"""
<ol>
<li>Fullfør LIS1, den første delen av spesialistutdanningen.</li>
<li>Finn en kommune med ledig fastlegehjemmel. Spør om kommunen tilbyr
{r.page_link("alis-avtalar", "ALIS-avtale")}.</li>
<li>Bli spesialist i allmennmedisin med veiledning, kurs og legevakt underveis. Det tar minst fem år.</li>
</ol>
"""
        ),
        video(
            DEMO_VIDEO,
            "Kampanjefilmen «Bli fastlege»",
            "I demoen vises en åpen testfilm (Big Buck Bunny) i stedet for kampanjefilmen. "
            "Tekstversjon av kampanjefilmen: En fastlege i en distriktskommune tar imot pasienter, "
            "drar på hjemmebesøk og møter kolleger til lunsj. Hun forteller hvorfor hun valgte faget.",
        ),
        gallery(
            "Fastlege i hele landet",
            [
                figure(r.image("vinter"), "Fjellbygd om vinteren.", "Illustrasjon: Allmennlegeprogrammet"),
                figure(r.image("midnattssol"), "Midnattssol i nord.", "Illustrasjon: Allmennlegeprogrammet"),
                figure(r.image("dal"), "Dalføre om høsten.", "Illustrasjon: Allmennlegeprogrammet"),
            ],
        ),
        accordion(
            "Spørsmål og svar",
            [
                (
                    "Hva er en ALIS-avtale?",
                    "<p>En avtale mellom kommunen og en lege i spesialisering i allmennmedisin (ALIS). "
                    "Avtalen gir forutsigbar inntekt, veiledning og tid til utdanning.</p>",
                ),
                (
                    "Må jeg drive egen praksis?",
                    "<p>Nei. Mange kommuner tilbyr fast ansettelse med lønn, særlig de første årene. "
                    "Du kan gå over til egen praksis senere.</p>",
                ),
                (
                    "Hva er et listetak?",
                    "<p>Listetaket er det høyeste antallet innbyggere du har ansvar for. Du avtaler det "
                    "med kommunen, og du kan be om å redusere det.</p>",
                ),
                (
                    "Kan jeg jobbe deltid?",
                    "<p>Ja. Med et lavere listetak kan du kombinere fastlegearbeid med forskning, "
                    "undervisning eller andre kommunale oppgaver.</p>",
                ),
                (
                    "Hvor mye legevakt må jeg ha?",
                    "<p>Det varierer mellom kommunene. Spør kommunen om vaktordningen før du takker "
                    "ja, og om du kan få fritak etter noen år.</p>",
                ),
            ],
            block_type="faq",
        ),
        call_to_action(
            "Vil du vite mer?",
            "Vi forteller hvilke tilskudd som gjelder der du vil jobbe, og setter deg i kontakt med kommunen.",
            r.link("kontakt", "Kontakt programmet"),
        ),
        related_links(
            "Les mer",
            [
                r.link("tilskuddsordninger"),
                r.link("handlingsplan"),
                external("https://www.helsenorge.no", "Helsenorge: om fastlegen din"),
                external("https://www.legeforeningen.no", "Den norske legeforening"),
            ],
        ),
    ]


def campaign_rural_body(r: Refs) -> list[dict]:
    return [
        hero(
            "Fastlege i distrikta",
            "Breitt fag, nære kollegaer og fjellet rett utanfor kontorvindauget.",
            r.image("vinter", decorative=True),
        ),
        paragraph(
            """
<p>I ein liten kommune blir fastlegen ein viktig del av lokalsamfunnet. Du møter pasientane på
legekontoret, på sjukeheimen og på legevakta, og du samarbeider tett med heimetenesta,
helsestasjonen og jordmora. Mange distriktskommunar tilbyr fast løn, fri bustad det første året
og betalt etterutdanning.</p>
"""
        ),
        testimonial(
            "Eg trudde eg skulle bli her eitt år. No kjenner eg halve bygda, og eg har aldri lært så mykje "
            "som dei første åra her.",
            "Sigrid Nygaard",
            "fastlege i Lærdal",
            r.image("portrett-sigrid"),
        ),
        fact_cards(
            "Dette kan kommunen tilby",
            [
                ("Fast løn", "i dei første åra, med garantert inntekt", "Varierer mellom kommunane"),
                ("ALIS-avtale", "med rettleiing og tid til kurs", "Sjå tilskotsordningane"),
            ],
        ),
        accordion(
            "Spørsmål og svar",
            [
                (
                    "Kor ofte må eg ha legevakt?",
                    "<p>I små kommunar er vakta ofte delt med nabokommunane. Spør kommunen om "
                    "vaktbelastninga før du søkjer.</p>",
                ),
                (
                    "Kan familien min få jobb?",
                    "<p>Mange kommunar hjelper partnaren med å finne arbeid. Ta det opp tidleg i "
                    "samtalen med kommunen.</p>",
                ),
            ],
            block_type="faq",
        ),
        call_to_action(
            "Les om tilskot til ALIS-avtalar",
            "Kommunar kan få tilskot når dei tilset ein lege i spesialisering.",
            r.link("alis-avtalar", "Tilskot til ALIS-avtalar"),
        ),
    ]


def campaign_students_body(r: Refs) -> list[dict]:
    return [
        hero(
            "Medisinstudent? Tenk allmennmedisin",
            "Allmennmedisin er den største spesialiteten i Norge, og den med flest ledige stillinger.",
            r.image("midnattssol", decorative=True),
        ),
        paragraph(
            """
<p>Allmennmedisin er faget for deg som liker variasjon, vil kjenne pasientene dine og vil ha
innflytelse på egen arbeidsdag. Bruk praksisperioden i studiet til å bli kjent med faget, og
spør om å få følge en fastlege på legevakt.</p>
"""
        ),
        testimonial(
            "I LIS1 fikk jeg seks måneder i en kommune i Agder. Der skjønte jeg at det var dette jeg ville.",
            "Jonas Eriksen",
            "lege i spesialisering i allmennmedisin i Lyngdal",
            r.image("portrett-jonas"),
        ),
        call_to_action(
            "Se hvordan du blir fastlege",
            "Les om veien fra LIS1 til spesialist i allmennmedisin.",
            r.link("bli-fastlege", "Bli fastlege"),
        ),
    ]


CAMPAIGNS = PageSpec(
    "CampaignIndexPage",
    "kampanjer",
    "kampanjer",
    "Kampanjer",
    (Edition(420),),
    summary="Kampanjene våre viser fram fastlegeyrket og hjelper kommuner og leger med å finne hverandre.",
    children=(
        PageSpec(
            "CampaignPage",
            "bli-fastlege",
            "bli-fastlege",
            "Bli fastlege",
            (Edition(400, campaign_gp_body),),
            summary=(
                "Fastlegen kjenner pasientene sine over tid og gjør en forskjell hver dag. Slik kommer du i gang."
            ),
            social_image="kyst",
            social_text="Bli fastlege – et yrke med mening, frihet og faglig bredde. Se hvordan du kommer i gang.",
            tags=("Rekruttering", "ALIS"),
        ),
        PageSpec(
            "CampaignPage",
            "fastlege-i-distrikta",
            "fastlege-i-distrikta",
            "Fastlege i distrikta",
            (Edition(150, campaign_rural_body),),
            language="nn",
            summary="I små kommunar får fastlegen eit breitt fag, nære kollegaer og eit lokalsamfunn som set pris på arbeidet.",
            social_image="vinter",
            social_text="Bli fastlege i distrikta: breitt fag, fast løn og nære kollegaer.",
            tags=("Rekruttering", "Distrikt"),
        ),
        PageSpec(
            "CampaignPage",
            "medisinstudent",
            "medisinstudent",
            "Medisinstudent? Tenk allmennmedisin",
            (Edition(60, campaign_students_body),),
            summary="Allmennmedisin gir variasjon, kontinuitet og innflytelse. Bli kjent med faget allerede i studiet.",
            social_image="midnattssol",
            tags=("Rekruttering", "Utdanning"),
        ),
    ),
)


# --- About the programme ----------------------------------------------------------------


def about_body(r: Refs) -> list[dict]:
    return [
        heading("Bakgrunn"),
        paragraph(
            """
<p>Fastlegeordningen ble innført i 2001 og gir alle som bor i Norge rett til en fast allmennlege.[^fastlegeforskriften]
Fastlegen er for de fleste inngangen til helsetjenesten og har ansvar for
både akutt hjelp, oppfølging av kroniske sykdommer og forebygging.</p>
<p>De siste årene har mange kommuner slitt med å rekruttere og beholde fastleger, og mange
innbyggere har stått på lister uten fast lege. Regjeringen la i 2020 fram en handlingsplan for
allmennlegetjenesten.[^handlingsplan] Allmennlegeprogrammet følger opp planen på oppdrag fra
Helse- og omsorgsdepartementet.</p>
"""
        ),
        heading("Mål"),
        paragraph(
            """
<ul>
<li>Flere leger velger å bli fastlege.</li>
<li>Fastlegene blir i jobben, og innbyggerne har den samme legen over tid.</li>
<li>Fastlegetjenesten holder god kvalitet og samarbeider godt med resten av helsetjenesten.</li>
</ul>
"""
        ),
        heading("Hva programmet gjør"),
        heading("Rekruttering", "h3"),
        paragraph("<p>Vi forvalter tilskudd til kommunene og driver den nasjonale kampanjen «Bli fastlege».</p>"),
        heading("Utdanning og veiledning", "h3"),
        paragraph(
            "<p>Vi støtter ALIS-avtaler og en mentorordning der nye fastleger får en erfaren kollega å spørre.</p>"
        ),
        heading("Kunnskap og evaluering", "h3"),
        paragraph(
            "<p>Vi følger utviklingen i fastlegeordningen og får tiltakene evaluert av et uavhengig "
            "forskningsmiljø.[^evaluering]</p>"
        ),
        fact_cards(
            "Programmet i korte trekk",
            [
                ("2024–2028", "programperiode", ""),
                ("3", "tilskuddsordninger for kommunene", ""),
                ("4", "helseregioner med egne regionale kontaktpersoner", ""),
            ],
        ),
        related_links(
            "Les videre",
            [r.link("organisering"), r.link("handlingsplan"), r.link("english", "About the programme in English")],
        ),
    ]


def organisation_body(r: Refs) -> list[dict]:
    return [
        heading("Slik er programmet organisert"),
        paragraph(
            f"""
<p>Helsedirektoratet eier programmet og har et eget programkontor. Et programstyre fastsetter
prioriteringene, og en bredt sammensatt referansegruppe gir råd. Les mer om
{r.page_link("programstyret", "programstyret")} og
{r.page_link("referansegruppa", "referansegruppa")}.</p>
"""
        ),
        table(
            "Roller og ansvar i programmet",
            [("text", "Aktør"), ("text", "Rolle"), ("text", "Møtes")],
            [
                ("Helse- og omsorgsdepartementet", "Gir oppdraget og rammene", "To ganger i året"),
                ("Programstyret", "Fastsetter prioriteringer og godkjenner planer", "Seks ganger i året"),
                ("Programkontoret", "Daglig drift, tilskudd og kommunikasjon", "Hver uke"),
                ("Referansegruppa", "Gir råd og innspill", "Fire ganger i året"),
                ("Statsforvalterne", "Behandler tilskuddssøknader og veileder kommunene", "Ved behov"),
            ],
        ),
        accordion(
            "Samarbeidspartnere",
            [
                ("KS", "<p>Kommunenes interesse- og arbeidsgiverorganisasjon deltar i programstyret.</p>"),
                (
                    "Den norske legeforening",
                    "<p>Legeforeningen deltar i programstyret og i referansegruppa, blant annet gjennom "
                    "Norsk forening for allmennmedisin.</p>",
                ),
                (
                    "Universitetene",
                    "<p>De allmennmedisinske forskningsmiljøene bidrar med kunnskapsgrunnlag og evaluering.</p>",
                ),
            ],
        ),
    ]


def board_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Programstyret har det overordnede ansvaret for at programmet når målene sine. Styret godkjenner
årsplanen og budsjettet, og følger opp risiko og resultater.[^mandat]</p>
"""
        ),
        heading("Sammensetning"),
        table(
            "Programstyrets sammensetning",
            [("text", "Rolle"), ("text", "Representerer")],
            [
                ("Leder", "Helsedirektoratet, divisjonsdirektør"),
                ("Medlem", "KS"),
                ("Medlem", "Den norske legeforening"),
                ("Medlem", "En representant for kommuneoverlegene"),
                ("Medlem", "En representant for brukerorganisasjonene"),
                ("Observatør", "Helse- og omsorgsdepartementet"),
            ],
        ),
        heading("Møter og referater"),
        paragraph("<p>Styret møtes seks ganger i året. Referatene publiseres her innen tre uker etter møtet.</p>"),
    ]


def reference_group_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Referansegruppa gjev råd til programleiinga om prioriteringar, tiltak og kommunikasjon. Gruppa
skal sikre at erfaringar frå fastlegar, kommunar og pasientar blir høyrde før viktige avgjerder
blir tekne.[^mandat-rg]</p>
"""
        ),
        heading("Samansetjing"),
        paragraph(
            """
<p>Gruppa har tolv medlemer. Desse organisasjonane har plass:</p>
<ul>
<li>Den norske legeforening og Norsk forening for allmennmedisin</li>
<li>KS og to kommunar, ein stor og ein liten</li>
<li>Pasient- og brukarombodet</li>
<li>Funksjonshemmedes Fellesorganisasjon (FFO)</li>
<li>Norsk Sykepleierforbund</li>
<li>Dei allmennmedisinske forskingseiningane</li>
<li>Medisinstudentane</li>
</ul>
"""
        ),
        heading("Korleis gruppa arbeider"),
        paragraph(
            """
<p>Gruppa møtest fire gonger i året, og Helsedirektoratet er sekretariat. Medlemene blir oppnemnde
for to år om gongen etter forslag frå organisasjonane.[^oppnemning] Mandatet ligg under.</p>
"""
        ),
        documents("Dokument", [(r.documents["mandat-referansegruppa"].pk, "")]),
    ]


def english_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>The GP Programme (<i>Allmennlegeprogrammet</i>) is a national programme run by the Norwegian
Directorate of Health (<i>Helsedirektoratet</i>). It works to make general practice in Norway a
stable and attractive career, so that everyone living in Norway has a regular GP they know.</p>
"""
        ),
        heading("What we do"),
        paragraph(
            """
<ul>
<li>We manage grants that help municipalities recruit and keep GPs, including support for doctors
specialising in general practice (ALIS agreements).</li>
<li>We run the national recruitment campaign “Bli fastlege” (Become a GP).</li>
<li>We follow developments in the regular GP scheme and have our measures evaluated.</li>
</ul>
"""
        ),
        heading("Who we work with"),
        paragraph(
            "<p>The programme works with the Norwegian Association of Local and Regional Authorities (KS), "
            "the Norwegian Medical Association, the county governors and the universities.</p>"
        ),
        heading("Contact"),
        paragraph(
            f"<p>Most of our pages are in Norwegian. For questions in English, please use the details on "
            f"our {r.page_link('kontakt', 'contact page')}.</p>"
        ),
    ]


def gp_scheme_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Everyone who lives in Norway has the right to a regular GP (<i>fastlege</i>). The GP is
responsible for the patients on their list: they treat acute and chronic illness, refer to
specialists and hospitals, and coordinate care with the municipal health services.[^regulation]</p>
<p>Municipalities are responsible for making sure there are enough GPs. Most GPs are self-employed
and paid through a combination of a per-patient fee from the municipality, fees from the state and
patient charges; a growing number are salaried employees of the municipality.</p>
"""
        ),
        fact_cards(
            "The scheme in figures",
            [
                ("5,140", "regular GPs in Norway", "Illustrative demo figures"),
                ("1,090", "patients on an average list", "Illustrative demo figures"),
            ],
        ),
        heading("Changing your GP"),
        paragraph(
            "<p>Residents can change their GP up to twice a year, on Helsenorge or by contacting the "
            "national service for regular GPs.</p>"
        ),
    ]


ABOUT = PageSpec(
    "GuidancePage",
    "om-programmet",
    "om-programmet",
    "Om programmet",
    (Edition(410, about_body),),
    summary=(
        "Allmennlegeprogrammet er et nasjonalt program som skal bidra til en stabil og attraktiv "
        "allmennlegetjeneste i hele landet."
    ),
    footnotes=(
        (
            "fastlegeforskriften",
            "<p>Forskrift om fastlegeordning i kommunene (fastlegeforskriften), FOR-2012-08-29-842.</p>",
        ),
        (
            "handlingsplan",
            "<p>Helse- og omsorgsdepartementet (2020): <i>Handlingsplan for allmennlegetjenesten 2020–2024</i>.</p>",
        ),
        ("evaluering", "<p>Resultatene fra evalueringen presenteres i årsrapportene.</p>"),
    ),
    tags=("Om programmet", "Fastlegeordningen"),
    social_image="samarbeid",
    children=(
        PageSpec(
            "GuidancePage",
            "organisering",
            "organisering",
            "Organisering",
            (Edition(405, organisation_body),),
            summary="Hvem som eier, styrer og gir råd til programmet.",
            tags=("Om programmet",),
            children=(
                PageSpec(
                    "GuidancePage",
                    "programstyret",
                    "programstyret",
                    "Programstyret",
                    (Edition(400, board_body),),
                    summary="Programstyret fastsetter prioriteringene og følger opp resultatene.",
                    footnotes=(
                        (
                            "mandat",
                            "<p>Mandatet for programstyret er fastsatt av Helsedirektoratet og gjelder "
                            "for hele programperioden.</p>",
                        ),
                    ),
                    tags=("Om programmet",),
                ),
                PageSpec(
                    "GuidancePage",
                    "referansegruppa",
                    "referansegruppa",
                    "Referansegruppa",
                    (Edition(395, reference_group_body),),
                    language="nn",
                    summary=(
                        "Referansegruppa gjev råd til programmet og samlar fastlegar, kommunar, pasientar og fagmiljø."
                    ),
                    footnotes=(
                        (
                            "mandat-rg",
                            "<p>Mandatet er fastsett av programstyret og gjeld for heile programperioden.</p>",
                        ),
                        ("oppnemning", "<p>Noverande medlemer er oppnemnde for perioden 2025–2026.</p>"),
                    ),
                    tags=("Om programmet",),
                ),
            ),
        ),
        PageSpec(
            "GuidancePage",
            "english",
            "english",
            "About the programme in English",
            (Edition(380, english_body),),
            language="en",
            summary="The GP Programme works to make general practice in Norway a stable and attractive career.",
            social_image="samarbeid",
            tags=("Om programmet",),
            children=(
                PageSpec(
                    "GuidancePage",
                    "gp-scheme",
                    "gp-scheme",
                    "The regular GP scheme in brief",
                    (Edition(380, gp_scheme_body),),
                    language="en",
                    summary="How the Norwegian regular GP scheme (fastlegeordningen) works.",
                    tags=("Fastlegeordningen",),
                    footnotes=(
                        (
                            "regulation",
                            "<p>Regulation on the regular GP scheme in the municipalities "
                            "(<i>fastlegeforskriften</i>), 2012.</p>",
                        ),
                    ),
                ),
                *ENGLISH_PAGES,
            ),
        ),
    ),
)


# --- The action plan: one page with a public version history ----------------------------

ACTION_PLAN_MEASURES = (
    # (measure, responsible, status per edition; None = not yet in the plan)
    (
        "Tilskudd til ALIS-avtaler i kommunene",
        "Helsedirektoratet og statsforvalterne",
        ("Startet", "Startet", "Videreført"),
    ),
    ("Rekrutterings- og stabiliseringstilskudd", "Helsedirektoratet", ("Startet", "Startet", "Målrettet")),
    ("Nasjonal rekrutteringskampanje «Bli fastlege»", "Helsedirektoratet", ("Planlagt", "Startet", "Gjennomført")),
    ("Mentorordning for nye fastleger", "Helsedirektoratet og Legeforeningen", (None, "Planlagt", "Startet")),
    ("Færre attester og erklæringer", "Helsedirektoratet, KS og Legeforeningen", ("Planlagt", "Startet", "Startet")),
    ("Evaluering av tiltakene", "Eksternt forskningsmiljø", ("Startet", "Startet", "Startet")),
)


def action_plan_body(edition: int):
    """The action plan as it stood at each of its three editions (0, 1, 2)."""

    def body(r: Refs) -> list[dict]:
        rows = [
            (measure, responsible, statuses[edition])
            for measure, responsible, statuses in ACTION_PLAN_MEASURES
            if statuses[edition]
        ]
        blocks = [
            heading("Om handlingsplanen"),
            paragraph(
                """
<p>Handlingsplanen for allmennlegetjenesten skal gjøre det mer attraktivt å bli og å være
fastlege, og sikre at innbyggerne får en fast lege de kjenner over tid.[^plan] Kommunene har
ansvaret for at det finnes nok fastleger; staten bidrar med tilskudd, veiledning og bedre
styringsdata.</p>
"""
            ),
            heading("Innsatsområder"),
            heading("Rekruttering og utdanning", "h3"),
            paragraph("<p>Flere leger skal velge allmennmedisin, og veien til spesialist skal være tydelig.</p>"),
            heading("Stabilitet og arbeidsbelastning", "h3"),
            paragraph("<p>Fastlegene skal ha en arbeidshverdag det er mulig å stå i over tid.</p>"),
            heading("Kunnskap om hva som virker", "h3"),
            paragraph("<p>Tiltakene skal evalueres, og resultatene skal brukes når planen revideres.</p>"),
            heading("Status for tiltakene"),
            table(
                "Tiltak i handlingsplanen og status",
                [("text", "Tiltak"), ("text", "Ansvar"), ("text", "Status")],
                rows,
                source="Kilde: Allmennlegeprogrammet. Status oppdateres når programstyret har behandlet den.",
            ),
        ]
        if edition >= 1:
            blocks.append(
                paragraph(
                    """
<p>Mentorordningen ble tatt inn i planen etter innspill fra referansegruppa: nye fastleger som får
en erfaren kollega å rådføre seg med, blir oftere værende i kommunen.[^mentor]</p>
"""
                )
            )
        if edition >= 2:
            blocks.append(
                fact_cards(
                    "Resultater så langt",
                    [
                        ("+120", "flere fastleger i 2025", DEMO_FIGURES),
                        ("910", "ALIS-avtaler med støtte", DEMO_FIGURES),
                        ("−26 %", "færre innbyggere på lister uten fast lege", DEMO_FIGURES),
                    ],
                )
            )
        blocks += [
            accordion(
                "Spørsmål om handlingsplanen",
                [
                    (
                        "Hvem har ansvaret for tiltakene?",
                        "<p>Hvert tiltak har en ansvarlig aktør, som står i tabellen over. Programstyret "
                        "følger opp helheten.</p>",
                    ),
                    (
                        "Hvor ofte oppdateres planen?",
                        "<p>Status oppdateres minst to ganger i året. Når et tiltak endres faglig, "
                        "finner du den forrige versjonen under «Se tidligere versjoner».</p>",
                    ),
                ],
            ),
        ]
        return blocks

    return body


ACTION_PLAN = PageSpec(
    "GuidancePage",
    "handlingsplan",
    "handlingsplan",
    "Handlingsplan for allmennlegetjenesten",
    (
        Edition(390, action_plan_body(0)),
        Edition(
            210,
            action_plan_body(1),
            "Mentorordning for nye fastleger er lagt til, og status for kampanjen og attestarbeidet er oppdatert.",
        ),
        Edition(
            40,
            action_plan_body(2),
            "Status er oppdatert etter årsrapporten for 2025, og resultatene så langt er lagt til.",
        ),
    ),
    summary="Tiltakene i handlingsplanen for allmennlegetjenesten, og hvor langt de har kommet.",
    footnotes=(
        (
            "plan",
            "<p>Helse- og omsorgsdepartementet (2020): <i>Handlingsplan for allmennlegetjenesten "
            "2020–2024</i>. Planen er videreført i programmet.</p>",
        ),
        ("mentor", "<p>Innspill fra referansegruppa, møte 12. mars 2025.</p>"),
    ),
    tags=("Handlingsplan", "Rekruttering"),
    attachments=(("handlingsplan", "Handlingsplanen – sammendrag (PDF)"),),
    social_image="nettverk",
)


# --- Grants ---------------------------------------------------------------------------


def grants_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Programmet har tre tilskuddsordninger for kommunene. Statsforvalteren i fylket behandler
søknadene, og tildelingen skjer etter regelverket for hver ordning.[^regelverk] Den største ordningen
er tilskudd til ALIS-avtaler, ofte kalt ALIS-tilskudd: kommunen får ALIS-tilskuddet for hver lege i
spesialisering i allmennmedisin som den ansetter med en ALIS-avtale.</p>
"""
        ),
        table(
            "Tilskuddsordninger i programmet",
            [("text", "Ordning"), ("text", "Hvem kan søke"), ("text", "Søknadsfrist")],
            [
                ("Tilskudd til ALIS-avtaler", "Alle kommuner", "1. mars"),
                ("Rekrutterings- og stabiliseringstilskudd", "Kommuner med særlige utfordringer", "1. april"),
                ("Tilskudd til veiledning og mentorordning", "Kommuner og interkommunale samarbeid", "15. september"),
            ],
        ),
        accordion(
            "Slik søker kommunen",
            [
                (
                    "Før du søker",
                    "<p>Les regelverket for ordningen og sjekk at kommunen oppfyller vilkårene.</p>",
                ),
                (
                    "Søknaden",
                    "<p>Søknaden sendes til statsforvalteren i fylket innen fristen. Legg ved en kort "
                    "beskrivelse av situasjonen i fastlegetjenesten.</p>",
                ),
                (
                    "Rapportering",
                    "<p>Kommunen rapporterer hvert år om bruken av midlene. Ubrukte midler kan kreves tilbake.</p>",
                ),
            ],
        ),
        call_to_action(
            "Spørsmål om tilskudd?",
            "Kontakt statsforvalteren i fylket ditt, eller programkontoret for generelle spørsmål.",
            r.link("kontakt", "Kontakt oss"),
        ),
    ]


def alis_body(r: Refs) -> list[dict]:
    return [
        heading("Kva er ein ALIS-avtale?"),
        paragraph(
            """
<p>ALIS står for allmennlege i spesialisering. Ein ALIS-avtale er ein avtale mellom kommunen og
legen om tilsetjing, rettleiing og tid til utdanning fram til legen er spesialist i
allmennmedisin.[^alis] Avtalen gjer det tryggare for unge legar å velje fastlegeyrket.</p>
"""
        ),
        heading("Kven kan søkje?"),
        paragraph(
            """
<p>Alle kommunar kan søkje om tilskot for ALIS-avtalar. Kommunar med færre enn 10 000 innbyggjarar
og kommunar med mange lister utan fast lege blir prioriterte. Søknaden om ALIS-tilskotet går til
statsforvaltaren innan 1. mars.</p>
"""
        ),
        heading("Kor mykje kan kommunen få?"),
        fact_cards(
            "Satsar",
            [
                ("200\u00a0000 kr", "per ALIS-avtale per år", "Illustrative demotal"),
                ("5 år", "lengste periode med tilskot per avtale", "Regelverket for ordninga"),
            ],
        ),
        paragraph(f"<p>Detaljane står i {r.document_link('regelverk-alis', 'regelverket for ordninga')}.</p>"),
        accordion(
            "Spørsmål og svar",
            [
                (
                    "Kan tilskotet nyttast til løn?",
                    "<p>Ja. Tilskotet kan dekkje løn, rettleiing og kurs for legen.</p>",
                ),
                (
                    "Kva skjer om legen sluttar?",
                    "<p>Kommunen får behalde tilskotet for den tida legen var tilsett. Resten fell bort.</p>",
                ),
            ],
        ),
    ]


def recruitment_grant_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Tilskotet skal hjelpe kommunar som over tid har hatt vanskar med å rekruttere og halde på
fastlegar. Pengane kan nyttast til tiltak som gjer det meir attraktivt å bli i kommunen.[^kriterium]</p>
"""
        ),
        heading("Kva kan tilskotet brukast til?"),
        paragraph(
            """
<ul>
<li>Fast løn og trygge vilkår for nye fastlegar</li>
<li>Mindre vaktbelastning gjennom samarbeid med nabokommunar</li>
<li>Bustad, flytteutgifter og hjelp til familien</li>
<li>Felles kontor og fagmiljø for legane</li>
</ul>
"""
        ),
        heading("Kriterium for tildeling"),
        table(
            "Kriterium og vekt",
            [("text", "Kriterium"), ("text", "Vekt")],
            [
                ("Lister utan fast lege", "40 %"),
                ("Bruk av vikarar siste år", "30 %"),
                ("Reiseavstand til næraste legevakt", "20 %"),
                ("Plan for stabilisering i kommunen", "10 %"),
            ],
            source="Kjelde: Regelverket for ordninga. Vektene er illustrative demotal.",
        ),
        related_links("Sjå òg", [r.link("alis-avtalar"), r.link("fastlege-i-distrikta")]),
    ]


GRANTS = PageSpec(
    "GuidancePage",
    "tilskuddsordninger",
    "tilskuddsordninger",
    "Tilskuddsordninger",
    (Edition(385, grants_body),),
    summary="Tilskuddene kommunene kan søke om for å rekruttere og beholde fastleger.",
    footnotes=(
        (
            "regelverk",
            "<p>Regelverket for hver ordning er fastsatt av Helsedirektoratet og publiseres på sidene "
            "om ordningen.</p>",
        ),
    ),
    tags=("Tilskudd", "Kommuner"),
    attachments=(("tilskudd-2025", "Tilskudd utbetalt 2025 (CSV)"),),
    social_image="nettverk",
    children=(
        PageSpec(
            "GuidancePage",
            "alis-avtalar",
            "alis-avtalar",
            "Tilskot til ALIS-avtalar",
            (Edition(380, alis_body),),
            language="nn",
            summary="Kommunar kan få tilskot når dei tilset legar i spesialisering i allmennmedisin.",
            footnotes=(
                (
                    "alis",
                    "<p>Spesialiseringa i allmennmedisin tek minst fem år og inneheld rettleiing, kurs og "
                    "teneste i sjukehus.</p>",
                ),
            ),
            tags=("Tilskudd", "ALIS"),
            attachments=(("regelverk-alis", ""),),
        ),
        MENTORING_GRANT,
        PageSpec(
            "GuidancePage",
            "rekruttering-og-stabilisering",
            "rekruttering-og-stabilisering",
            "Tilskot til rekruttering og stabilisering",
            (Edition(375, recruitment_grant_body),),
            language="nn",
            summary="Tilskot til kommunar som har særlege utfordringar med å rekruttere og halde på fastlegar.",
            footnotes=(
                (
                    "kriterium",
                    "<p>Statsforvaltaren vurderer søknadene etter kriteria i tabellen og kan leggje vekt "
                    "på lokale tilhøve.</p>",
                ),
            ),
            tags=("Tilskudd", "Distrikt"),
        ),
    ),
)


# --- Key figures, contact and the statements ---------------------------------------------


def key_figures_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Her er de viktigste tallene for fastlegeordningen. Nøkkeltallene under hentes fra den siste
månedlige statistikken fra FLO og oppdateres av seg selv.[^tallkilde]</p>
"""
        ),
        key_figures(
            "Nøkkeltall fra FLO",
            ["gp_agreements", "lists_without_gp", "residents_without_gp", "share_without_gp"],
        ),
        paragraph(
            f"<p>Se {r.page_link('statistikk', 'tallene for hvert fylke og hver kommune')}, "
            "og last dem ned som åpne data.</p>"
        ),
        region_table(),
        documents("Last ned", [(r.documents["fastleger-per-region-2025"].pk, "")]),
        related_links("Les mer", [r.link("arsrapport-2025"), r.link("r2025-rekruttering")]),
    ]


def contact_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Allmennlegeprogrammet er en del av Helsedirektoratet. Programkontoret svarer på generelle
spørsmål om programmet, kampanjene og tilskuddsordningene.</p>
<ul>
<li>E-post: <a href="mailto:post@allmenn.example">post@allmenn.example</a>
(skriv «Allmennlegeprogrammet» i emnefeltet)</li>
<li>Telefon: 00 00 00 00 (demo)</li>
<li>Postadresse: Allmennlegeprogrammet, Eksempelveien 1, 0000 Oslo (demo)</li>
</ul>
"""
        ),
        accordion(
            "Hvem skal jeg kontakte?",
            [
                (
                    "Spørsmål om en søknad om tilskudd",
                    "<p>Kontakt statsforvalteren i fylket der kommunen ligger.</p>",
                ),
                (
                    "Spørsmål om fastlegen din",
                    "<p>Vi kan ikke svare på spørsmål om enkeltpasienter. Kontakt fastlegekontoret, eller "
                    'se <a href="https://www.helsenorge.no">helsenorge.no</a>.</p>',
                ),
                ("Pressehenvendelser", "<p>Kontakt Helsedirektoratets pressevakt.</p>"),
            ],
        ),
    ]


def privacy_body(r: Refs) -> list[dict]:
    return [
        heading("Behandlingsansvarlig"),
        paragraph(
            "<p>Helsedirektoratet er behandlingsansvarlig for personopplysningene som behandles på dette "
            "nettstedet.</p>"
        ),
        heading("Hvilke opplysninger vi behandler"),
        paragraph(
            """
<p>Vi samler ikke inn personopplysninger når du leser sidene. Serverloggene lagrer IP-adresse og
hvilke sider som er besøkt i 30 dager, for å drifte og sikre nettstedet.[^logg]</p>
"""
        ),
        heading("Informasjonskapsler", "h3"),
        paragraph(
            "<p>Nettstedet bruker ikke informasjonskapsler til analyse eller markedsføring. Redaktører "
            "som logger inn, får en nødvendig sesjonskapsel.</p>"
        ),
        heading("Innebygde videoer", "h3"),
        paragraph(
            "<p>Videoer fra YouTube og Vimeo lastes først når du velger å spille dem av. Før det sendes "
            "ingen opplysninger til tjenestene.</p>"
        ),
        heading("Nyhetsbrev og påmeldinger"),
        paragraph(
            "<p>Når du melder deg på nyhetsbrevet eller en konferanse, lagrer vi navn og e-postadresse så "
            "lenge du er påmeldt. Du bekrefter påmeldingen til nyhetsbrevet via en lenke i e-post, og du "
            "kan melde deg av når som helst.</p>"
        ),
        heading("Dine rettigheter"),
        paragraph(
            "<p>Du har rett til innsyn, retting og sletting. Du kan klage til Datatilsynet hvis du mener "
            "vi behandler personopplysninger i strid med regelverket.</p>"
        ),
    ]


def accessibility_body(r: Refs) -> list[dict]:
    return [
        paragraph(
            """
<p>Helsedirektoratet har ansvar for at nettstedet er universelt utformet. Vi følger kravene i
forskrift om universell utforming av IKT-løsninger.[^forskrift]</p>
"""
        ),
        heading("Slik tester vi"),
        paragraph(
            "<p>Vi tester med automatiske verktøy ved hver endring i koden, og manuelt med tastatur og "
            "skjermleser før større endringer publiseres.</p>"
        ),
        heading("Kjente mangler"),
        paragraph(
            """
<ul>
<li>Noen eldre PDF-dokumenter er ikke universelt utformet. Vi lager tilgjengelige versjoner når
dokumentene oppdateres.</li>
<li>Enkelte videoer mangler norsk teksting.</li>
</ul>
"""
        ),
        heading("Gi oss tilbakemelding"),
        paragraph(
            f"<p>Finner du noe som ikke fungerer, vil vi gjerne høre det. Se {r.page_link('kontakt', 'kontaktsiden')}. "
            "Du kan også melde fra til Tilsynet for universell utforming av IKT (Uu-tilsynet).</p>"
        ),
    ]


GUIDANCE_EXTRAS = (
    PageSpec(
        "GuidancePage",
        "fastlegeordningen-i-tall",
        "fastlegeordningen-i-tall",
        "Fastlegeordningen i tall",
        (Edition(70, key_figures_body),),
        summary="Nøkkeltall om fastleger, lister og ALIS-avtaler per helseregion.",
        footnotes=(("tallkilde", "<p>Alle tall på denne siden er illustrative demotall.</p>"),),
        tags=("Statistikk", "Fastlegeordningen"),
        social_image="nettverk",
        children=(FLO_FIGURES,),
    ),
    PageSpec(
        "GuidancePage",
        "kontakt",
        "kontakt",
        "Kontakt",
        (Edition(410, contact_body),),
        summary="Slik kommer du i kontakt med Allmennlegeprogrammet.",
    ),
    PageSpec(
        "GuidancePage",
        "personvern",
        "personvern",
        "Personvernerklæring",
        (Edition(410, privacy_body),),
        summary="Hvordan vi behandler personopplysninger på dette nettstedet.",
        footnotes=(("logg", "<p>Loggene slettes automatisk etter 30 dager.</p>"),),
    ),
    PageSpec(
        "GuidancePage",
        "tilgjengelighet",
        "tilgjengelighet",
        "Tilgjengelighetserklæring",
        (Edition(410, accessibility_body),),
        summary="Hvordan vi arbeider for at alle skal kunne bruke nettstedet, og hva som ikke er på plass ennå.",
        footnotes=(
            (
                "forskrift",
                "<p>Forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske "
                "(IKT)-løsninger, FOR-2013-06-21-732.</p>",
            ),
        ),
    ),
)


# --- The home page and the whole tree --------------------------------------------------


def home_fields(r: Refs) -> dict:
    return {
        "hero_heading": "Sammen for en sterkere fastlegeordning",
        "hero_text": (
            "Allmennlegeprogrammet skal gjøre det lettere å rekruttere og beholde fastleger i hele landet. "
            "Her finner du tiltakene, tilskuddene, resultatene og kampanjene våre."
        ),
        "hero_image": r.images["fjord"],
        "featured_campaign": r.pages["bli-fastlege"],
        "quick_links": [
            {"type": "link", "value": r.link("tilskuddsordninger", "Søk tilskudd")},
            {"type": "link", "value": r.link("handlingsplan", "Handlingsplanen")},
            {"type": "link", "value": r.link("arsrapport-2025")},
            {"type": "link", "value": r.link("fastlegeordningen-i-tall")},
            {"type": "link", "value": r.link("bli-fastlege")},
        ],
    }


HOME = PageSpec(
    "HomePage",
    "home",
    "home",
    "Allmennlegeprogrammet",
    (Edition(420),),
    summary="Nasjonalt program for en stabil og attraktiv allmennlegetjeneste i hele landet.",
    fields=home_fields,
    social_image="fjord",
    social_text="Allmennlegeprogrammet arbeider for at alle skal ha en fastlege de kjenner.",
    children=(
        ABOUT,
        ACTION_PLAN,
        GRANTS,
        GP_SCHEME,
        GUIDANCE_EXTRAS[0],
        CAMPAIGNS,
        REPORT_2025,
        REPORT_2024,
        *GUIDANCE_EXTRAS[1:],
    ),
)

# The page with a public version history, for tests and the browser suite.
VERSIONED_PAGE_KEY = ACTION_PLAN.key
