"""Interface strings of the public site in bokmål and nynorsk.

Source strings (msgids) are English. `python site/locale/translations.py` writes these
into the .po files after `manage.py makemessages`; then `manage.py compilemessages`.
Editors never see this file: it holds only the site's own furniture.
"""

import sys
from pathlib import Path

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
    "Programme for %(day)s": ("Program for %(day)s", "Program for %(day)s"),
    "Time": ("Tid", "Tid"),
    "Session": ("Post", "Post"),
    "Room": ("Rom", "Rom"),
    "Practical information": ("Praktisk informasjon", "Praktisk informasjon"),
    "Seats left: %(seats)s": ("Ledige plasser: %(seats)s", "Ledige plassar: %(seats)s"),
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


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for code, column in (("nb", 0), ("nn", 1), ("en", None)):
        count = fill(here / code / "LC_MESSAGES" / "django.po", column)
        sys.stdout.write(f"{code}: {count} strings\n")
