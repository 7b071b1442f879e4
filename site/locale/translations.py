"""Interface strings of the public site in bokmål and nynorsk, and Wagtail's missing bokmål.

Source strings (msgids) are English. `python site/locale/translations.py` writes these
into the .po files after `manage.py makemessages`; then `manage.py compilemessages`.
Editors never see STRINGS: it holds only the site's own furniture. `wagtail_nb.py` holds
bokmål for Wagtail's admin where Wagtail's own catalogue is missing or wrong; it is appended
to nb/django.po and written as nb/djangojs.po (the admin's JavaScript catalogue).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wagtail_nb  # beside this file: the script is run directly

# msgid: (bokmål, nynorsk)
STRINGS: dict[str, tuple[str, str]] = {
    "Skip to main content": ("Hopp til hovedinnhold", "Hopp til hovudinnhaldet"),
    "Main menu": ("Hovedmeny", "Hovudmeny"),
    "You are here": ("Du er her", "Du er her"),
    "Page not found": ("Fant ikke siden", "Fann ikkje sida"),
    "We cannot find the page": ("Vi finner ikke siden", "Vi finn ikkje sida"),
    "The page may have moved or been removed, or the address may be mistyped.": (
        "Siden kan ha blitt flyttet eller slettet, eller adressen kan være skrevet feil.",
        "Sida kan ha blitt flytta eller sletta, eller adressa kan vere skriven feil.",
    ),
    "Go to the front page": ("Gå til forsiden", "Gå til framsida"),
    "Tell us if a link is broken:": ("Si fra hvis en lenke ikke virker:", "Sei frå om ei lenkje ikkje verkar:"),
    "Error code": ("Feilkode", "Feilkode"),
    "The form was not sent": ("Skjemaet ble ikke sendt", "Skjemaet vart ikkje sendt"),
    "We could not confirm that the form was sent from this website, so nothing was stored.": (
        "Vi kunne ikke bekrefte at skjemaet ble sendt fra dette nettstedet, så ingenting ble lagret.",
        "Vi kunne ikkje stadfeste at skjemaet vart sendt frå denne nettstaden, så ingenting vart lagra.",
    ),
    "Go back to the form on our website, reload the page and send it again.": (
        "Gå tilbake til skjemaet på nettstedet vårt, last inn siden på nytt og send det igjen.",
        "Gå tilbake til skjemaet på nettstaden vår, last inn sida på nytt og send det igjen.",
    ),
    "No access": ("Ingen tilgang", "Inga tilgang"),
    "You do not have access to this page.": (
        "Du har ikke tilgang til denne siden.",
        "Du har ikkje tilgang til denne sida.",
    ),
    "Contact us:": ("Kontakt oss:", "Kontakt oss:"),
    "Related links": ("Relaterte lenker", "Relaterte lenkjer"),
    "The video is hosted by %(provider)s. Nothing is loaded from %(provider)s until you choose to play it.": (
        "Videoen ligger hos %(provider)s. Ingenting lastes fra %(provider)s før du velger å spille den av.",
        "Videoen ligg hos %(provider)s. Ingenting blir lasta frå %(provider)s før du vel å spele han av.",
    ),
    "Play video from %(provider)s": ("Spill av video fra %(provider)s", "Spel av video frå %(provider)s"),
    "Watch the video on %(provider)s": ("Se videoen på %(provider)s", "Sjå videoen på %(provider)s"),
    "Earlier versions": ("Tidligere versjoner", "Tidlegare versjonar"),
    "Substantive changes to “%(title)s”, newest first.": (
        "Faglige endringer i «%(title)s», nyeste først.",
        "Faglege endringar i «%(title)s», nyaste først.",
    ),
    "Go to the current version": ("Gå til gjeldende versjon", "Gå til gjeldande versjon"),
    "Published versions with a substantive change": (
        "Publiserte versjoner med faglig endring",
        "Publiserte versjonar med fagleg endring",
    ),
    "Date": ("Dato", "Dato"),
    "What changed": ("Hva er endret", "Kva er endra"),
    "Version": ("Versjon", "Versjon"),
    "Read the version of %(date)s": ("Les versjonen fra %(date)s", "Les versjonen frå %(date)s"),
    "This page has no earlier versions.": (
        "Siden har ingen tidligere versjoner.",
        "Sida har ingen tidlegare versjonar.",
    ),
    "Email": ("E-post", "E-post"),
    "Phone": ("Telefon", "Telefon"),
    "Organisation number": ("Organisasjonsnummer", "Organisasjonsnummer"),
    "About the site": ("Om nettstedet", "Om nettstaden"),
    "Accessibility statement": ("Tilgjengelighetserklæring", "Tilgjengelegheitserklæring"),
    "Privacy": ("Personvern", "Personvern"),
    "Footnotes": ("Fotnoter", "Fotnotar"),
    "Back to reference %(number)s": ("Tilbake til henvisning %(number)s", "Tilbake til tilvising %(number)s"),
    "This is not the current version": ("Dette er ikke gjeldende versjon", "Dette er ikkje gjeldande versjon"),
    "You are reading the version published %(date)s. The content may be out of date.": (
        "Du leser versjonen som ble publisert %(date)s. Innholdet kan være utdatert.",
        "Du les versjonen som vart publisert %(date)s. Innhaldet kan vere utdatert.",
    ),
    "All versions": ("Alle versjoner", "Alle versjonar"),
    "Published": ("Publisert", "Publisert"),
    "This version": ("Denne versjonen", "Denne versjonen"),
    "Last updated": ("Sist oppdatert", "Sist oppdatert"),
    "Last substantive change": ("Siste faglige endring", "Siste faglege endring"),
    "See earlier versions": ("Se tidligere versjoner", "Sjå tidlegare versjonar"),
    "Contents": ("Innhold", "Innhald"),
    "There are no campaigns right now.": ("Det er ingen kampanjer nå.", "Det er ingen kampanjar no."),
    "Chapter %(number)s": ("Kapittel %(number)s", "Kapittel %(number)s"),
    "Attachments": ("Vedlegg", "Vedlegg"),
    "Topics": ("Emner", "Emne"),
    "In this section": ("I denne delen", "I denne delen"),
    "Shortcuts": ("Snarveier", "Snarvegar"),
    "Campaign": ("Kampanje", "Kampanje"),
    "Campaigns": ("Kampanjer", "Kampanjar"),
    "Guidance and documentation": ("Veiledning og dokumentasjon", "Rettleiing og dokumentasjon"),
    "Reports": ("Rapporter", "Rapportar"),
    "Previous and next chapter": ("Forrige og neste kapittel", "Førre og neste kapittel"),
    "Previous": ("Forrige", "Førre"),
    "Next": ("Neste", "Neste"),
    "Chapters": ("Kapitler", "Kapittel"),
    "Download the report": ("Last ned rapporten", "Last ned rapporten"),
    "Episodes": ("Episoder", "Episodar"),
    "No episodes have been published yet.": ("Ingen episoder er publisert ennå.", "Ingen episodar er publiserte enno."),
    "Subscribe": ("Abonner", "Abonner"),
    "RSS feed": ("RSS-strøm", "RSS-straum"),
    "Paste this address into your podcast app:": (
        "Lim inn denne adressen i podkastappen din:",
        "Lim inn denne adressa i podkastappen din:",
    ),
    "Season %(season)s": ("Sesong %(season)s", "Sesong %(season)s"),
    "Episode %(number)s": ("Episode %(number)s", "Episode %(number)s"),
    "Trailer": ("Trailer", "Trailer"),
    "Bonus": ("Bonus", "Bonus"),
    "Duration": ("Varighet", "Lengd"),
    "Listen to “%(title)s”": ("Lytt til «%(title)s»", "Lytt til «%(title)s»"),
    "Download the episode": ("Last ned episoden", "Last ned episoden"),
    "Read the transcript": ("Les tekstversjonen", "Les tekstversjonen"),
    "About the episode": ("Om episoden", "Om episoden"),
    "In this episode": ("Med i episoden", "Med i episoden"),
    "Transcript": ("Tekstversjon", "Tekstversjon"),
    "The transcript is not ready yet.": ("Tekstversjonen er ikke klar ennå.", "Tekstversjonen er ikkje klar enno."),
    "Previous and next episode": ("Forrige og neste episode", "Førre og neste episode"),
    "Previous episode": ("Forrige episode", "Førre episode"),
    "Next episode": ("Neste episode", "Neste episode"),
    # --- FLO statistics ---------------------------------------------------------------------
    "GP agreements": ("Fastlegeavtaler", "Fastlegeavtalar"),
    "Number of GP agreements (fastlegeavtaler), one per patient list.": (
        "Antall fastlegeavtaler, én per pasientliste.",
        "Talet på fastlegeavtalar, éin per pasientliste.",
    ),
    "Lists without a permanent GP": ("Lister uten fast lege", "Lister utan fast lege"),
    "Patient lists with no permanent GP, served by locums or left vacant.": (
        "Pasientlister uten fast lege, som betjenes av vikarer eller står ubesatt.",
        "Pasientlister utan fast lege, som vikarar tek seg av eller som står tomme.",
    ),
    "Residents on lists": ("Innbyggere på liste", "Innbyggjarar på liste"),
    "Residents who are on a GP's patient list.": (
        "Innbyggere som står på en fastleges pasientliste.",
        "Innbyggjarar som står på pasientlista til ein fastlege.",
    ),
    "Residents on lists without a GP": ("Innbyggere på liste uten fast lege", "Innbyggjarar på liste utan fast lege"),
    "Residents on a patient list that has no permanent GP.": (
        "Innbyggere på en pasientliste som ikke har fast lege.",
        "Innbyggjarar på ei pasientliste som ikkje har fast lege.",
    ),
    "Sum of list ceilings": ("Sum listetak", "Sum listetak"),
    "The sum of the list ceilings (listetak): how many patients the GPs have agreed to take.": (
        "Summen av listetakene: hvor mange pasienter fastlegene har avtalt å ta imot.",
        "Summen av listetaka: kor mange pasientar fastlegane har avtalt å ta imot.",
    ),
    "Available places": ("Ledige plasser", "Ledige plassar"),
    "Free places on lists that are open to new patients.": (
        "Ledige plasser på lister som er åpne for nye pasienter.",
        "Ledige plassar på lister som er opne for nye pasientar.",
    ),
    "Open lists": ("Åpne lister", "Opne lister"),
    "Patient lists that are open to new patients.": (
        "Pasientlister som er åpne for nye pasienter.",
        "Pasientlister som er opne for nye pasientar.",
    ),
    "Female GPs": ("Kvinnelige fastleger", "Kvinnelege fastlegar"),
    "GP agreements held by women.": ("Fastlegeavtaler som kvinner har.", "Fastlegeavtalar som kvinner har."),
    "Average list length": ("Gjennomsnittlig listelengde", "Gjennomsnittleg listelengd"),
    "Residents on lists divided by GP agreements.": (
        "Innbyggere på liste delt på antall fastlegeavtaler.",
        "Innbyggjarar på liste delt på talet på fastlegeavtalar.",
    ),
    "Share of residents on lists without a GP": (
        "Andel innbyggere på liste uten fast lege",
        "Del innbyggjarar på liste utan fast lege",
    ),
    "Residents on lists without a GP as a percentage of all residents on lists.": (
        "Innbyggere på liste uten fast lege i prosent av alle innbyggere på liste.",
        "Innbyggjarar på liste utan fast lege i prosent av alle innbyggjarar på liste.",
    ),
    "Reserve capacity": ("Reservekapasitet", "Reservekapasitet"),
    "The sum of list ceilings as a percentage of residents on lists; above 100 means room for more patients.": (
        "Summen av listetakene i prosent av innbyggerne på liste. Over 100 betyr plass til flere pasienter.",
        "Summen av listetaka i prosent av innbyggjarane på liste. Over 100 betyr plass til fleire pasientar.",
    ),
    "%(area)s: %(first)s in %(first_month)s, %(last)s in %(last_month)s; highest %(top)s in %(top_month)s.": (
        "%(area)s: %(first)s i %(first_month)s, %(last)s i %(last_month)s; høyest %(top)s i %(top_month)s.",
        "%(area)s: %(first)s i %(first_month)s, %(last)s i %(last_month)s; høgast %(top)s i %(top_month)s.",
    ),
    "percentage points": ("prosentpoeng", "prosentpoeng"),
    "Norway": ("Hele landet", "Heile landet"),
    "and": ("og", "og"),
    "%(indicator)s, %(month)s": ("%(indicator)s, %(month)s", "%(indicator)s, %(month)s"),
    "Counties, %(month)s": ("Fylkene, %(month)s", "Fylka, %(month)s"),
    "%(county)s county existed until %(date)s.": (
        "Fylket %(county)s fantes til %(date)s.",
        "Fylket %(county)s fanst til %(date)s.",
    ),
    "Municipalities in %(county)s, %(month)s": (
        "Kommunene i %(county)s, %(month)s",
        "Kommunane i %(county)s, %(month)s",
    ),
    "Figures before %(date)s were reported under municipality number %(numbers)s.": (
        "Tall fra før %(date)s ble rapportert under kommunenummer %(numbers)s.",
        "Tal frå før %(date)s vart rapporterte under kommunenummer %(numbers)s.",
    ),
    "%(name)s (%(number)s) was divided into %(parts)s on %(date)s. Its earlier figures cover the whole former municipality and are not included here.": (
        "%(name)s (%(number)s) ble delt i %(parts)s %(date)s. Tallene fra før gjelder hele den gamle kommunen "
        "og er ikke tatt med her.",
        "%(name)s (%(number)s) vart delt i %(parts)s %(date)s. Tala frå før gjeld heile den gamle kommunen "
        "og er ikkje tekne med her.",
    ),
    "Municipality number %(number)s was in use until %(date)s. It continues as %(names)s.": (
        "Kommunenummer %(number)s var i bruk til %(date)s. Kommunen er videreført som %(names)s.",
        "Kommunenummer %(number)s var i bruk til %(date)s. Kommunen held fram som %(names)s.",
    ),
    "Municipalities": ("Kommuner", "Kommunar"),
    "Open data": ("Åpne data", "Opne data"),
    "%(area)s, %(month)s. Source: FLO, the Norwegian Directorate of Health.": (
        "%(area)s, %(month)s. Kilde: FLO, Helsedirektoratet.",
        "%(area)s, %(month)s. Kjelde: FLO, Helsedirektoratet.",
    ),
    "Demo data.": ("Demodata.", "Demodata."),
    "Demo data": ("Demodata", "Demodata"),
    "The figures on these pages are synthetic demo data, not real figures from FLO. The municipalities and counties are real.": (
        "Tallene på disse sidene er syntetiske demodata, ikke ekte tall fra FLO. Kommunene og fylkene er ekte.",
        "Tala på desse sidene er syntetiske demodata, ikkje ekte tal frå FLO. Kommunane og fylka er ekte.",
    ),
    "GP statistics for %(county)s": ("Fastlegestatistikk for %(county)s", "Fastlegestatistikk for %(county)s"),
    "GP statistics for %(municipality)s": (
        "Fastlegestatistikk for %(municipality)s",
        "Fastlegestatistikk for %(municipality)s",
    ),
    "GP statistics for each municipality": (
        "Fastlegestatistikk for hver kommune",
        "Fastlegestatistikk for kvar kommune",
    ),
    "County": ("Fylke", "Fylke"),
    "Municipality": ("Kommune", "Kommune"),
    "Area": ("Område", "Område"),
    "Month": ("Måned", "Månad"),
    "Key figures, %(month)s": ("Nøkkeltall, %(month)s", "Nøkkeltal, %(month)s"),
    "%(change)s from a year earlier": ("%(change)s fra året før", "%(change)s frå året før"),
    "Show the figures in the chart as a table": ("Vis tallene i figuren som tabell", "Vis tala i figuren som tabell"),
    "Development and comparison": ("Utvikling og sammenligning", "Utvikling og samanlikning"),
    "Use the figures": ("Bruk tallene", "Bruk tala"),
    "Download the figures as CSV or JSON (open data)": (
        "Last ned tallene som CSV eller JSON (åpne data)",
        "Last ned tala som CSV eller JSON (opne data)",
    ),
    "All municipalities": ("Alle kommuner", "Alle kommunar"),
    "Figures for the whole country": ("Tall for hele landet", "Tal for heile landet"),
    "Figures for a municipality": ("Tall for en kommune", "Tal for ein kommune"),
    "We do not know that municipality. Choose one from the list.": (
        "Vi kjenner ikke den kommunen. Velg en fra listen.",
        "Vi kjenner ikkje den kommunen. Vel ein frå lista.",
    ),
    "Show figures": ("Vis tall", "Vis tal"),
    "All figures for %(area)s": ("Alle tall for %(area)s", "Alle tal for %(area)s"),
    "Figures per month for %(area)s": ("Tall per måned for %(area)s", "Tal per månad for %(area)s"),
    "Source: FLO, the Norwegian Directorate of Health.": (
        "Kilde: FLO, Helsedirektoratet.",
        "Kjelde: FLO, Helsedirektoratet.",
    ),
    "Figures as of %(month)s.": ("Tall per %(month)s.", "Tal per %(month)s."),
    "No figures have been published for this area yet.": (
        "Det er ikke publisert tall for dette området ennå.",
        "Det er ikkje publisert tal for dette området enno.",
    ),
    "Open data: GP statistics": ("Åpne data: fastlegestatistikk", "Opne data: fastlegestatistikk"),
    "Download the monthly FLO figures for the whole country, a county or a municipality, for the months you choose.": (
        "Last ned de månedlige FLO-tallene for hele landet, et fylke eller en kommune, for månedene du velger.",
        "Last ned dei månadlege FLO-tala for heile landet, eit fylke eller ein kommune, for dei månadene du vel.",
    ),
    "Level": ("Nivå", "Nivå"),
    "The whole country": ("Hele landet", "Heile landet"),
    "Counties": ("Fylker", "Fylke"),
    "County (optional)": ("Fylke (valgfritt)", "Fylke (valfritt)"),
    "All counties": ("Alle fylker", "Alle fylke"),
    "Municipality (optional)": ("Kommune (valgfritt)", "Kommune (valfritt)"),
    "From month": ("Fra måned", "Frå månad"),
    "Year and month, for example 2025-01.": ("År og måned, for eksempel 2025-01.", "År og månad, til dømes 2025-01."),
    "To month": ("Til måned", "Til månad"),
    "Download CSV": ("Last ned CSV", "Last ned CSV"),
    "Download JSON": ("Last ned JSON", "Last ned JSON"),
    "Licence and source": ("Lisens og kilde", "Lisens og kjelde"),
    'The figures are open data under the <a class="ds-link" href="%(url)s">%(name)s</a>. You may copy, use and share them, also commercially, if you name the source: FLO, the Norwegian Directorate of Health.': (
        'Tallene er åpne data under <a class="ds-link" href="%(url)s">%(name)s</a>. Du kan kopiere, bruke og '
        "dele dem, også kommersielt, når du oppgir kilden: FLO, Helsedirektoratet.",
        'Tala er opne data under <a class="ds-link" href="%(url)s">%(name)s</a>. Du kan kopiere, bruke og '
        "dele dei, òg kommersielt, når du oppgir kjelda: FLO, Helsedirektoratet.",
    ),
    "County and national figures are sums over the municipalities. Derived figures are computed from the sums and rounded as on the pages.": (
        "Tallene for fylkene og hele landet er summen av kommunene. Utregnede tall regnes ut fra summene og "
        "avrundes som på sidene.",
        "Tala for fylka og heile landet er summen av kommunane. Utrekna tal blir rekna ut frå summane og "
        "runda av som på sidene.",
    ),
    "Columns": ("Kolonner", "Kolonnar"),
    "The columns in the files": ("Kolonnene i filene", "Kolonnane i filene"),
    "Column": ("Kolonne", "Kolonne"),
    "Meaning": ("Betydning", "Tyding"),
    "For developers: the API": ("For utviklere: API-et", "For utviklarar: API-et"),
    "A read-only JSON API gives the same figures a page at a time, with ETag and Last-Modified so you can ask cheaply whether anything is new.": (
        "Et JSON-API gir de samme tallene side for side, med ETag og Last-Modified, så du enkelt kan spørre "
        "om noe er nytt.",
        "Eit JSON-API gir dei same tala side for side, med ETag og Last-Modified, så du enkelt kan spørje "
        "om noko er nytt.",
    ),
    "All municipalities by county": ("Alle kommuner etter fylke", "Alle kommunar etter fylke"),
    # --- Newsletter: sign-up, confirmation and the preference centre -----------------------
    "Subscribe to our newsletter": ("Abonner på nyhetsbrevet vårt", "Abonner på nyheitsbrevet vårt"),
    "News from the GP programme by email: the monthly figures, new podcast episodes and the conference. Choose what you want; you can change it or unsubscribe at any time.": (
        "Nytt fra Allmennlegeprogrammet på e-post: de månedlige tallene, nye podkastepisoder og konferansen. "
        "Velg det du vil ha. Du kan endre valgene eller melde deg av når som helst.",
        "Nytt frå Allmennlegeprogrammet på e-post: dei månadlege tala, nye podkastepisodar og konferansen. "
        "Vel det du vil ha. Du kan endre vala eller melde deg av når som helst.",
    ),
    "Error": ("Feil", "Feil"),
    "Please correct the following": ("Rett opp dette", "Rett opp dette"),
    "Leave this field empty": ("La dette feltet stå tomt", "La dette feltet stå tomt"),
    "Email address": ("E-postadresse", "E-postadresse"),
    "Name (optional)": ("Navn (valgfritt)", "Namn (valfritt)"),
    "What describes you best?": ("Hva passer best på deg?", "Kva passar best på deg?"),
    "GP (fastlege)": ("Fastlege", "Fastlege"),
    "Doctor in specialist training (LIS1, LIS3 or ALIS)": (
        "Lege i spesialisering (LIS1, LIS3 eller ALIS)",
        "Lege i spesialisering (LIS1, LIS3 eller ALIS)",
    ),
    "Working for a municipality": ("Jobber i en kommune", "Jobbar i ein kommune"),
    "Other": ("Annet", "Anna"),
    "Where you work. It helps us send news that concerns you.": (
        "Der du jobber. Det hjelper oss å sende nyheter som angår deg.",
        "Der du jobbar. Det hjelper oss å sende nyheiter som gjeld deg.",
    ),
    "No municipality": ("Ingen kommune", "Ingen kommune"),
    "Language of the emails": ("Språk i e-postene", "Språk i e-postane"),
    "Bokmål": ("Bokmål", "Bokmål"),
    "Nynorsk": ("Nynorsk", "Nynorsk"),
    "What would you like to receive?": ("Hva vil du få?", "Kva vil du få?"),
    "How we handle personal data": ("Slik behandler vi personopplysninger", "Slik handsamar vi personopplysningar"),
    "We will send you an email with a link. You are not subscribed until you have used it.": (
        "Vi sender deg en e-post med en lenke. Du abonnerer ikke før du har brukt den.",
        "Vi sender deg ein e-post med ei lenkje. Du abonnerer ikkje før du har brukt ho.",
    ),
    "Enter your email address.": ("Skriv e-postadressen din.", "Skriv e-postadressa di."),
    "Enter a valid email address, for example name@example.no.": (
        "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.",
        "Skriv ei gyldig e-postadresse, til dømes namn@eksempel.no.",
    ),
    "The email address is too long.": ("E-postadressen er for lang.", "E-postadressa er for lang."),
    "The email address must be on one line, without special characters.": (
        "E-postadressen må stå på én linje, uten spesialtegn.",
        "E-postadressa må stå på éi linje, utan spesialteikn.",
    ),
    "The name must be on one line, without special control characters.": (
        "Navnet må stå på én linje, uten kontrolltegn.",
        "Namnet må stå på éi linje, utan kontrollteikn.",
    ),
    "The name can be at most 100 characters.": (
        "Navnet kan være høyst 100 tegn.",
        "Namnet kan vere høgst 100 teikn.",
    ),
    "Choose a municipality from the list.": ("Velg en kommune fra listen.", "Vel ein kommune frå lista."),
    "Choose the language of the emails.": ("Velg språk for e-postene.", "Vel språk for e-postane."),
    "Choose at least one topic.": ("Velg minst ett tema.", "Vel minst eitt tema."),
    "The form was open for too long. Check your answers and send it again.": (
        "Skjemaet var åpent for lenge. Se over svarene og send det på nytt.",
        "Skjemaet var ope for lenge. Sjå over svara og send det på nytt.",
    ),
    "Check your answers and press the button again to send the form.": (
        "Se over svarene og trykk på knappen igjen for å sende skjemaet.",
        "Sjå over svara og trykk på knappen igjen for å sende skjemaet.",
    ),
    "Too many attempts": ("For mange forsøk", "For mange forsøk"),
    "We have received many sign-ups from your network in a short time. Wait an hour and try again.": (
        "Vi har fått mange påmeldinger fra nettverket ditt på kort tid. Vent en time og prøv igjen.",
        "Vi har fått mange påmeldingar frå nettverket ditt på kort tid. Vent ein time og prøv igjen.",
    ),
    "Ask us for help:": ("Be oss om hjelp:", "Be oss om hjelp:"),
    "Check your inbox": ("Sjekk innboksen din", "Sjekk innboksen din"),
    "We have sent an email to the address you gave. Use the link in it to confirm your subscription, or to change your settings if you already subscribe.": (
        "Vi har sendt en e-post til adressen du oppga. Bruk lenken i den for å bekrefte abonnementet, "
        "eller for å endre innstillingene dine hvis du abonnerer allerede.",
        "Vi har sendt ein e-post til adressa du gav opp. Bruk lenkja i han for å stadfeste abonnementet, "
        "eller for å endre innstillingane dine om du abonnerer alt.",
    ),
    "The link works for %(hours)s hours. If nothing arrives within a few minutes, look in your spam folder.": (
        "Lenken virker i %(hours)s timer. Hvis ingenting kommer i løpet av noen minutter, se i søppelpostmappen.",
        "Lenkja verkar i %(hours)s timar. Om ingenting kjem i løpet av nokre minutt, sjå i søppelpostmappa.",
    ),
    "Confirm your subscription": ("Bekreft abonnementet ditt", "Stadfest abonnementet ditt"),
    "Confirm my subscription": ("Bekreft abonnementet", "Stadfest abonnementet"),
    "Your subscription is confirmed": ("Abonnementet ditt er bekreftet", "Abonnementet ditt er stadfesta"),
    "Thank you. From now on you will get emails about:": (
        "Takk. Fra nå av får du e-post om:",
        "Takk. Frå no av får du e-post om:",
    ),
    "Every email has a link to your settings, where you can change what you get or unsubscribe.": (
        "Hver e-post har en lenke til innstillingene dine, der du kan endre hva du får, eller melde deg av.",
        "Kvar e-post har ei lenkje til innstillingane dine, der du kan endre kva du får, eller melde deg av.",
    ),
    "Change my settings": ("Endre innstillingene mine", "Endre innstillingane mine"),
    "You have asked for emails to %(address)s about:": (
        "Du har bedt om e-post til %(address)s om:",
        "Du har bede om e-post til %(address)s om:",
    ),
    "You have asked for emails to %(address)s.": (
        "Du har bedt om e-post til %(address)s.",
        "Du har bede om e-post til %(address)s.",
    ),
    "If you did not ask for this, close this page. Nothing happens unless you press the button.": (
        "Hvis du ikke ba om dette, kan du lukke siden. Ingenting skjer før du trykker på knappen.",
        "Om du ikkje bad om dette, kan du lukke sida. Ingenting skjer før du trykkjer på knappen.",
    ),
    "The link does not work": ("Lenken virker ikke", "Lenkja verkar ikkje"),
    "The link may have expired, it may already have been used, or part of it may be missing. Links to confirm a subscription work once, for a limited time.": (
        "Lenken kan være utløpt, den kan være brukt allerede, eller en del av den kan mangle. "
        "Lenker for å bekrefte et abonnement virker én gang, i en begrenset tid.",
        "Lenkja kan vere gått ut, ho kan vere brukt alt, eller ein del av ho kan mangle. "
        "Lenkjer for å stadfeste eit abonnement verkar éin gong, i ei avgrensa tid.",
    ),
    "Sign up again": ("Meld deg på igjen", "Meld deg på igjen"),
    "if you already subscribe, we will send you a new link to your settings.": (
        "hvis du abonnerer allerede, sender vi deg en ny lenke til innstillingene dine.",
        "om du abonnerer alt, sender vi deg ei ny lenkje til innstillingane dine.",
    ),
    "Copy the whole link from the email into the address bar, if it was split over two lines.": (
        "Kopier hele lenken fra e-posten inn i adressefeltet, hvis den ble delt over to linjer.",
        "Kopier heile lenkja frå e-posten inn i adressefeltet, om ho vart delt over to linjer.",
    ),
    "Your newsletter settings": ("Innstillinger for nyhetsbrev", "Innstillingar for nyheitsbrev"),
    "Settings for %(address)s.": ("Innstillinger for %(address)s.", "Innstillingar for %(address)s."),
    "Your changes are saved.": ("Endringene er lagret.", "Endringane er lagra."),
    "You are unsubscribed from everything. You can choose topics again below whenever you like.": (
        "Du er meldt av alt. Du kan velge temaer igjen nedenfor når du vil.",
        "Du er meld av alt. Du kan velje tema igjen nedanfor når du vil.",
    ),
    "Welcome back. You are subscribed again.": (
        "Velkommen tilbake. Du abonnerer igjen.",
        "Velkomen tilbake. Du abonnerer igjen.",
    ),
    "You do not get any newsletters now. Choose topics below to subscribe again.": (
        "Du får ingen nyhetsbrev nå. Velg temaer nedenfor for å abonnere igjen.",
        "Du får ingen nyheitsbrev no. Vel tema nedanfor for å abonnere igjen.",
    ),
    "What you get": ("Hva du får", "Kva du får"),
    "Save changes": ("Lagre endringene", "Lagre endringane"),
    "Unsubscribe from everything": ("Meld meg av alt", "Meld meg av alt"),
    "You will get no more newsletters. You can come back here and choose topics again whenever you like.": (
        "Du får ingen flere nyhetsbrev. Du kan komme tilbake hit og velge temaer igjen når du vil.",
        "Du får ingen fleire nyheitsbrev. Du kan kome tilbake hit og velje tema igjen når du vil.",
    ),
    "Your data": ("Dataene dine", "Dataa dine"),
    "Download my data (JSON)": ("Last ned dataene mine (JSON)", "Last ned dataa mine (JSON)"),
    "Delete my data": ("Slett dataene mine", "Slett dataa mine"),
    "Keep this page's address to yourself: anyone with the link can change your settings.": (
        "Ikke del adressen til denne siden: alle som har lenken, kan endre innstillingene dine.",
        "Ikkje del adressa til denne sida: alle som har lenkja, kan endre innstillingane dine.",
    ),
    "Unsubscribe": ("Meld av", "Meld av"),
    "You are unsubscribed": ("Du er meldt av", "Du er meld av"),
    "We will not send more newsletters to %(address)s.": (
        "Vi sender ikke flere nyhetsbrev til %(address)s.",
        "Vi sender ikkje fleire nyheitsbrev til %(address)s.",
    ),
    "Changed your mind? You can choose topics again in your settings.": (
        "Angrer du? Du kan velge temaer igjen i innstillingene dine.",
        "Angrar du? Du kan velje tema igjen i innstillingane dine.",
    ),
    "Go to my settings": ("Gå til innstillingene mine", "Gå til innstillingane mine"),
    "Do you want to stop all newsletters to %(address)s?": (
        "Vil du stoppe alle nyhetsbrev til %(address)s?",
        "Vil du stoppe alle nyheitsbrev til %(address)s?",
    ),
    "Choose what you get instead": ("Velg heller hva du vil få", "Vel heller kva du vil få"),
    "We will delete everything we have stored about %(address)s: your name, role, municipality, choices, consents and the record of what we have sent you.": (
        "Vi sletter alt vi har lagret om %(address)s: navn, rolle, kommune, valg, samtykker "
        "og oversikten over hva vi har sendt deg.",
        "Vi slettar alt vi har lagra om %(address)s: namn, rolle, kommune, val, samtykke "
        "og oversikta over kva vi har sendt deg.",
    ),
    "We keep only a scrambled fingerprint of the address, so that we never email it again by mistake. It cannot be turned back into the address.": (
        "Vi tar bare vare på et kryptert fingeravtrykk av adressen, så vi aldri sender til den igjen ved en feil. "
        "Fingeravtrykket kan ikke gjøres om til adressen.",
        "Vi tek berre vare på eit kryptert fingeravtrykk av adressa, så vi aldri sender til ho igjen ved ein feil. "
        "Fingeravtrykket kan ikkje gjerast om til adressa.",
    ),
    "This cannot be undone. To get newsletters again later, you must sign up anew.": (
        "Dette kan ikke angres. Vil du få nyhetsbrev igjen senere, må du melde deg på på nytt.",
        "Dette kan ikkje angrast. Vil du få nyheitsbrev igjen seinare, må du melde deg på på nytt.",
    ),
    "Yes, delete my data": ("Ja, slett dataene mine", "Ja, slett dataa mine"),
    "No, go back to my settings": ("Nei, tilbake til innstillingene", "Nei, tilbake til innstillingane"),
    "Your data is deleted": ("Dataene dine er slettet", "Dataa dine er sletta"),
    "We have deleted everything about you from our newsletter list, and we will not email you again.": (
        "Vi har slettet alt om deg fra nyhetsbrevlisten, og vi sender deg ikke e-post igjen.",
        "Vi har sletta alt om deg frå nyheitsbrevlista, og vi sender deg ikkje e-post igjen.",
    ),
    # Newsletter issues: the archive, the issue page and the frame of every issue mail
    "Earlier issues": ("Tidligere utgaver", "Tidlegare utgåver"),
    "Get the newsletter by email": ("Få nyhetsbrevet på e-post", "Få nyheitsbrevet på e-post"),
    "No issues have been published yet.": ("Ingen utgaver er publisert ennå.", "Ingen utgåver er publiserte enno."),
    "Subscribe to the newsletter": ("Meld deg på nyhetsbrevet", "Meld deg på nyheitsbrevet"),
    "Read in your browser": ("Les i nettleseren", "Les i nettlesaren"),
    "Change your settings": ("Endre innstillingene dine", "Endre innstillingane dine"),
    "You receive this because you subscribed to %(list_name)s.": (
        "Du får denne e-posten fordi du abonnerer på %(list_name)s.",
        "Du får denne e-posten fordi du abonnerer på %(list_name)s.",
    ),
    "Hello, %(name)s!": ("Hei, %(name)s!", "Hei, %(name)s!"),
    "Hello!": ("Hei!", "Hei!"),
    # Newsletter mails (newsletter/notices.py)
    "Hello %(name)s,": ("Hei %(name)s,", "Hei %(name)s,"),
    "Hello,": ("Hei,", "Hei,"),
    "One click, and you will get the emails you asked for.": (
        "Ett klikk, så får du e-postene du ba om.",
        "Eitt klikk, så får du e-postane du bad om.",
    ),
    "Someone, probably you, asked for emails from %(organisation)s to this address about:": (
        "Noen, sannsynligvis du, har bedt om e-post fra %(organisation)s til denne adressen om:",
        "Nokon, truleg du, har bede om e-post frå %(organisation)s til denne adressa om:",
    ),
    "The link works once, for %(hours)s hours.": (
        "Lenken virker én gang, i %(hours)s timer.",
        "Lenkja verkar éin gong, i %(hours)s timar.",
    ),
    "If you did not ask for this, ignore this email. You will get nothing more from us.": (
        "Hvis du ikke ba om dette, kan du se bort fra denne e-posten. Da får du ikke mer fra oss.",
        "Om du ikkje bad om dette, kan du sjå bort frå denne e-posten. Då får du ikkje meir frå oss.",
    ),
    "You get this email because your address was entered in the sign-up form on %(site)s.": (
        "Du får denne e-posten fordi adressen din ble skrevet inn i påmeldingsskjemaet på %(site)s.",
        "Du får denne e-posten fordi adressa di vart skriven inn i påmeldingsskjemaet på %(site)s.",
    ),
    "%(organisation)s would like to send emails to this address about:": (
        "%(organisation)s vil gjerne sende e-post til denne adressen om:",
        "%(organisation)s vil gjerne sende e-post til denne adressa om:",
    ),
    "One click, and you will get these emails.": (
        "Ett klikk, så får du disse e-postene.",
        "Eitt klikk, så får du desse e-postane.",
    ),
    "If you do not want them, ignore this email. You will get nothing more from us.": (
        "Hvis du ikke vil ha dem, kan du se bort fra denne e-posten. Da får du ikke mer fra oss.",
        "Om du ikkje vil ha dei, kan du sjå bort frå denne e-posten. Då får du ikkje meir frå oss.",
    ),
    "You get this email because %(organisation)s added your address to its mailing list on %(site)s. "
    "Nothing more is sent unless you confirm.": (
        "Du får denne e-posten fordi %(organisation)s har lagt adressen din inn i e-postlisten sin på %(site)s. "
        "Du får ikke mer fra oss uten at du bekrefter.",
        "Du får denne e-posten fordi %(organisation)s har lagt adressa di inn i e-postlista si på %(site)s. "
        "Du får ikkje meir frå oss utan at du stadfestar.",
    ),
    "You are already subscribed": ("Du abonnerer allerede", "Du abonnerer alt"),
    "Nothing has changed. Here is the link to your settings.": (
        "Ingenting er endret. Her er lenken til innstillingene dine.",
        "Ingenting er endra. Her er lenkja til innstillingane dine.",
    ),
    "Someone, probably you, tried to sign this address up for emails from %(organisation)s.": (
        "Noen, sannsynligvis du, prøvde å melde denne adressen på e-post fra %(organisation)s.",
        "Nokon, truleg du, prøvde å melde denne adressa på e-post frå %(organisation)s.",
    ),
    "You already subscribe, so nothing has changed.": (
        "Du abonnerer allerede, så ingenting er endret.",
        "Du abonnerer alt, så ingenting er endra.",
    ),
    "From the link you can choose topics and language, unsubscribe, download your data or delete it. Keep it to yourself: anyone with the link can change your settings.": (
        "Fra lenken kan du velge temaer og språk, melde deg av, laste ned dataene dine eller slette dem. "
        "Ikke del den: alle som har lenken, kan endre innstillingene dine.",
        "Frå lenkja kan du velje tema og språk, melde deg av, laste ned dataa dine eller slette dei. "
        "Ikkje del ho: alle som har lenkja, kan endre innstillingane dine.",
    ),
    # Conference pages
    "Upcoming conferences": ("Kommende konferanser", "Komande konferansar"),
    "No conference has been announced yet.": (
        "Ingen konferanse er kunngjort ennå.",
        "Ingen konferanse er kunngjord enno.",
    ),
    "Earlier conferences": ("Tidligere konferanser", "Tidlegare konferansar"),
    "When": ("Når", "Når"),
    "Where": ("Hvor", "Kvar"),
    "Streaming": ("Strømming", "Strøyming"),
    "Registration": ("Påmelding", "Påmelding"),
    "Registration opens %(opens)s.": ("Påmeldingen åpner %(opens)s.", "Påmeldinga opnar %(opens)s."),
    "Registration closes %(closes)s.": ("Påmeldingen stenger %(closes)s.", "Påmeldinga stengjer %(closes)s."),
    "Ways to take part": ("Slik kan du delta", "Slik kan du delta"),
    "Open to all": ("Åpent for alle", "Ope for alle"),
    "Full: you can join the waiting list": (
        "Fullt: du kan sette deg på ventelisten",
        "Fullt: du kan setje deg på ventelista",
    ),
    "Join the waiting list": ("Sett meg på ventelisten", "Set meg på ventelista"),
    "Register": ("Meld deg på", "Meld deg på"),
    "Programme": ("Program", "Program"),
    "Registration not yet open": ("Påmeldingen har ikke åpnet", "Påmeldinga har ikkje opna"),
    "Open for registration": ("Åpen for påmelding", "Open for påmelding"),
    "Full – waiting list": ("Fullt – venteliste", "Fullt – venteliste"),
    "Registration closed": ("Påmeldingen er stengt", "Påmeldinga er stengd"),
    "Held": ("Avholdt", "Halden"),
    "Host": ("Programleder", "Programleiar"),
    "Co-host": ("Medprogramleder", "Medprogramleiar"),
    "Guest": ("Gjest", "Gjest"),
    "Programme for %(weekday)s %(day)s": ("Program for %(weekday)s %(day)s", "Program for %(weekday)s %(day)s"),
    "Time": ("Tid", "Tid"),
    "Session": ("Post", "Post"),
    "Room": ("Rom", "Rom"),
    "Practical information": ("Praktisk informasjon", "Praktisk informasjon"),
    "Seats left: %(seats)s": ("Ledige plasser: %(seats)s", "Ledige plassar: %(seats)s"),
    # --- Conference registration: the form, the manage page, offers and the mails ------------
    "%(date)s at %(time)s": ("%(date)s kl. %(time)s", "%(date)s kl. %(time)s"),
    "(optional)": ("(valgfritt)", "(valfritt)"),
    "A seat at %(title)s": ("En plass på %(title)s", "Ein plass på %(title)s"),
    "A seat for %(ticket)s is free, and it is held for you until %(deadline)s.": (
        "En plass for %(ticket)s er ledig, og den holdes av til deg til %(deadline)s.",
        "Ein plass for %(ticket)s er ledig, og han blir halden av til deg til %(deadline)s.",
    ),
    "A seat for %(ticket)s is free, and you are first in line.": (
        "En plass for %(ticket)s er ledig, og du står først i køen.",
        "Ein plass for %(ticket)s er ledig, og du står først i køen.",
    ),
    "A seat is free for you at %(conference)s": (
        "Du kan få en plass på %(conference)s",
        "Du kan få ein plass på %(conference)s",
    ),
    "A seat is held for you until %(deadline)s.": (
        "En plass holdes av til deg til %(deadline)s.",
        "Ein plass blir halden av til deg til %(deadline)s.",
    ),
    "A seat is offered to you": ("Du har fått tilbud om plass", "Du har fått tilbod om plass"),
    "About %(title)s": ("Om %(title)s", "Om %(title)s"),
    "Accept or decline the seat": ("Takk ja eller nei til plassen", "Takk ja eller nei til plassen"),
    "Accept the seat": ("Ja takk, jeg tar plassen", "Ja takk, eg tek plassen"),
    "Add the conference to your calendar with the attached file.": (
        "Legg konferansen inn i kalenderen din med den vedlagte filen.",
        "Legg konferansen inn i kalenderen din med den vedlagde fila.",
    ),
    "Add to my calendar (.ics)": ("Legg i kalenderen min (.ics)", "Legg i kalenderen min (.ics)"),
    "All seats are taken. If you register, you join the waiting list and we will email you if a seat is free.": (
        "Alle plassene er tatt. Melder du deg på, kommer du på ventelisten, og vi sender deg en e-post "
        "hvis en plass blir ledig.",
        "Alle plassane er tekne. Melder du deg på, kjem du på ventelista, og vi sender deg ein e-post "
        "om ein plass blir ledig.",
    ),
    "All seats are taken. We will email you if one is free.": (
        "Alle plassene er tatt. Vi sender deg en e-post hvis en blir ledig.",
        "Alle plassane er tekne. Vi sender deg ein e-post om ein blir ledig.",
    ),
    "All seats for %(ticket)s are taken, so you are on the waiting list.": (
        "Alle plassene for %(ticket)s er tatt, så du står på ventelisten.",
        "Alle plassane for %(ticket)s er tekne, så du står på ventelista.",
    ),
    "Already registered? Get the link to your registration again.": (
        "Allerede påmeldt? Få lenken til påmeldingen din på nytt.",
        "Alt påmeld? Få lenkja til påmeldinga di på nytt.",
    ),
    "Answer by %(deadline)s.": ("Svar innen %(deadline)s.", "Svar innan %(deadline)s."),
    "Answer this question.": ("Svar på dette spørsmålet.", "Svar på dette spørsmålet."),
    "Cancel my registration": ("Meld meg av", "Meld meg av"),
    "Cancel your registration": ("Meld deg av", "Meld deg av"),
    "Cancelled": ("Avmeldt", "Avmeld"),
    "Change": ("Bytt", "Byt"),
    "Change how you take part": ("Bytt måte å delta på", "Byt måte å delta på"),
    "Choose how you will take part.": ("Velg hvordan du vil delta.", "Vel korleis du vil delta."),
    "Conference": ("Konferanse", "Konferanse"),
    "Decline the seat": ("Nei takk", "Nei takk"),
    "Do you want to cancel your registration for %(title)s (%(ticket)s)?": (
        "Vil du melde deg av %(title)s (%(ticket)s)?",
        "Vil du melde deg av %(title)s (%(ticket)s)?",
    ),
    "Enter your name.": ("Skriv navnet ditt.", "Skriv namnet ditt."),
    "Full – you join the waiting list": ("Fullt – du kommer på ventelisten", "Fullt – du kjem på ventelista"),
    "Get a new link to your registration": ("Få en ny lenke til påmeldingen din", "Få ei ny lenkje til påmeldinga di"),
    "Get the link to your registration": ("Få lenken til påmeldingen din", "Få lenkja til påmeldinga di"),
    "Health information – deleted after the conference.": (
        "Helseopplysning – slettes etter konferansen.",
        "Helseopplysning – blir sletta etter konferansen.",
    ),
    "How will you take part?": ("Hvordan vil du delta?", "Korleis vil du delta?"),
    "If nothing arrives within a few minutes, look in your spam folder.": (
        "Hvis ingenting kommer i løpet av noen minutter, se i søppelposten.",
        "Om ingenting kjem i løpet av nokre minutt, sjå i søppelposten.",
    ),
    "If the address is registered for a conference, we have sent a new link to it. If nothing arrives within a few minutes, look in your spam folder, or check that you used the address you registered with.": (
        "Hvis adressen er påmeldt en konferanse, har vi sendt en ny lenke til den. Hvis ingenting kommer i "
        "løpet av noen minutter, se i søppelposten, eller sjekk at du brukte adressen du meldte deg på med.",
        "Om adressa er påmeld ein konferanse, har vi sendt ei ny lenkje til ho. Om ingenting kjem i løpet "
        "av nokre minutt, sjå i søppelposten, eller sjekk at du brukte adressa du melde deg på med.",
    ),
    "If you change your mind, you can register again while registration is open.": (
        "Ombestemmer du deg, kan du melde deg på igjen så lenge påmeldingen er åpen.",
        "Ombestemmer du deg, kan du melde deg på igjen så lenge påmeldinga er open.",
    ),
    "If you do not answer in time, the offer lapses and you leave the waiting list.": (
        "Svarer du ikke i tide, faller tilbudet bort, og du går ut av ventelisten.",
        "Svarer du ikkje i tide, fell tilbodet bort, og du går ut av ventelista.",
    ),
    "Keep the link to yourself: anyone with it can change or cancel your registration.": (
        "Ikke del lenken: alle som har den, kan endre påmeldingen din eller melde deg av.",
        "Ikkje del lenkja: alle som har ho, kan endre påmeldinga di eller melde deg av.",
    ),
    "Keep this page's address to yourself: anyone with the link can change or cancel your registration.": (
        "Ikke del adressen til denne siden: alle som har lenken, kan endre påmeldingen din eller melde deg av.",
        "Ikkje del adressa til denne sida: alle som har lenkja, kan endre påmeldinga di eller melde deg av.",
    ),
    "Name": ("Navn", "Namn"),
    "No": ("Nei", "Nei"),
    "No, keep it": ("Nei, behold påmeldingen", "Nei, behald påmeldinga"),
    "Nothing has changed. Here is the link to your registration.": (
        "Ingenting er endret. Her er lenken til påmeldingen din.",
        "Ingenting er endra. Her er lenkja til påmeldinga di.",
    ),
    "Nothing has changed. Here is your registration as it stands.": (
        "Ingenting er endret. Her er påmeldingen din slik den står nå.",
        "Ingenting er endra. Her er påmeldinga di slik ho står no.",
    ),
    "On the waiting list": ("På ventelisten", "På ventelista"),
    "QR code for check-in": ("QR-kode for innsjekking", "QR-kode for innsjekking"),
    "Register again": ("Meld deg på igjen", "Meld deg på igjen"),
    "Register for %(title)s": ("Meld deg på %(title)s", "Meld deg på %(title)s"),
    "Registration for %(title)s": ("Påmelding til %(title)s", "Påmelding til %(title)s"),
    "Registration has not opened yet. It opens %(opens)s.": (
        "Påmeldingen har ikke åpnet ennå. Den åpner %(opens)s.",
        "Påmeldinga har ikkje opna enno. Ho opnar %(opens)s.",
    ),
    "Registration is closed.": ("Påmeldingen er stengt.", "Påmeldinga er stengd."),
    "Seats available": ("Ledige plasser", "Ledige plassar"),
    "See or change your registration": ("Se eller endre påmeldingen", "Sjå eller endre påmeldinga"),
    "See your registration": ("Se påmeldingen din", "Sjå påmeldinga di"),
    "See, change or cancel your registration:": (
        "Se, endre eller meld deg av:",
        "Sjå, endre eller meld deg av:",
    ),
    "Send me the link": ("Send meg lenken", "Send meg lenkja"),
    "Show the attached QR code at the entrance, on your phone or on paper.": (
        "Vis den vedlagte QR-koden ved inngangen, på telefonen eller på papir.",
        "Vis den vedlagde QR-koden ved inngangen, på telefonen eller på papir.",
    ),
    "Show this code at the entrance, on your phone or on paper:": (
        "Vis denne koden ved inngangen, på telefonen eller på papir:",
        "Vis denne koden ved inngangen, på telefonen eller på papir:",
    ),
    "Someone, probably you, asked for the link to your registration for %(conference)s, or tried to register this address again.": (
        "Noen, sannsynligvis du, ba om lenken til påmeldingen din til %(conference)s, eller prøvde å melde "
        "på denne adressen igjen.",
        "Nokon, truleg du, bad om lenkja til påmeldinga di til %(conference)s, eller prøvde å melde på "
        "denne adressa igjen.",
    ),
    "Status": ("Status", "Status"),
    "Stream": ("Strømming", "Strøyming"),
    "Taking part": ("Deltar", "Deltek"),
    "The answer must be on one line, without control characters.": (
        "Svaret må stå på én linje, uten kontrolltegn.",
        "Svaret må stå på éi linje, utan kontrollteikn.",
    ),
    "The conference is over.": ("Konferansen er over.", "Konferansen er over."),
    "The link may have expired, or part of it may be missing. Links to a registration stop working some time after the conference.": (
        "Lenken kan ha gått ut, eller en del av den kan mangle. Lenker til en påmelding slutter å virke "
        "en tid etter konferansen.",
        "Lenkja kan ha gått ut, eller ein del av ho kan mangle. Lenkjer til ei påmelding sluttar å verke "
        "ei tid etter konferansen.",
    ),
    "The offer lapsed": ("Tilbudet gikk ut", "Tilbodet gjekk ut"),
    "The seat is yours. We have sent you a confirmation with a calendar file.": (
        "Plassen er din. Vi har sendt deg en bekreftelse med en kalenderfil.",
        "Plassen er din. Vi har sendt deg ei stadfesting med ei kalenderfil.",
    ),
    "The workplace must be on one line, without special control characters.": (
        "Arbeidsstedet må stå på én linje, uten spesielle kontrolltegn.",
        "Arbeidsstaden må stå på éi linje, utan spesielle kontrollteikn.",
    ),
    "There is no free seat there now. Your registration is unchanged.": (
        "Det er ingen ledig plass der nå. Påmeldingen din er uendret.",
        "Det er ingen ledig plass der no. Påmeldinga di er uendra.",
    ),
    "This offer is no longer open: it has lapsed or has been answered.": (
        "Tilbudet gjelder ikke lenger: det har gått ut eller er besvart.",
        "Tilbodet gjeld ikkje lenger: det har gått ut eller er svart på.",
    ),
    "We have received many registrations from your network in a short time. Wait an hour and try again.": (
        "Vi har fått mange påmeldinger fra nettverket ditt på kort tid. Vent en time og prøv igjen.",
        "Vi har fått mange påmeldingar frå nettverket ditt på kort tid. Vent ein time og prøv igjen.",
    ),
    "We have sent an email about your registration for %(title)s to the address you gave. It tells you whether you have a seat or are on the waiting list, and has a link where you can see, change or cancel your registration.": (
        "Vi har sendt en e-post om påmeldingen din til %(title)s til adressen du oppga. Der står det om du "
        "har fått plass eller står på ventelisten, og den har en lenke der du kan se, endre eller melde deg av.",
        "Vi har sendt ein e-post om påmeldinga di til %(title)s til adressa du gav. Der står det om du har "
        "fått plass eller står på ventelista, og han har ei lenkje der du kan sjå, endre eller melde deg av.",
    ),
    "We hold it for you until %(deadline)s. After that it goes to the next on the waiting list.": (
        "Vi holder den av til deg til %(deadline)s. Etter det går den til nestemann på ventelisten.",
        "Vi held han av til deg til %(deadline)s. Etter det går han til nestemann på ventelista.",
    ),
    "We send the confirmation and the link to your registration here.": (
        "Hit sender vi bekreftelsen og lenken til påmeldingen din.",
        "Hit sender vi stadfestinga og lenkja til påmeldinga di.",
    ),
    "Welcome! You are registered for %(conference)s.": (
        "Velkommen! Du er påmeldt %(conference)s.",
        "Velkomen! Du er påmeld %(conference)s.",
    ),
    "When a seat is free, the first in line is offered it by email and has %(hours)s hours to accept. You do not need to do anything now.": (
        "Når en plass blir ledig, får den første i køen tilbud om den på e-post og har %(hours)s timer på å "
        "takke ja. Du trenger ikke gjøre noe nå.",
        "Når ein plass blir ledig, får den første i køen tilbod om han på e-post og har %(hours)s timar på å "
        "takke ja. Du treng ikkje gjere noko no.",
    ),
    "When a seat is free, the first in line is offered it by email. You do not need to do anything now.": (
        "Når en plass blir ledig, får den første i køen tilbud om den på e-post. Du trenger ikke gjøre noe nå.",
        "Når ein plass blir ledig, får den første i køen tilbod om han på e-post. Du treng ikkje gjere noko no.",
    ),
    "Workplace": ("Arbeidssted", "Arbeidsstad"),
    "Workplace (optional)": ("Arbeidssted (valgfritt)", "Arbeidsstad (valfritt)"),
    "Write the address you registered with. If it is registered for a conference, we send a new link to it.": (
        "Skriv adressen du meldte deg på med. Er den påmeldt en konferanse, sender vi en ny lenke til den.",
        "Skriv adressa du melde deg på med. Er ho påmeld ein konferanse, sender vi ei ny lenkje til ho.",
    ),
    "Yes": ("Ja", "Ja"),
    "Yes, cancel my registration": ("Ja, meld meg av", "Ja, meld meg av"),
    "You are on the waiting list for %(conference)s": (
        "Du står på ventelisten til %(conference)s",
        "Du står på ventelista til %(conference)s",
    ),
    "You can change only to a ticket type with a free seat. Your current seat is kept until the change is made.": (
        "Du kan bare bytte til en billettype med ledig plass. Du beholder plassen din til byttet er gjort.",
        "Du kan berre byte til ein billettype med ledig plass. Du beheld plassen din til bytet er gjort.",
    ),
    "You declined the seat": ("Du takket nei til plassen", "Du takka nei til plassen"),
    "You get this email because your address was used to register for %(conference)s on %(site)s.": (
        "Du får denne e-posten fordi adressen din ble brukt til å melde seg på %(conference)s på %(site)s.",
        "Du får denne e-posten fordi adressa di vart brukt til å melde seg på %(conference)s på %(site)s.",
    ),
    "You have a seat": ("Du har plass", "Du har plass"),
    "You have a seat at %(conference)s": ("Du har plass på %(conference)s", "Du har plass på %(conference)s"),
    "You have accepted the seat. It is yours.": (
        "Du har takket ja. Plassen er din.",
        "Du har takka ja. Plassen er din.",
    ),
    "You have cancelled your registration for %(conference)s": (
        "Du har meldt deg av %(conference)s",
        "Du har meldt deg av %(conference)s",
    ),
    "You have changed how you take part. We have sent you a new confirmation with an updated calendar file.": (
        "Du har byttet måte å delta på. Vi har sendt deg en ny bekreftelse med oppdatert kalenderfil.",
        "Du har bytt måte å delta på. Vi har sendt deg ei ny stadfesting med oppdatert kalenderfil.",
    ),
    "You have declined the seat. It goes to the next on the waiting list.": (
        "Du har takket nei. Plassen går til nestemann på ventelisten.",
        "Du har takka nei. Plassen går til nestemann på ventelista.",
    ),
    "You leave the waiting list. If you register again later, you join it at the end.": (
        "Du går ut av ventelisten. Melder du deg på igjen senere, kommer du bakerst.",
        "Du går ut av ventelista. Melder du deg på igjen seinare, kjem du bakarst.",
    ),
    "Your details and answers": ("Opplysningene og svarene dine", "Opplysningane og svara dine"),
    "Your registration": ("Påmeldingen din", "Påmeldinga di"),
    "Your registration for %(conference)s": ("Påmeldingen din til %(conference)s", "Påmeldinga di til %(conference)s"),
    "Your registration for %(conference)s is cancelled. Thank you for letting us know.": (
        "Du er meldt av %(conference)s. Takk for at du sa fra.",
        "Du er meld av %(conference)s. Takk for at du sa frå.",
    ),
    "Your registration for %(title)s": ("Påmeldingen din til %(title)s", "Påmeldinga di til %(title)s"),
    "Your registration is cancelled.": ("Du er meldt av.", "Du er meld av."),
    "Your registration is cancelled. We have sent you a receipt.": (
        "Du er meldt av. Vi har sendt deg en kvittering.",
        "Du er meld av. Vi har sendt deg ei kvittering.",
    ),
    "Your registration is confirmed. The calendar file is attached.": (
        "Påmeldingen er bekreftet. Kalenderfilen ligger ved.",
        "Påmeldinga er stadfesta. Kalenderfila ligg ved.",
    ),
    "Your seat goes to the next on the waiting list. If you register again later, you may not get a seat.": (
        "Plassen din går til nestemann på ventelisten. Melder du deg på igjen senere, er det ikke sikkert du får plass.",
        "Plassen din går til nestemann på ventelista. Melder du deg på igjen seinare, er det ikkje sikkert du får plass.",
    ),
    # Conference reminders and change notices (conference/notices.py)
    "Reminder: %(conference)s starts %(when)s": (
        "Påminnelse: %(conference)s starter %(when)s",
        "Påminning: %(conference)s startar %(when)s",
    ),
    "Your registration, the calendar file and the check-in code.": (
        "Påmeldingen din, kalenderfilen og innsjekkingskoden.",
        "Påmeldinga di, kalenderfila og innsjekkingskoden.",
    ),
    "%(conference)s starts %(when)s. We look forward to seeing you.": (
        "%(conference)s starter %(when)s. Vi gleder oss til å se deg.",
        "%(conference)s startar %(when)s. Vi gler oss til å sjå deg.",
    ),
    "If you cannot come after all, please cancel, so that someone on the waiting list gets your seat.": (
        "Hvis du likevel ikke kan komme, meld deg av, så får noen på ventelisten plassen din.",
        "Om du likevel ikkje kan kome, meld deg av, så får nokon på ventelista plassen din.",
    ),
    "Changed time or place: %(conference)s": (
        "Endret tid eller sted: %(conference)s",
        "Endra tid eller stad: %(conference)s",
    ),
    "The organiser has changed the time or the place. An updated calendar file is attached.": (
        "Arrangøren har endret tid eller sted. En oppdatert kalenderfil er vedlagt.",
        "Arrangøren har endra tid eller stad. Ei oppdatert kalenderfil er vedlagd.",
    ),
    "The time or the place of %(conference)s has changed. Here are the details as they are now.": (
        "Tiden eller stedet for %(conference)s er endret. Her er detaljene slik de er nå.",
        "Tida eller staden for %(conference)s er endra. Her er detaljane slik dei er no.",
    ),
    "Open the attached file to update the event in your calendar.": (
        "Åpne den vedlagte filen for å oppdatere hendelsen i kalenderen din.",
        "Opne den vedlagde fila for å oppdatere hendinga i kalenderen din.",
    ),
    "Speakers": ("Foredragsholdere", "Føredragshaldarar"),
    # --- Search ---------------------------------------------------------------------------
    "Search": ("Søk", "Søk"),
    "Search the site": ("Søk på nettstedet", "Søk på nettstaden"),
    "What are you looking for?": ("Hva leter du etter?", "Kva leitar du etter?"),
    "Use quotation marks for an exact phrase, and a minus sign before a word to leave it out.": (
        "Bruk anførselstegn for en eksakt frase, og minustegn foran et ord for å utelate det.",
        "Bruk hermeteikn for ei eksakt frase, og minusteikn framfor eit ord for å utelate det.",
    ),
    "suggestions. Use the up and down arrow keys to choose one.": (
        "forslag. Bruk piltastene opp og ned for å velge.",
        "forslag. Bruk piltastane opp og ned for å velje.",
    ),
    "No suggestions.": ("Ingen forslag.", "Ingen forslag."),
    "Search for “%(query)s”": ("Søk etter «%(query)s»", "Søk etter «%(query)s»"),
    "page %(number)s": ("side %(number)s", "side %(number)s"),
    "Write at least one word to search for.": (
        "Skriv minst ett ord å søke etter.",
        "Skriv minst eitt ord å søkje etter.",
    ),
    "No results for “%(query)s”": ("Ingen treff for «%(query)s»", "Ingen treff for «%(query)s»"),
    "1 result for “%(query)s”": ("1 treff for «%(query)s»", "1 treff for «%(query)s»"),
    "%(count)s results for “%(query)s”": ("%(count)s treff for «%(query)s»", "%(count)s treff for «%(query)s»"),
    "Page %(current)s of %(last)s": ("Side %(current)s av %(last)s", "Side %(current)s av %(last)s"),
    "Filters in use:": ("Valgte filtre:", "Valde filter:"),
    "Remove filter %(facet)s: %(value)s": (
        "Fjern filteret %(facet)s: %(value)s",
        "Fjern filteret %(facet)s: %(value)s",
    ),
    "Remove all filters": ("Fjern alle filtrene", "Fjern alle filtera"),
    "Did you mean": ("Mente du", "Meinte du"),
    "No page had all the words; here are pages with some of them.": (
        "Ingen sider hadde alle ordene; her er sider med noen av dem.",
        "Ingen sider hadde alle orda; her er sider med nokre av dei.",
    ),
    "Part of:": ("Del av:", "Del av:"),
    "Recommended": ("Anbefalt", "Tilrådd"),
    "On another website": ("På et annet nettsted", "På ein annan nettstad"),
    "Pages of results": ("Sider med treff", "Sider med treff"),
    "Page": ("Side", "Side"),
    "Some things to try:": ("Dette kan du prøve:", "Dette kan du prøve:"),
    "Check the spelling.": ("Sjekk stavemåten.", "Sjekk stavemåten."),
    "Use fewer words, or more general ones.": (
        "Bruk færre ord, eller mer generelle ord.",
        "Bruk færre ord, eller meir generelle ord.",
    ),
    "Search without the filters.": ("Søk uten filtrene.", "Søk utan filtera."),
    "Try another word for the same thing, such as “GP” for “fastlege”.": (
        "Prøv et annet ord for det samme, for eksempel «allmennlege» for «fastlege».",
        "Prøv eit anna ord for det same, til dømes «allmennlege» for «fastlege».",
    ),
    "How to search": ("Slik søker du", "Slik søkjer du"),
    "Type one or more words. Pages with all the words come first.": (
        "Skriv ett eller flere ord. Sider med alle ordene kommer først.",
        "Skriv eitt eller fleire ord. Sider med alle orda kjem først.",
    ),
    "Put quotation marks around words that belong together, such as “ALIS-avtale”.": (
        "Sett anførselstegn rundt ord som hører sammen, for eksempel «ALIS-avtale».",
        "Set hermeteikn rundt ord som høyrer saman, til dømes «ALIS-avtale».",
    ),
    "Put a minus sign before a word to leave out pages with it, such as listetak -2019.": (
        "Sett minustegn foran et ord for å utelate sider med det, for eksempel listetak -2019.",
        "Set minusteikn framfor eit ord for å utelate sider med det, til dømes listetak -2019.",
    ),
    "Or browse the main sections": ("Eller se i hovedområdene", "Eller sjå i hovudområda"),
    "Filter the results": ("Avgrens treffene", "Avgrens treffa"),
    "results": ("treff", "treff"),
    "Show results": ("Vis treff", "Vis treff"),
    "Search is temporarily unavailable": ("Søket er midlertidig utilgjengelig", "Søket er mellombels utilgjengeleg"),
    "Search is temporarily unavailable. Please try again shortly.": (
        "Søket er midlertidig utilgjengelig. Prøv igjen om litt.",
        "Søket er mellombels utilgjengeleg. Prøv igjen om litt.",
    ),
    "Type": ("Type", "Type"),
    "Topic": ("Emne", "Emne"),
    "Language": ("Språk", "Språk"),
    "Year": ("År", "År"),
    "English": ("Engelsk", "Engelsk"),
    "Guidance": ("Veiledning", "Rettleiing"),
    "Report": ("Rapport", "Rapport"),
    "Report chapter": ("Rapportkapittel", "Rapportkapittel"),
    "Podcast": ("Podkast", "Podkast"),
    "Podcast episode": ("Podkastepisode", "Podkastepisode"),
    "Newsletter": ("Nyhetsbrev", "Nyheitsbrev"),
    "Statistics": ("Statistikk", "Statistikk"),
    "Nothing was found for “%(typed)s”. Showing results for “%(corrected)s”.": (
        "Ingen treff på «%(typed)s». Viser treff for «%(corrected)s».",
        "Ingen treff på «%(typed)s». Viser treff for «%(corrected)s».",
    ),
    "Too many searches": ("For mange søk", "For mange søk"),
    "Too many searches. Please wait a minute.": ("For mange søk. Vent et minutt.", "For mange søk. Vent eit minutt."),
    "You have searched very often in a short time. Please wait a minute and try again.": (
        "Du har søkt svært mange ganger på kort tid. Vent et minutt og prøv igjen.",
        "Du har søkt svært mange gonger på kort tid. Vent eit minutt og prøv igjen.",
    ),
    # FLO months where not every municipality has reported (site/flo/statistics.py, templates/flo/).
    "Incomplete figures": (
        "Ufullstendige tall",
        "Ufullstendige tal",
    ),
    "The figures for %(month)s are incomplete: %(reported)s of %(expected)s municipalities have reported. The sums for the whole country leave the month out until every municipality has reported.": (
        "Tallene for %(month)s er ufullstendige: %(reported)s av %(expected)s kommuner har levert tall. Summene for hele landet tar ikke med måneden før alle kommunene har levert.",
        "Tala for %(month)s er ufullstendige: %(reported)s av %(expected)s kommunar har levert tal. Summane for heile landet tek ikkje med månaden før alle kommunane har levert.",
    ),
    "The figures for %(month)s are incomplete: only %(reported)s of %(expected)s municipalities have reported. The sums are for those municipalities, not for the whole country.": (
        "Tallene for %(month)s er ufullstendige: bare %(reported)s av %(expected)s kommuner har levert tall. Summene gjelder disse kommunene, ikke hele landet.",
        "Tala for %(month)s er ufullstendige: berre %(reported)s av %(expected)s kommunar har levert tal. Summane gjeld desse kommunane, ikkje heile landet.",
    ),
    "Sum of %(reported)s of %(expected)s municipalities": (
        "Sum for %(reported)s av %(expected)s kommuner",
        "Sum for %(reported)s av %(expected)s kommunar",
    ),
    "%(county)s (incomplete)": (
        "%(county)s (ufullstendig)",
        "%(county)s (ufullstendig)",
    ),
    "In these months not every municipality has reported. Sums for the country and the counties cover only those that have; the column municipalities says how many.": (
        "I disse månedene har ikke alle kommunene levert tall. Summene for landet og fylkene gjelder bare dem som har levert; kolonnen municipalities sier hvor mange.",
        "I desse månadene har ikkje alle kommunane levert tal. Summane for landet og fylka gjeld berre dei som har levert; kolonnen municipalities seier kor mange.",
    ),
    "%(month)s: %(reported)s of %(expected)s municipalities": (
        "%(month)s: %(reported)s av %(expected)s kommuner",
        "%(month)s: %(reported)s av %(expected)s kommunar",
    ),
    "The figures for %(month)s are incomplete: %(reported)s of %(expected)s municipalities have reported, so the sums for the county and the whole country are not complete for that month.": (
        "Tallene for %(month)s er ufullstendige: %(reported)s av %(expected)s kommuner har levert tall, så summene for fylket og hele landet er ikke komplette for den måneden.",
        "Tala for %(month)s er ufullstendige: %(reported)s av %(expected)s kommunar har levert tal, så summane for fylket og heile landet er ikkje komplette for den månaden.",
    ),
    "The figures for %(month)s are incomplete: not every municipality in %(county)s has reported. The sums are for those that have, not for the whole county.": (
        "Tallene for %(month)s er ufullstendige: ikke alle kommunene i %(county)s har levert tall. Summene gjelder dem som har levert, ikke hele fylket.",
        "Tala for %(month)s er ufullstendige: ikkje alle kommunane i %(county)s har levert tal. Summane gjeld dei som har levert, ikkje heile fylket.",
    ),
    "The figures for %(month)s are incomplete: not every municipality in %(county)s has reported. The county's sums leave the month out until they have.": (
        "Tallene for %(month)s er ufullstendige: ikke alle kommunene i %(county)s har levert tall. Summene for fylket tar ikke med måneden før alle har levert.",
        "Tala for %(month)s er ufullstendige: ikkje alle kommunane i %(county)s har levert tal. Summane for fylket tek ikkje med månaden før alle har levert.",
    ),
    # Open data downloads (templates/flo/open_data_page.html).
    "Download for Excel (CSV)": ("Last ned for Excel (CSV)", "Last ned for Excel (CSV)"),
    "Download XLSX": ("Last ned XLSX", "Last ned XLSX"),
    "Download CSV for programs": ("Last ned CSV for programmer", "Last ned CSV for program"),
    "For Excel: semicolons between columns and decimal commas, as Norwegian Excel expects.": (
        "For Excel: semikolon mellom kolonnene og desimalkomma, slik norsk Excel forventer.",
        "For Excel: semikolon mellom kolonnane og desimalkomma, slik norsk Excel ventar.",
    ),
    "For programs: commas between columns and decimal points, UTF-8 without BOM.": (
        "For programmer: komma mellom kolonnene og desimalpunktum, UTF-8 uten BOM.",
        "For program: komma mellom kolonnane og desimalpunktum, UTF-8 utan BOM.",
    ),
    # Header and footer (templates/includes/header.html, footer.html).
    "Menu": ("Meny", "Meny"),
    "Example": ("Eksempel", "Døme"),
    "The contact details below are placeholders for the demo.": (
        "Kontaktopplysningene nedenfor er eksempler i demoen.",
        "Kontaktopplysningane nedanfor er døme i demoen.",
    ),
}


def fill(po_path: Path, column: int | None) -> int:
    """Write translations into a .po file; column 0 is bokmål, 1 nynorsk, None English."""
    lines = po_path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    filled = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith('msgid "'):
            out.append(line)
            i += 1
            continue
        # A msgid may continue over several quoted lines.
        parts = [line[len("msgid ") :]]
        j = i + 1
        while j < len(lines) and lines[j].startswith('"'):
            parts.append(lines[j])
            j += 1
        out.extend(lines[i:j])
        msgid = "".join(part[1:-1] for part in parts).replace('\\"', '"')
        if msgid and j < len(lines) and lines[j].startswith("msgstr "):
            if msgid in STRINGS:
                text = msgid if column is None else STRINGS[msgid][column]
                filled += 1
            elif column == 0 and isinstance(wagtail_nb.DJANGO.get(msgid), str):
                # Our code uses one of Wagtail's msgids: its entry carries Wagtail's bokmål.
                text = wagtail_nb.DJANGO[msgid]
                filled += 1
            else:
                # Not ours: the admin's own Norwegian strings, shown as written. makemessages may
                # have guessed a translation from a similar string (marked fuzzy); never keep it.
                text = ""
            out.append('msgstr "' + text.replace('"', '\\"') + '"')
            j += 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
        i = j
    # makemessages marks guessed entries fuzzy (msgfmt skips them); ours are reviewed.
    cleaned = []
    for line in out:
        if line.startswith("#| ") or line == "#, fuzzy":
            continue
        cleaned.append(line.replace("#, fuzzy, ", "#, "))
    po_path.write_text("\n".join(cleaned) + "\n", encoding="utf-8")
    return filled


OVERRIDE_MARK = "# Wagtail's own nb catalogue lacks or mistranslates this (site/locale/wagtail_nb.py)."


def po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def override_entries(overrides: dict[str, wagtail_nb.Entry], skip: set[str]) -> list[str]:
    """The .po entries for Wagtail's strings, each marked so that the next run can replace it."""
    entries = []
    for msgid, value in overrides.items():
        if msgid in skip:
            continue
        lines = [OVERRIDE_MARK, "msgid " + po_string(msgid)]
        if isinstance(value, tuple):
            plural, singular_text, plural_text = value
            lines += ["msgid_plural " + po_string(plural), "msgstr[0] " + po_string(singular_text)]
            lines.append("msgstr[1] " + po_string(plural_text))
        else:
            lines.append("msgstr " + po_string(value))
        entries.append("\n".join(lines))
    return entries


def entry_msgid(entry: str) -> str:
    """The msgid of a .po entry, joined over its continuation lines."""
    parts: list[str] = []
    for line in entry.splitlines():
        if line.startswith('msgid "'):
            parts = [line[len("msgid ") :]]
        elif parts and line.startswith('"'):
            parts.append(line)
        elif parts:
            break
    return "".join(part[1:-1] for part in parts).replace('\\"', '"')


def live_msgids(entries: list[str]) -> set[str]:
    return {entry_msgid(entry) for entry in entries}


def replace_overrides(po_path: Path, overrides: dict[str, wagtail_nb.Entry]) -> int:
    """Drop the previous overrides and obsolete entries, then append the overrides again.

    makemessages keeps an entry only while the project's own code uses its msgid, so the
    overrides are written after it, every time; a msgid the project uses itself keeps its entry.
    """
    entries = po_path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    kept = []
    for entry in entries:
        lines = entry.splitlines()
        if all(line.startswith("#") for line in lines):
            continue  # obsolete (#~) entries
        if OVERRIDE_MARK in lines:
            if not any(line.startswith("#:") for line in lines):
                continue  # an override appended by the previous run
            # Our own string that makemessages matched to an override (fuzzy) and gave its comment.
            entry = "\n".join(line for line in lines if line != OVERRIDE_MARK)
        kept.append(entry)
    added = override_entries(overrides, skip=live_msgids(kept[1:]))
    po_path.write_text("\n\n".join(kept + added) + "\n", encoding="utf-8")
    return len(added)


JS_HEADER = """msgid ""
msgstr ""
"Project-Id-Version: allmenn\\n"
"Language: nb\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def write_js_catalogue(po_path: Path, overrides: dict[str, wagtail_nb.Entry]) -> int:
    entries = override_entries(overrides, skip=set())
    po_path.write_text(JS_HEADER + "\n" + "\n\n".join(entries) + "\n", encoding="utf-8")
    return len(entries)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for code, column in (("nb", 0), ("nn", 1), ("en", None)):
        po_path = here / code / "LC_MESSAGES" / "django.po"
        if code == "nb":
            replace_overrides(po_path, {})  # take out the previous overrides before filling
        count = fill(po_path, column)
        sys.stdout.write(f"{code}: {count} strings\n")
    nb = here / "nb" / "LC_MESSAGES"
    sys.stdout.write(f"nb: {replace_overrides(nb / 'django.po', wagtail_nb.DJANGO)} Wagtail strings\n")
    sys.stdout.write(f"nb: {write_js_catalogue(nb / 'djangojs.po', wagtail_nb.DJANGOJS)} Wagtail JavaScript strings\n")
