"""Bokmål for Wagtail's admin strings that Wagtail's own nb catalogue lacks or gets wrong.

Wagtail 8's nb translation leaves about a third of the admin in English (the validation
banners, autosave, workflow actions, the moderation mails) and has typos. LOCALE_PATHS come
before the apps' catalogues, so `translations.py` appends these to the project's nb
catalogues: DJANGO to django.po, DJANGOJS to djangojs.po (the admin's JavaScript catalogue).

A value is the bokmål text, or for a plural msgid (msgid_plural, singular, plural).
The words follow the rest of the admin: "side", "utkast", "arbeidsflyt", "oppgave",
"moderering", "publiser"; Wagtail's search promotions are called "anbefalte resultater"
everywhere, as in the site's own menu.
"""

from __future__ import annotations

Entry = str | tuple[str, str, str]

DJANGO: dict[str, Entry] = {
    # --- Typos and inconsistent names in Wagtail's own nb catalogue ---------------------------
    "The page title as you'd like it to be seen by the public": "Tittelen på siden slik den vises offentlig",
    "Wagtail search promotions": "Anbefalte resultater",
    "search promotion": "anbefalt resultat",
    "Promoted search results": "Anbefalte resultater",
    "Promoted results": "Anbefalte resultater",
    "Promoted search result": "Anbefalt resultat",
    "Add new promoted result": "Legg til anbefalt resultat",
    "Editor's picks for '%(query)s' created.": "Anbefalte resultater for «%(query)s» er opprettet.",
    "Editor's picks for '%(query)s' updated.": "Anbefalte resultater for «%(query)s» er oppdatert.",
    "Editor's picks deleted.": "Anbefalte resultater er slettet.",
    "Are you sure you want to delete all promoted results for this search term?": (
        "Er du sikker på at du vil slette alle anbefalte resultater for dette søkeordet?"
    ),
    "Please specify at least one recommendation for this search term.": (
        "Legg inn minst ett anbefalt resultat for dette søkeordet."
    ),
    'Sorry, no promoted results match "<em>%(query_string)s</em>"': (
        "Ingen anbefalte resultater passer med «<em>%(query_string)s</em>»"
    ),
    # --- Search promotions (Anbefalte resultater) ---------------------------------------------
    "You must enter an external link text if you enter an external link URL.": (
        "Skriv en lenketekst når du oppgir en ekstern lenke."
    ),
    "You must recommend a page OR an external link.": "Anbefal en side ELLER en ekstern lenke.",
    "Please only select a page OR enter an external link.": "Velg enten en side ELLER en ekstern lenke, ikke begge.",
    "query": "søk",
    "queries": "søk",
    "Choose an internal page for this promotion": "Velg en side på nettstedet som skal anbefales",
    "External link URL": "Adresse til ekstern lenke",
    "Alternatively, use an external link for this promotion": "Eller anbefal en ekstern lenke",
    "Applies to internal page or external link": "Gjelder siden eller den eksterne lenken",
    "<p>Promoted search results are a means of recommending specific pages or external links that might not "
    "organically come high up in search results. E.g recommending your primary donation page to a user searching "
    'with the less common term "<em>giving</em>".</p>': (
        "<p>Anbefalte resultater vises øverst i søket og løfter fram sider eller eksterne lenker som ellers ikke "
        "ville kommet høyt opp, for eksempel veiledningen om listetak for den som søker på «<em>pasientliste</em>».</p>"
    ),
    '<p>The "Search term(s)/phrase" field below must contain the full and exact search for which you wish to '
    "provide recommended results, <em>including</em> any misspellings/user error. To help, you can choose from "
    "search terms that have been popular with users of your site.</p>": (
        "<p>Feltet «Søkeord/-frase» må inneholde hele søket, nøyaktig slik det skrives, <em>også</em> med "
        "skrivefeil. Du kan velge blant søkeord som brukerne av nettstedet ofte har søkt på.</p>"
    ),
    "Recommended search result": "Anbefalt resultat",
    "Add a recommended result": "Legg til et anbefalt resultat",
    "No promoted results have been created.": "Ingen anbefalte resultater er opprettet.",
    "Views": "Antall søk",  # the popular-terms chooser counts searches
    "Search terms": "Søkeord",
    "Recommendations have not been created due to errors.": "De anbefalte resultatene ble ikke opprettet på grunn av feil.",
    "Recommendations have not been saved due to errors.": "De anbefalte resultatene ble ikke lagret på grunn av feil.",
    # --- Validation banners and messages ------------------------------------------------------
    "The page could not be saved due to validation errors.": "Siden kunne ikke lagres fordi noen felt har feil.",
    "The page could not be created due to validation errors.": "Siden kunne ikke opprettes fordi noen felt har feil.",
    "The page could not be saved as it is locked.": "Siden kunne ikke lagres fordi den er låst.",
    "The %(model_name)s could not be saved as it is locked": "%(model_name)s kunne ikke lagres fordi den er låst",
    "There are validation errors, click save to highlight them.": "Noen felt har feil. Klikk Lagre for å se dem.",
    "Go to the first error": "Gå til den første feilen",
    "Correct the validation errors to resume preview (saving will highlight errors)": (
        "Rett feilene for å se forhåndsvisningen igjen (lagring viser hvor feilene er)"
    ),
    "Saving will overwrite a newer version.": "Lagring vil overskrive en nyere versjon.",
    "Expiry date/time must be in the future.": "Utløpstidspunktet må være fram i tid.",
    "Date cannot be in the future.": "Datoen kan ikke være fram i tid.",
    "The slug '%(page_slug)s' is already in use within the parent page.": (
        "Permalenken «%(page_slug)s» er allerede i bruk under denne overordnede siden."
    ),
    "The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'.": (
        "Permalenken «%(page_slug)s» er allerede i bruk under den overordnede siden «%(parent_url_path)s»."
    ),
    "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try "
    "again.": (
        "Permalenken «%(page_slug)s» er allerede i bruk under den valgte overordnede siden. Velg en annen permalenke "
        "og prøv igjen."
    ),
    "Tag(s) %(value_too_long)s are over %(max_tag_length)d characters.": (
        "Emneordene %(value_too_long)s er lengre enn %(max_tag_length)d tegn."
    ),
    "Tags can only consist of a single word, no spaces allowed.": "Emneord kan bare være ett ord, uten mellomrom.",
    'Multi-word tags with spaces will automatically be enclosed in double quotes (").': (
        'Emneord med flere ord og mellomrom settes automatisk i anførselstegn (").'
    ),
    "Please select another parent.": "Velg en annen overordnet side.",
    'You do not have permission to publish pages at "%(page_title)s"': (
        "Du har ikke tillatelse til å publisere sider under «%(page_title)s»"
    ),
    'You do not have permission to create a page under "%(page_title)s".': (
        "Du har ikke tillatelse til å opprette en side under «%(page_title)s»."
    ),
    'You cannot create a page of type "%(page_type)s" under "%(page_title)s".': (
        "Du kan ikke opprette en side av typen «%(page_type)s» under «%(page_title)s»."
    ),
    "You do not have permission to access the admin.": "Du har ikke tilgang til administrasjonen.",
    "Cannot overwrite a revision that is not the latest for this %(model_name)s.": (
        "Kan ikke overskrive en versjon som ikke er den nyeste av denne %(model_name)s."
    ),
    "Cannot overwrite a revision that was not created by the current user.": (
        "Kan ikke overskrive en versjon som noen andre har laget."
    ),
    # --- Autosave, saving and concurrent editing -----------------------------------------------
    "Saved": "Lagret",
    "Autosave is paused": "Automatisk lagring er satt på pause",
    "Autosave is <span>paused</span>": "Automatisk lagring er <span>satt på pause</span>",
    "Draft saved": "Utkast lagret",
    "Save changes": "Lagre endringer",
    "Save your changes before leaving": "Lagre endringene før du går",
    "You have <span>unsaved edits</span>": "Du har <span>endringer som ikke er lagret</span>",
    "You saved a new version in another window": "Du lagret en ny versjon i et annet vindu",
    "%(user_name)s saved a new version": "%(user_name)s lagret en ny versjon",
    "View latest version": "Se nyeste versjon",
    "You have unsaved changes in another window": "Du har endringer som ikke er lagret i et annet vindu",
    "%(user_name)s has unsaved changes": "%(user_name)s har endringer som ikke er lagret",
    "Currently idle": "Inaktiv nå",
    "Currently viewing": "Ser på siden nå",
    "One other user is currently viewing": (
        "%(num_user)s other users are currently viewing",
        "Én annen bruker ser på siden nå",
        "%(num_user)s andre brukere ser på siden nå",
    ),
    "Proceeding will overwrite the changes you made in that window.": (
        "Hvis du fortsetter, overskrives endringene du gjorde i det vinduet."
    ),
    "Proceeding will overwrite the changes made by %(user_name)s.": (
        "Hvis du fortsetter, overskrives endringene %(user_name)s har gjort."
    ),
    "Alternatively, you can view the latest version in a new tab.": "Du kan også se den nyeste versjonen i en ny fane.",
    "A network error occurred": "Det oppstod en nettverksfeil",
    "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last "
    "saved version.": (
        "Sjekk forbindelsen til nettstedet før du fortsetter. Åpne redigeringen i en ny fane for å se siste lagrede "
        "versjon."
    ),
    # --- Workflow: actions, states and the side panel -----------------------------------------
    "Approve with comment": "Godkjenn med kommentar",
    "%(label)s and Publish": "%(label)s og publiser",
    "Request changes": "Be om endringer",
    "Comment": "Kommentar",
    "Add comment": "Legg til kommentar",
    "Add Comment": "Legg til kommentar",
    "with comment:": "med kommentar:",
    "In progress": "Pågår",
    "Approved": "Godkjent",
    "Needs changes": "Trenger endringer",
    "Cancelled": "Avbrutt",
    "Rejected": "Avvist",
    "Skipped": "Hoppet over",
    "Not started": "Ikke startet",
    "Submitted": "Sendt inn",
    "Published": "Publisert",
    "Unpublished": "Avpublisert",
    "Awaiting": "Venter",
    "In Moderation": "Til godkjenning",
    "in moderation": "til godkjenning",
    "live + in moderation": "publisert + til godkjenning",
    "Approved task": "Godkjent oppgave",
    "Workflow started": "Arbeidsflyten er startet",
    "Workflow completed": "Arbeidsflyten er fullført",
    "Workflow": "Arbeidsflyt",
    "Workflows": "Arbeidsflyter",
    "workflow": "arbeidsflyt",
    "workflows": "arbeidsflyter",
    "task": "oppgave",
    "tasks": "oppgaver",
    "Workflow tasks": "Oppgaver i arbeidsflyter",
    "Workflow history": "Arbeidsflythistorikk",
    "Workflow progress": "Fremdrift i arbeidsflyten",
    "Workflow state": "Status i arbeidsflyten",
    "Workflow states": "Statuser i arbeidsflyten",
    "Task state": "Oppgavestatus",
    "Task states": "Oppgavestatuser",
    "Group approval task": "Godkjenning av gruppe",
    "Group approval tasks": "Godkjenninger av gruppe",
    "Edit / Review": "Rediger / gjennomgå",
    "Timeline": "Tidslinje",
    "Initial Revision": "Første versjon",
    "Requested by": "Sendt inn av",
    "Requested By": "Sendt inn av",
    "Started at": "Startet",
    "Completed at": "Fullført",
    "Incomplete task": "Uferdig oppgave",
    "Page/Snippet": "Side/snutt",
    "Page/Snippet ID": "Side/snutt-ID",
    "Page/Snippet Type": "Side/snutt-type",
    "Page/Snippet Title": "Side/snutt-tittel",
    "By task": "Etter oppgave",
    "By workflow": "Etter arbeidsflyt",
    "Awaiting my review": "Venter på min godkjenning",
    "No pages/snippets have been submitted for moderation yet": "Ingen sider eller snutter er sendt til godkjenning ennå",
    "Requested by <b>%(modified_by)s</b>": "Sendt inn av <b>%(modified_by)s</b>",
    "Started at <b>%(started_at)s</b>": "Startet <b>%(started_at)s</b>",
    "Status %(status)s": "Status %(status)s",
    "%(action)s by <b>%(who)s</b> at <b>%(at)s</b>": "%(action)s av <b>%(who)s</b> <b>%(at)s</b>",
    "%(action)s at <b>%(at)s</b>": "%(action)s <b>%(at)s</b>",
    "%(action)s by <b>%(who)s</b>": "%(action)s av <b>%(who)s</b>",
    "This page hasn't been submitted for moderation yet": "Siden er ikke sendt til godkjenning ennå",
    "This %(model_name)s hasn't been submitted for moderation yet": "Denne %(model_name)s er ikke sendt til godkjenning ennå",
    "Changes requested by %(requested_by)s": "%(requested_by)s har bedt om endringer",
    "Changes requested": "Endringer etterspurt",
    "Changes requested %(finished_at)s": "Endringer etterspurt %(finished_at)s",
    "Cancelled by %(cancelled_by)s": "Avbrutt av %(cancelled_by)s",
    "Approved by %(approved_by)s": "Godkjent av %(approved_by)s",
    "Sent to %(task_name)s %(started_at)s": "Sendt til %(task_name)s %(started_at)s",
    "%(status_display)s %(task_name)s %(started_at)s": "%(status_display)s %(task_name)s %(started_at)s",
    "See full history": "Se hele historikken",
    "View details": "Se detaljer",
    "This page was marked as needing changes at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>.": (
        "Siden trenger endringer etter <strong>%(task)s</strong> i <strong>%(workflow)s</strong>."
    ),
    "This %(model_name)s was marked as needing changes at <strong>%(task)s</strong> in "
    "<strong>%(workflow)s</strong>.": (
        "Denne %(model_name)s trenger endringer etter <strong>%(task)s</strong> i <strong>%(workflow)s</strong>."
    ),
    "This page is currently at <strong>%(task)s</strong> in <strong>%(workflow)s</strong>.": (
        "Siden er nå til <strong>%(task)s</strong> i <strong>%(workflow)s</strong>."
    ),
    "Publishing this page will cancel the current workflow.": "Hvis du publiserer siden, avbrytes arbeidsflyten.",
    "Would you still like to publish this page?": "Vil du likevel publisere siden?",
    "This %(model_name)s is currently awaiting moderation.": "Denne %(model_name)s venter på godkjenning.",
    "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> workflow.": (
        "Denne {model_name} venter på <b>«{task_name}»</b> i arbeidsflyten <b>«{workflow_name}»</b>."
    ),
    "Only reviewers for this task can edit the %(model_name)s.": (
        "Bare de som godkjenner denne oppgaven, kan redigere %(model_name)s."
    ),
    "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing": (
        "De som godkjenner, kan redigere denne %(model_name)s – lås den for å hindre andre i å redigere"
    ),
    "Only reviewers can edit and approve the %(model_name)s": "Bare de som godkjenner, kan redigere og godkjenne %(model_name)s",
    "Locked by workflow": "Låst av arbeidsflyt",
    "The %(model_name)s '%(title)s' is not currently awaiting moderation.": (
        "%(model_name)s «%(title)s» venter ikke på godkjenning nå."
    ),
    "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'.": (
        "%(model_name)s «%(title)s» venter ikke på godkjenning i oppgaven «%(task_name)s» nå."
    ),
    "The page '%(page_title)s' is not currently awaiting moderation in task '%(task_name)s'.": (
        "Siden «%(page_title)s» venter ikke på godkjenning i oppgaven «%(task_name)s» nå."
    ),
    "%(model_name)s '%(object)s' has been submitted for moderation.": (
        "%(model_name)s «%(object)s» er sendt til godkjenning."
    ),
    "%(model_name)s '%(object)s' created and submitted for moderation.": (
        "%(model_name)s «%(object)s» er opprettet og sendt til godkjenning."
    ),
    "Workflow on %(model_name)s '%(object)s' has been restarted.": (
        "Arbeidsflyten for %(model_name)s «%(object)s» er startet på nytt."
    ),
    "Workflow on %(model_name)s '%(object)s' has been cancelled.": (
        "Arbeidsflyten for %(model_name)s «%(object)s» er avbrutt."
    ),
    "Workflow on page '%(page_title)s' has been cancelled.": "Arbeidsflyten for siden «%(page_title)s» er avbrutt.",
    "Workflow on page '%(page_title)s' has been restarted.": "Arbeidsflyten for siden «%(page_title)s» er startet på nytt.",
    # Log entries in the page's history
    "Workflow: start": "Arbeidsflyt: start",
    "'%(workflow)s' started. Next step '%(task)s'": "«%(workflow)s» er startet. Neste steg: «%(task)s»",
    "Workflow: approve task": "Arbeidsflyt: godkjenn oppgave",
    "Approved at '%(task)s'. Next step '%(next_task)s'": "Godkjent i «%(task)s». Neste steg: «%(next_task)s»",
    "Approved at '%(task)s'. '%(workflow)s' complete": "Godkjent i «%(task)s». «%(workflow)s» er fullført",
    "Workflow task approved": "Oppgaven i arbeidsflyten er godkjent",
    "Workflow: reject task": "Arbeidsflyt: avvis oppgave",
    "Rejected at '%(task)s'. Changes requested": "Avvist i «%(task)s». Endringer etterspurt",
    "Workflow task rejected. Workflow complete": "Oppgaven er avvist. Arbeidsflyten er avsluttet",
    "Workflow: resume task": "Arbeidsflyt: gjenoppta oppgave",
    "Resubmitted '%(task)s'. Workflow resumed": "Sendt inn på nytt til «%(task)s». Arbeidsflyten fortsetter",
    "Workflow task resubmitted. Workflow resumed": "Sendt inn på nytt. Arbeidsflyten fortsetter",
    "Workflow: cancel": "Arbeidsflyt: avbryt",
    "Cancelled '%(workflow)s' at '%(task)s'": "Avbrøt «%(workflow)s» i «%(task)s»",
    "Workflow cancelled": "Arbeidsflyten er avbrutt",
    "Create": "Opprett",
    "Creating…": "Oppretter …",
    "Deleted": "Slettet",
    "Publish scheduled draft": "Publiser planlagt utkast",
    "Published scheduled draft": "Publiserte planlagt utkast",
    "Unpublish scheduled draft": "Avpubliser planlagt utkast",
    "Unpublished scheduled draft": "Avpubliserte planlagt utkast",
    "Rename": "Endre navn",
    "Renamed from '%(old)s' to '%(new)s'": "Endret navn fra «%(old)s» til «%(new)s»",
    "Renamed": "Endret navn",
    "Revert": "Tilbakestill",
    "Reverted to previous revision with id %(revision_id)s from %(created_at)s": (
        "Tilbakestilt til versjon %(revision_id)s fra %(created_at)s"
    ),
    "Reverted to previous revision": "Tilbakestilt til en tidligere versjon",
    "Copied from %(title)s": "Kopiert fra %(title)s",
    "Copied": "Kopiert",
    "Moved from '%(old_parent)s' to '%(new_parent)s'": "Flyttet fra «%(old_parent)s» til «%(new_parent)s»",
    "Moved": "Flyttet",
    "Reorder": "Endre rekkefølge",
    "Reordered under '%(parent)s'": "Endret rekkefølge under «%(parent)s»",
    "Reordered": "Endret rekkefølge",
    "Schedule publication": "Planlegg publisering",
    "Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s.": (
        "Versjon %(revision_id)s fra %(created_at)s er planlagt publisert %(go_live_at)s."
    ),
    "%(model_name)s scheduled for publishing at %(go_live_at)s": "%(model_name)s er planlagt publisert %(go_live_at)s",
    "%(model_name)s scheduled for publishing": "%(model_name)s er planlagt publisert",
    "Unschedule publication": "Fjern planlagt publisering",
    "Revision %(revision_id)s from %(created_at)s unscheduled from publishing at %(go_live_at)s.": (
        "Planlagt publisering %(go_live_at)s av versjon %(revision_id)s fra %(created_at)s er fjernet."
    ),
    "%(model_name)s unscheduled for publishing at %(go_live_at)s": (
        "Planlagt publisering av %(model_name)s %(go_live_at)s er fjernet"
    ),
    "%(model_name)s unscheduled from publishing": "Planlagt publisering av %(model_name)s er fjernet",
    "Add view restrictions": "Legg til tilgangsbegrensning",
    "Added the '%(restriction)s' view restriction": "La til tilgangsbegrensningen «%(restriction)s»",
    "Added view restriction": "La til tilgangsbegrensning",
    "Update view restrictions": "Endre tilgangsbegrensning",
    "Updated the view restriction to '%(restriction)s'": "Endret tilgangsbegrensningen til «%(restriction)s»",
    "Updated view restriction": "Endret tilgangsbegrensning",
    "Remove view restrictions": "Fjern tilgangsbegrensning",
    "Removed the '%(restriction)s' view restriction. The page is public.": (
        "Fjernet tilgangsbegrensningen «%(restriction)s». Siden er offentlig."
    ),
    "Removed view restriction": "Fjernet tilgangsbegrensning",
    'Added a comment on field %(field)s: "%(text)s"': "La til en kommentar på feltet %(field)s: «%(text)s»",
    "Added a comment": "La til en kommentar",
    "Edit comment": "Rediger kommentar",
    'Edited a comment on field %(field)s: "%(text)s"': "Redigerte en kommentar på feltet %(field)s: «%(text)s»",
    "Edited a comment": "Redigerte en kommentar",
    "Delete comment": "Slett kommentar",
    'Deleted a comment on field %(field)s: "%(text)s"': "Slettet en kommentar på feltet %(field)s: «%(text)s»",
    "Deleted a comment": "Slettet en kommentar",
    "Resolve comment": "Løs kommentar",
    'Resolved a comment on field %(field)s: "%(text)s"': "Løste en kommentar på feltet %(field)s: «%(text)s»",
    "Resolved a comment": "Løste en kommentar",
    "Reply to comment": "Svar på kommentar",
    'Replied to comment on field %(field)s: "%(text)s"': "Svarte på en kommentar på feltet %(field)s: «%(text)s»",
    "Replied to a comment": "Svarte på en kommentar",
    "log entry": "loggoppføring",
    "log entries": "loggoppføringer",
    "page log entry": "loggoppføring for side",
    "page log entries": "loggoppføringer for sider",
    "comment": "kommentar",
    "comments": "kommentarer",
    "revision": "versjon",
    "revisions": "versjoner",
    "latest revision": "nyeste versjon",
    "live revision": "publisert versjon",
    "status": "status",
    "requested by": "sendt inn av",
    "started at": "startet",
    "finished at": "fullført",
    "finished by": "fullført av",
    # --- Moderation mails ----------------------------------------------------------------------
    'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"': (
        "Siden «%(title)s» er sendt til godkjenning i steget «%(task)s»"
    ),
    'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"': (
        "%(model_name)s «%(title)s» er sendt til godkjenning i steget «%(task)s»"
    ),
    'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".': (
        "Siden «%(title)s» er sendt til godkjenning i steget «%(task)s»."
    ),
    'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".': (
        "%(model_name)s «%(title)s» er sendt til godkjenning i steget «%(task)s»."
    ),
    'The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".': (
        "Siden «%(title)s» er sendt til godkjenning i steget «%(task)s»."
    ),
    'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".': (
        "%(model_name)s «%(title)s» er sendt til godkjenning i steget «%(task)s»."
    ),
    'The page "%(title)s" has been submitted to workflow "%(workflow)s"': (
        "Siden «%(title)s» er sendt til arbeidsflyten «%(workflow)s»"
    ),
    'The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"': (
        "%(model_name)s «%(title)s» er sendt til arbeidsflyten «%(workflow)s»"
    ),
    'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.': (
        "%(requester)s har sendt siden «%(title)s» til godkjenning i arbeidsflyten «%(workflow)s»."
    ),
    'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".': (
        "Siden «%(title)s» er sendt til godkjenning i arbeidsflyten «%(workflow)s»."
    ),
    'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.': (
        "%(requester)s har sendt %(model_name)s «%(title)s» til godkjenning i arbeidsflyten «%(workflow)s»."
    ),
    'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".': (
        "%(model_name)s «%(title)s» er sendt til godkjenning i arbeidsflyten «%(workflow)s»."
    ),
    'The page "%(title)s" has been approved in workflow "%(workflow)s".': (
        "Siden «%(title)s» er godkjent i arbeidsflyten «%(workflow)s»."
    ),
    'The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".': (
        "%(model_name)s «%(title)s» er godkjent i arbeidsflyten «%(workflow)s»."
    ),
    'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.': (
        "%(rejector)s har avvist siden «%(title)s» i «%(task)s» i arbeidsflyten «%(workflow)s»."
    ),
    'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".': (
        "Siden «%(title)s» er avvist i «%(task)s» i arbeidsflyten «%(workflow)s»."
    ),
    'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.': (
        "%(rejector)s har avvist %(model_name)s «%(title)s» i «%(task)s» i arbeidsflyten «%(workflow)s»."
    ),
    'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".': (
        "%(model_name)s «%(title)s» er avvist i «%(task)s» i arbeidsflyten «%(workflow)s»."
    ),
    'The following comment was left: "%(comment)s"': "Denne kommentaren ble lagt igjen: «%(comment)s»",
    "You can preview the %(model_name)s here:": "Du kan forhåndsvise %(model_name)s her:",
    '%(editor)s has updated comments on "%(title)s".': "%(editor)s har endret kommentarer på «%(title)s».",
    '%(editor)s has updated comments on "%(title)s"': "%(editor)s har endret kommentarer på «%(title)s»",
    "New comments": "Nye kommentarer",
    "Resolved comments": "Løste kommentarer",
    "Deleted comments": "Slettede kommentarer",
    "New replies": "Nye svar",
    "New replies to:": "Nye svar på:",
    "New comments:": "Nye kommentarer:",
    "Resolved comments:": "Løste kommentarer:",
    "Deleted comments:": "Slettede kommentarer:",
    "New replies:": "Nye svar:",
    # --- Page editor: status side panel, scheduling, checks, preview --------------------------
    "Status: ": "Status: ",
    "Locking: ": "Låsing: ",
    "Page visibility: ": "Synlighet: ",
    "Privacy and access": "Personvern og tilgang",
    "Visible to all": "Synlig for alle",
    "Visible to all. Visit the live page": "Synlig for alle. Gå til den publiserte siden",
    "Private. Visit the live page": "Privat. Gå til den publiserte siden",
    "Once live anyone can view": "Synlig for alle når den er publisert",
    "Not visible to the public": "Ikke synlig for offentligheten",
    "Choose who can view the live version of this page": "Velg hvem som kan se den publiserte versjonen av siden",
    "Changing the privacy for this page has been disabled.": "Du kan ikke endre tilgangen til denne siden.",
    "Privacy is inherited from the ancestor page - %(ancestor_page)s": "Tilgangen arves fra siden %(ancestor_page)s",
    "Anyone can edit this %(model_name)s": "Alle kan redigere denne %(model_name)s",
    "Anyone can edit this %(model_name)s – lock it to prevent others from editing": (
        "Alle kan redigere denne %(model_name)s – lås den for å hindre andre i å redigere"
    ),
    "This page is locked, by you, to further editing": "Du har låst siden for videre redigering",
    "Locked by <b>you</b> at <b>%(locking_date)s</b>": "Låst av <b>deg</b> <b>%(locking_date)s</b>",
    "Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>": "Låst av <b>%(locked_by)s</b> <b>%(locking_date)s</b>",
    "Locked at <b>%(locking_date)s</b>": "Låst <b>%(locking_date)s</b>",
    "Locked by you": "Låst av deg",
    "Locked by another user": "Låst av en annen bruker",
    "Locked by schedule": "Låst av planlagt publisering",
    "Currently locked and will go live on the scheduled date": "Låst nå, og publiseres på planlagt tidspunkt",
    "No one can make changes while the %(model_name)s is locked": "Ingen kan gjøre endringer mens %(model_name)s er låst",
    "Only you can make changes while the %(model_name)s is locked": (
        "Bare du kan gjøre endringer mens %(model_name)s er låst"
    ),
    "Only %(user)s can make changes while the %(model_name)s is locked": (
        "Bare %(user)s kan gjøre endringer mens %(model_name)s er låst"
    ),
    "Locked by": "Låst av",
    "Locked pages": "Låste sider",
    "First published": "Først publisert",
    "Last published": "Sist publisert",
    "Last published by": "Sist publisert av",
    "Last published at": "Sist publisert",
    "Last published before": "Sist publisert før",
    "To be created by %(user)s": "Opprettes av %(user)s",
    "View history": "Se historikk",
    "History": "Historikk",
    "Schedule to publish": "Planlegg publisering",
    "Scheduling…": "Planlegger …",
    "Choose when this page should go live and/or expire": "Velg når siden skal publiseres og/eller utløpe",
    "Choose when this %(model_name)s should go live and/or expire": (
        "Velg når denne %(model_name)s skal publiseres og/eller utløpe"
    ),
    'This publishing schedule will only take effect after you select the "Schedule to publish" option': (
        "Tidsplanen gjelder først når du velger «Planlegg publisering»"
    ),
    "Anyone with editing permissions can create schedules": "Alle som kan redigere, kan lage en tidsplan",
    "But only those with publishing permissions can make them effective.": (
        "Men bare de som kan publisere, kan sette den i verk."
    ),
    "Set publishing schedule": "Velg tidsplan for publisering",
    "Save schedule": "Lagre tidsplan",
    "No publishing schedule set": "Ingen tidsplan for publisering",
    "Set schedule": "Velg tidsplan",
    "Edit schedule": "Endre tidsplan",
    "Invalid schedule": "Ugyldig tidsplan",
    "Go-live:": "Publiseres:",
    "Expiry:": "Utløper:",
    "Once scheduled:": "Når den er planlagt:",
    "%(model_name)s '%(object)s' has been scheduled for publishing.": "%(model_name)s «%(object)s» er planlagt publisert.",
    "%(model_name)s '%(object)s' created and scheduled for publishing.": (
        "%(model_name)s «%(object)s» er opprettet og planlagt publisert."
    ),
    "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing.": (
        "%(model_name)s «%(object)s» er publisert, og denne versjonen er planlagt publisert."
    ),
    "%(model_name)s '%(object)s' updated and published.": "%(model_name)s «%(object)s» er oppdatert og publisert.",
    "%(model_name)s '%(object)s' created and published.": "%(model_name)s «%(object)s» er opprettet og publisert.",
    "%(model_name)s '%(title)s' is now unlocked.": "%(model_name)s «%(title)s» er nå låst opp.",
    "%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s.": (
        "%(model_name)s «%(object)s» er erstattet med versjonen fra %(timestamp)s."
    ),
    "Version from %(timestamp)s of %(model_name)s '%(object)s' has been published.": (
        "Versjonen fra %(timestamp)s av %(model_name)s «%(object)s» er publisert."
    ),
    "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing.": (
        "Versjonen fra %(timestamp)s av %(model_name)s «%(object)s» er planlagt publisert."
    ),
    "Page '%(page_title)s' has been replaced with version from %(previous_revision_datetime)s.": (
        "Siden «%(page_title)s» er erstattet med versjonen fra %(previous_revision_datetime)s."
    ),
    "Version from %(previous_revision_datetime)s of page '%(page_title)s' has been scheduled for publishing.": (
        "Versjonen fra %(previous_revision_datetime)s av siden «%(page_title)s» er planlagt publisert."
    ),
    "Page '%(page_title)s' is live and this version has been scheduled for publishing.": (
        "Siden «%(page_title)s» er publisert, og denne versjonen er planlagt publisert."
    ),
    "Version from %(datetime)s of page '%(page_title)s' has been published.": (
        "Versjonen fra %(datetime)s av siden «%(page_title)s» er publisert."
    ),
    "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s": (
        "Du ser på en tidligere versjon av siden fra <b>%(created_at)s</b>, laget av %(user)s"
    ),
    "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s": (
        "Du ser på en tidligere versjon av denne %(model_name)s fra <b>%(created_at)s</b>, laget av %(user)s"
    ),
    "'%(object)s' unpublished.": "«%(object)s» er avpublisert.",
    'Version %(revision_id)s of "%(object)s" unscheduled.': (
        "Planlagt publisering av versjon %(revision_id)s av «%(object)s» er fjernet."
    ),
    "Publish page": "Publiser siden",
    "Compare": "Sammenlign",
    "Preview in new tab": "Forhåndsvis i ny fane",
    "Preview in mobile size": "Forhåndsvis i mobilstørrelse",
    "Preview in tablet size": "Forhåndsvis i nettbrettstørrelse",
    "Preview in desktop size": "Forhåndsvis i skjermstørrelse",
    "Preview mode": "Forhåndsvisning",
    "Preview is out of date": "Forhåndsvisningen er ikke oppdatert",
    "Preview for %(block_label)s (%(block_type)s)": "Forhåndsvisning av %(block_label)s (%(block_type)s)",
    "Loading": "Laster",
    "Refreshing…": "Oppdaterer …",
    "Refresh": "Oppdater",
    "Checks": "Kontroller",
    "Warnings": "Advarsler",
    "Issues found": "Funne problemer",
    "Show issue": "Vis problemet",
    "Content metrics": "Om innholdet",
    "Words": "Ord",
    "Reading time": "Lesetid",
    "Readability": "Lesbarhet",
    "This data explained": "Forklaring av tallene",
    "How we calculate our metrics": "Slik regner vi ut tallene",
    "We extract the main content from the page preview, remove all formatting, and calculate the number of words.": (
        "Vi henter hovedinnholdet fra forhåndsvisningen, fjerner all formatering og teller ordene."
    ),
    "We calculate reading time from word count, using different reading speeds for different languages.": (
        "Vi regner ut lesetiden fra antall ord, med ulik lesehastighet for ulike språk."
    ),
    "We use a readability formula based on length of words and sentences. Long sentences and words result in a "
    "worse readability score.": (
        "Vi bruker en formel for lesbarhet basert på lengden på ord og setninger. Lange setninger og ord gir "
        "dårligere lesbarhet."
    ),
    'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content '
    "metrics are calculated.": (
        'Se <a href="%(guide_link)s" target="_blank">veiledningen om innholdskontroller</a> for mer om hvordan '
        "tallene regnes ut."
    ),
    "Button text is empty": "Knappeteksten er tom",
    "Use meaningful text for screen reader users": "Bruk en tekst som gir mening for skjermleserbrukere",
    "Empty heading found": "Tom overskrift",
    "Table header text is empty": "Overskriftscellen i tabellen er tom",
    "Empty frame title found": "Ramme uten tittel",
    "Use a meaningful title for screen reader users": "Bruk en tittel som gir mening for skjermleserbrukere",
    "Incorrect heading hierarchy": "Feil rekkefølge på overskriftsnivåene",
    "Avoid skipping levels": "Ikke hopp over nivåer",
    "Input button text is empty": "Knappeteksten i skjemaet er tom",
    "Link text is empty": "Lenketeksten er tom",
    "Misusing paragraphs as headings": "Avsnitt brukt som overskrift",
    "Use proper heading tags": "Bruk ekte overskrifter",
    "Image alt text has inappropriate pattern": "Alternativteksten til bildet ser feil ut",
    "Use meaningful text": "Bruk en tekst som gir mening",
    "Meta description is empty": "Metabeskrivelsen er tom",
    "Add a concise description for search engines": "Skriv en kort beskrivelse for søkemotorer",
    "title tag": "tittel for søkemotorer",
    "meta description": "metabeskrivelse",
    "The name of the page displayed on search engine results as the clickable headline.": (
        "Navnet på siden slik det vises som klikkbar overskrift i søkemotorer."
    ),
    "The descriptive text displayed underneath a headline in search engine results.": (
        "Beskrivelsen som vises under overskriften i søkemotorer."
    ),
    "Comment notifications": "Varsler om kommentarer",
    "Comments": "Kommentarer",
    "Minimap": "Minikart",
    "Side panels": "Sidepaneler",
    "Toggle side panel": "Vis eller skjul sidepanelet",
    "Side panel width": "Bredde på sidepanelet",
    "Toggle section": "Vis eller skjul seksjonen",
    "Toggle status": "Vis eller skjul status",
    "Toggle comments": "Vis eller skjul kommentarer",
    "Toggle checks": "Vis eller skjul kontroller",
    "Toggle preview": "Vis eller skjul forhåndsvisning",
    "Toggle breadcrumbs": "Vis eller skjul brødsmulestien",
    "Toggle sidebar": "Vis eller skjul sidemenyen",
    "Toggle minimap": "Vis eller skjul minikartet",
    "Close dialog": "Lukk dialogen",
    "Edit account avatar": "Endre profilbilde",
    "Actions (footer)": "Handlinger",
    "Select": "Velg",
    "Placeholder title": "Midlertidig tittel",
    "Field": "Felt",
    "%(field_label)s:": "%(field_label)s:",
    "(blank)": "(tom)",
    "Sort menu order": "Sorter menyrekkefølgen",
    "Sort item order": "Sorter rekkefølgen",
    "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change.": (
        "Gå til dra-knappen og bruk piltastene opp og ned for å flytte elementet, og trykk Enter for å lagre."
    ),
    "Disable custom ordering": "Slå av egen rekkefølge",
    "Enable custom ordering": "Slå på egen rekkefølge",
    "Item %(index)s of %(total)s": "Element %(index)s av %(total)s",
    "This page is an alias of another page.": "Denne siden er et alias for en annen side.",
    "Edit original page": "Rediger originalsiden",
    "Convert this alias into an ordinary page": "Gjør aliaset om til en vanlig side",
    "This %(model_name)s is referenced %(usage_count)s time.": (
        "This %(model_name)s is referenced %(usage_count)s times.",
        "Denne %(model_name)s er brukt %(usage_count)s gang.",
        "Denne %(model_name)s er brukt %(usage_count)s ganger.",
    ),
    "One or more references to this %(model_name)s prevent it from being deleted.": (
        "Denne %(model_name)s kan ikke slettes fordi den er i bruk."
    ),
    "Referenced %(count)s time": ("Referenced %(count)s times", "Brukt %(count)s gang", "Brukt %(count)s ganger"),
    "If you confirm deletion": "Hvis du bekrefter slettingen",
    # --- Listings, explorer and bulk actions ---------------------------------------------------
    "Search…": "Søk …",
    "Search all pages…": "Søk i alle sider …",
    "Search the whole site": "Søk i hele nettstedet",
    "Show filters": "Vis filtre",
    "Apply filters": "Bruk filtrene",
    "Filter by": "Filtrer etter",
    "Back": "Tilbake",
    "Any": "Alle",
    "any": "alle",
    "Yes": "Ja",
    "No": "Nei",
    "Anyone": "Alle",
    "Show": "Vis",
    "Date updated": "Sist endret",
    "Edited by": "Endret av",
    "Has child pages": "Har undersider",
    "Page type": "Sidetype",
    "Exploring": "Utforsker",
    "Is commenting action": "Gjelder kommentarer",
    "Action type": "Handling",
    "Date/Time": "Tidspunkt",
    "Date / Time": "Tidspunkt",
    "ID": "ID",
    "Usage count": "Antall bruk",
    "Minimum": "Minst",
    "Maximum": "Mest",
    "Language": "Språk",
    "Select all pages in listing": "Velg alle sidene i listen",
    "More bulk actions": "Flere handlinger",
    "Delete selected pages": "Slett valgte sider",
    "Move selected pages": "Flytt valgte sider",
    "Publish selected pages": "Publiser valgte sider",
    "Unpublish selected pages": "Avpubliser valgte sider",
    "Select a new parent page": "Velg en ny overordnet side",
    "Choose parent": "Velg overordnet side",
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s": (
        "%(start_index)s–%(end_index)s av %(items_count)s %(model_name)s"
    ),
    "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site.": (
        "%(start_index)s–%(end_index)s av %(items_count)s %(model_name)s på hele nettstedet."
    ),
    "No results across entire site.": "Ingen treff på hele nettstedet.",
    "Sorry, no pages match <em>%(query_string)s</em>": "Ingen sider passer med <em>%(query_string)s</em>",
    "No %(model_name)s match your query.": "Ingen %(model_name)s passer med søket.",
    "There are no %(model_name)s to display.": "Det finnes ingen %(model_name)s å vise.",
    'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?': (
        'Det finnes ingen %(model_name)s å vise. Vil du <a href="%(add_url)s">legge til en</a>?'
    ),
    "Sort by '%(label)s' in ascending order.": "Sorter etter «%(label)s» stigende.",
    "Sort by '%(label)s' in descending order.": "Sorter etter «%(label)s» synkende.",
    "Sorry, you cannot create a page at this location.": "Du kan ikke opprette en side her.",
    "Create a new %(model_name)s": "Opprett ny %(model_name)s",
    "New: %(model_name)s": "Ny: %(model_name)s",
    "'%(page_title)s' has been moved successfully.": "«%(page_title)s» er flyttet.",
    "Are you sure you want to delete these pages?": "Er du sikker på at du vil slette disse sidene?",
    "Are you sure you want to move these pages?": "Er du sikker på at du vil flytte disse sidene?",
    "Are you sure you want to publish these pages?": "Er du sikker på at du vil publisere disse sidene?",
    "Are you sure you want to unpublish these pages?": "Er du sikker på at du vil avpublisere disse sidene?",
    "There is no valid destination page for these pages": "Det finnes ingen gyldig side å flytte disse sidene til",
    "Yes, move these pages": "Ja, flytt sidene",
    "No, don't move": "Nei, ikke flytt",
    "Yes, publish": "Ja, publiser",
    "No, don't publish": "Nei, ikke publiser",
    "Yes, unpublish": "Ja, avpubliser",
    "This action cannot be undone.": "Dette kan ikke angres.",
    "Please type <b>%(wagtail_site_name)s</b> to confirm.": "Skriv <b>%(wagtail_site_name)s</b> for å bekrefte.",
    "Delete 1 page": ("Delete %(counter)s pages", "Slett 1 side", "Slett %(counter)s sider"),
    "Move 1 page": ("Move %(counter)s pages", "Flytt 1 side", "Flytt %(counter)s sider"),
    "Publish 1 page": ("Publish %(counter)s pages", "Publiser 1 side", "Publiser %(counter)s sider"),
    "Unpublish 1 page": ("Unpublish %(counter)s pages", "Avpubliser 1 side", "Avpubliser %(counter)s sider"),
    "This will also delete one more subpage.": (
        "This will also delete %(counter)s more subpages.",
        "Dette sletter også én underside.",
        "Dette sletter også %(counter)s undersider.",
    ),
    "You don't have permission to delete this page": (
        "You don't have permission to delete these pages",
        "Du har ikke tillatelse til å slette denne siden",
        "Du har ikke tillatelse til å slette disse sidene",
    ),
    "You don't have permission to move this page": (
        "You don't have permission to move these pages",
        "Du har ikke tillatelse til å flytte denne siden",
        "Du har ikke tillatelse til å flytte disse sidene",
    ),
    "You don't have permission to publish this page": (
        "You don't have permission to publish these pages",
        "Du har ikke tillatelse til å publisere denne siden",
        "Du har ikke tillatelse til å publisere disse sidene",
    ),
    "You don't have permission to unpublish this page": (
        "You don't have permission to unpublish these pages",
        "Du har ikke tillatelse til å avpublisere denne siden",
        "Du har ikke tillatelse til å avpublisere disse sidene",
    ),
    "This page has one child page": (
        "This page has %(counter)s child pages",
        "Siden har én underside",
        "Siden har %(counter)s undersider",
    ),
    "This page has one unpublished subpage": (
        "This page has %(counter)s unpublished subpages",
        "Siden har én upublisert underside",
        "Siden har %(counter)s upubliserte undersider",
    ),
    "This page has one subpage": (
        "This page has %(counter)s subpages",
        "Siden har én underside",
        "Siden har %(counter)s undersider",
    ),
    "This page has one subpage. Unpublish this too": (
        "This page has %(live_descendant_count)s subpages. Unpublish these too",
        "Siden har én underside. Avpubliser den også",
        "Siden har %(live_descendant_count)s undersider. Avpubliser dem også",
    ),
    "The following page cannot be moved to %(dest_title)s": (
        "The following pages cannot be moved to %(dest_title)s",
        "Denne siden kan ikke flyttes til %(dest_title)s",
        "Disse sidene kan ikke flyttes til %(dest_title)s",
    ),
    "The following page cannot be moved due to duplicate slug": (
        "The following pages cannot be moved due to duplicate slugs",
        "Denne siden kan ikke flyttes fordi permalenken allerede finnes",
        "Disse sidene kan ikke flyttes fordi permalenkene allerede finnes",
    ),
    "Deleting this page will also delete %(descendant_count)s child page.": (
        "Deleting this page will also delete %(descendant_count)s more child pages.",
        "Hvis du sletter siden, slettes også %(descendant_count)s underside.",
        "Hvis du sletter siden, slettes også %(descendant_count)s undersider.",
    ),
    "This action will delete <b>%(total_pages_formatted)s</b> page in total.": (
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
        "Dette sletter <b>%(total_pages_formatted)s</b> side i alt.",
        "Dette sletter <b>%(total_pages_formatted)s</b> sider i alt.",
    ),
    "There is one matching page": (
        "There are %(counter)s matching pages",
        "Én side passer",
        "%(counter)s sider passer",
    ),
    "1 page": ("%(counter)s pages", "1 side", "%(counter)s sider"),
    "%(num_parent_objects)d page": (
        "%(num_parent_objects)d pages",
        "%(num_parent_objects)d side",
        "%(num_parent_objects)d sider",
    ),
    "%(num_child_objects)d child page": (
        "%(num_child_objects)d child pages",
        "%(num_child_objects)d underside",
        "%(num_child_objects)d undersider",
    ),
    "%(num_parent_objects)d page has been deleted": (
        "%(num_parent_objects)d pages have been deleted",
        "%(num_parent_objects)d side er slettet",
        "%(num_parent_objects)d sider er slettet",
    ),
    "%(num_pages)d page has been moved": (
        "%(num_pages)d pages have been moved",
        "%(num_pages)d side er flyttet",
        "%(num_pages)d sider er flyttet",
    ),
    "%(num_parent_objects)d page has been published": (
        "%(num_parent_objects)d pages have been published",
        "%(num_parent_objects)d side er publisert",
        "%(num_parent_objects)d sider er publisert",
    ),
    "%(num_parent_objects)d page has been unpublished": (
        "%(num_parent_objects)d pages have been unpublished",
        "%(num_parent_objects)d side er avpublisert",
        "%(num_parent_objects)d sider er avpublisert",
    ),
    "%(parent_pages)s and %(child_pages)s have been deleted": "%(parent_pages)s og %(child_pages)s er slettet",
    "%(parent_pages)s and %(child_pages)s have been published": "%(parent_pages)s og %(child_pages)s er publisert",
    "%(parent_pages)s and %(child_pages)s have been unpublished": "%(parent_pages)s og %(child_pages)s er avpublisert",
    '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>': (
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s side <span class="w-sr-only">laget i %(site_name)s</span>',
        '%(total)s sider <span class="w-sr-only">laget i %(site_name)s</span>',
    ),
    "%(num)s error": ("%(num)s errors", "%(num)s feil", "%(num)s feil"),
    "%(num)s min": ("%(num)s mins", "%(num)s min", "%(num)s min"),
    "0 minutes": "0 minutter",
    "just now": "akkurat nå",
    "at %(time)s": "%(time)s",
    "at %(time)s by %(user_display_name)s": "%(time)s av %(user_display_name)s",
    "%(time)s by %(user_display_name)s": "%(time)s av %(user_display_name)s",
    "%(time_period)s ago by %(user_display_name)s": "for %(time_period)s siden av %(user_display_name)s",
    "%(range_start)s - %(range_end)s": "%(range_start)s – %(range_end)s",
    "Page types usage": "Bruk av sidetyper",
    "Aging pages": "Gamle sider",
    "Site history": "Nettstedshistorikk",
    "No page types found.": "Fant ingen sidetyper.",
    "App": "App",
    "Last edited page": "Sist redigerte side",
    "Last edit": "Sist redigert",
    "Choose another": "Velg en annen",
    # --- Menu, dashboard, help and keyboard shortcuts -----------------------------------------
    "Wagtail %(current_version)s editor guide": "Brukerveiledning for Wagtail %(current_version)s",
    "What's new in Wagtail %(version)s": "Nytt i Wagtail %(version)s",
    "Editor Guide": "Brukerveiledning",
    "Help": "Hjelp",
    "Shortcuts": "Snarveier",
    "Wagtail upgrade available": "En ny versjon av Wagtail er tilgjengelig",
    "Keyboard shortcuts": "Tastatursnarveier",
    "Keyboard shortcut": "Tastatursnarvei",
    "All keyboard shortcuts": "Alle tastatursnarveier",
    "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them.": (
        "Tastatursnarveier er slått på. Du kan slå dem av under %(account_link)s."
    ),
    "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them.": (
        "Tastatursnarveier er slått av. Du kan slå dem på under %(account_link)s."
    ),
    "account": "konto",
    "Section": "Del",
    "Application": "Programmet",
    "Show keyboard shortcuts": "Vis tastatursnarveier",
    "Close modal dialogs (like this one)": "Lukk dialoger (som denne)",
    "Add or show comments": "Legg til eller vis kommentarer",
    "Text editing": "Tekstredigering",
    "Cut": "Klipp ut",
    "Paste": "Lim inn",
    "Paste and match style": "Lim inn og tilpass stilen",
    "Paste without formatting": "Lim inn uten formatering",
    "Text formatting": "Tekstformatering",
    "Insert or edit a link": "Sett inn eller endre en lenke",
    "Monospace (code)": "Fast bredde (kode)",
    "Strike-through": "Gjennomstreking",
    "View Wagtail quick actions": "Vis Wagtails hurtighandlinger",
    "Skip to main content": "Hopp til hovedinnhold",
    "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a "
    'href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript '
    "in your web browser</a>.": (
        "Wagtail trenger JavaScript, men det er slått av.<br /> Her er en <a "
        'href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">veiledning i å slå på JavaScript '
        "i nettleseren</a>."
    ),
    # --- Privacy, workflows and tasks (settings), uploads ----------------------------------------
    "Private, accessible with a shared password": "Privat, tilgjengelig med et felles passord",
    "Private, accessible to any logged-in users": "Privat, tilgjengelig for alle innloggede brukere",
    "shared password": "felles passord",
    "Shared passwords should not be used to protect sensitive content. Anyone who has this password will be able "
    "to view the content.": (
        "Bruk ikke et felles passord for å beskytte sensitivt innhold. Alle som har passordet, kan se innholdet."
    ),
    "Step %(step_number)s": "Steg %(step_number)s",
    "Used on": "Brukt i",
    "Used by": "Brukt av",
    "Show disabled": "Vis deaktiverte",
    "Add a workflow": "Legg til en arbeidsflyt",
    "New workflow": "Ny arbeidsflyt",
    "New workflow task": "Ny oppgave i arbeidsflyt",
    "Editing workflow": "Redigerer arbeidsflyt",
    "Disable workflow": "Deaktiver arbeidsflyten",
    "Disable task": "Deaktiver oppgaven",
    "Workflow '%(object)s' created.": "Arbeidsflyten «%(object)s» er opprettet.",
    "Workflow '%(object)s' updated.": "Arbeidsflyten «%(object)s» er oppdatert.",
    "Workflow '%(object)s' disabled.": "Arbeidsflyten «%(object)s» er deaktivert.",
    "Workflow '%(workflow_name)s' enabled.": "Arbeidsflyten «%(workflow_name)s» er aktivert.",
    "Task '%(object)s' created.": "Oppgaven «%(object)s» er opprettet.",
    "Task '%(object)s' updated.": "Oppgaven «%(object)s» er oppdatert.",
    "Task '%(object)s' disabled.": "Oppgaven «%(object)s» er deaktivert.",
    "Task '%(task_name)s' enabled.": "Oppgaven «%(task_name)s» er aktivert.",
    "Assigned pages": "Tildelte sider",
    "Assign your workflow to pages": "Knytt arbeidsflyten til sider",
    "Not used": "Ikke i bruk",
    "Disabled": "Deaktivert",
    "Task type": "Oppgavetype",
    "Choose a task": "Velg en oppgave",
    "Choose another task": "Velg en annen oppgave",
    "Edit this task": "Rediger oppgaven",
    "Members of the chosen Wagtail Groups can approve this task": "Medlemmer av de valgte gruppene kan godkjenne oppgaven",
    "Pages/snippets at this step in a workflow will be moderated or approved by these groups of users": (
        "Sider og snutter på dette steget i arbeidsflyten godkjennes av disse gruppene"
    ),
    "Maximum filesize: %(max_upload_size)s.": "Største filstørrelse: %(max_upload_size)s.",
    "Please provide an image description to comply with best practices for accessibility.": (
        "Skriv en bildebeskrivelse, så bildet blir tilgjengelig for alle."
    ),
    "Last login": "Sist innlogget",
    # --- Account ----------------------------------------------------------------------------------
    "Profile": "Profil",
    "Notifications": "Varsler",
    "Name and Email": "Navn og e-post",
    "Profile picture": "Profilbilde",
    "Theme preferences": "Utseende",
    "Locale": "Språkområde",
    "Use server language: %(language_name)s": "Bruk nettstedets språk: %(language_name)s",
    "Use server time zone": "Bruk nettstedets tidssone",
    "Your account settings have been changed successfully!": "Kontoinnstillingene er endret.",
    "Enable": "Slå på",
    "Disable": "Slå av",
    "More contrast": "Mer kontrast",
    "Snug": "Tett",
    "Enable custom keyboard shortcuts specific to Wagtail.": "Slå på Wagtails egne tastatursnarveier.",
    # --- Tables in StreamField --------------------------------------------------------------------
    "Table": "Tabell",
    "Caption": "Bildetekst",
    "A heading that identifies the overall topic of the table, and is useful for screen reader users.": (
        "En overskrift som sier hva tabellen handler om; nyttig for skjermleserbrukere."
    ),
    "Add column": "Legg til kolonne",
    "Add row": "Legg til rad",
    "Column heading": "Kolonneoverskrift",
    "Insert column": "Sett inn kolonne",
    "Delete column": "Slett kolonne",
    "Insert row": "Sett inn rad",
    "Delete row": "Slett rad",
    # --- Images ---------------------------------------------------------------------------------
    "Grid layout": "Rutenett",
    "List layout": "Liste",
    "Usage count: (low to high)": "Antall bruk (lavest først)",
    "Usage count: (high to low)": "Antall bruk (høyest først)",
    "Filter by up to ten most popular tags.": "Filtrer etter opptil ti av de mest brukte emneordene.",
}

DJANGOJS: dict[str, Entry] = {
    "(%(number)s new items in this menu)": "(%(number)s nye elementer i denne menyen)",
    "(1 new item in this menu)": "(1 nytt element i denne menyen)",
    "(New)": "(Ny)",
    "%(num)s error": ("%(num)s errors", "%(num)s feil", "%(num)s feil"),
    "%(num)s min": ("%(num)s mins", "%(num)s min", "%(num)s min"),
    "%(num)s pixel": ("%(num)s pixels", "%(num)s piksel", "%(num)s piksler"),
    "A network error occurred.": "Det oppstod en nettverksfeil.",
    "A server error occurred.": "Det oppstod en feil på serveren.",
    "Add a comment": "Legg til en kommentar",
    "Are you sure?": "Er du sikker?",
    "Autosave in progress…": "Lagrer automatisk …",
    "Blocks": "Blokker",
    "Changes have been autosaved.": "Endringene er lagret automatisk.",
    "Character count:": "Antall tegn:",
    "Collapse all": "Lukk alle",
    "Comment": "Kommentar",
    "Complex": "Vanskelig",
    "Decorative image": "Dekorativt bilde",
    "Delete error": "Feil ved sletting",
    "Deleting": "Sletter",
    "Duplicate": "Dupliser",
    "Enter your comments...": "Skriv kommentarene dine …",
    "Enter your reply...": "Skriv svaret ditt …",
    "Error while sending preview data.": "Feil ved sending av data til forhåndsvisningen.",
    "Expand all": "Åpne alle",
    "Fair": "Middels",
    "Focus comment": "Fokuser på kommentaren",
    "Good": "God",
    "Insert a block": "Sett inn en blokk",
    "Main menu": "Hovedmeny",
    "No": "Nei",
    "Pin toolbar": "Fest verktøylinjen",
    "Reply": "Svar",
    "Resolve": "Løs",
    "Retry": "Prøv igjen",
    "Save error": "Feil ved lagring",
    "Search options…": "Søk i valgene …",
    "Split block": "Del blokken",
    "Toggle section": "Vis eller skjul seksjonen",
    "Toggle side panel": "Vis eller skjul sidepanelet",
    "Toggle sidebar": "Vis eller skjul sidemenyen",
    "Unfocus comment": "Fjern fokus fra kommentaren",
    "Unpin toolbar": "Løsne verktøylinjen",
    "Write something or type ‘/’ to insert a block": "Skriv noe, eller skriv «/» for å sette inn en blokk",
    "Yes": "Ja",
}
