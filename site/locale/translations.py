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
        if msgid in STRINGS and j < len(lines) and lines[j].startswith("msgstr "):
            text = msgid if column is None else STRINGS[msgid][column]
            out.append('msgstr "' + text.replace('"', '\\"') + '"')
            filled += 1
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
