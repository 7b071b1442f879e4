"""The admin's form for uploading a month's FLO figures."""

from __future__ import annotations

from django import forms
from django.conf import settings


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil med FLO-tall",
        help_text="CSV (semikolon eller komma) eller Excel (.xlsx). Første rad er kolonnenavnene.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.FLO_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Filen er for stor. Grensen er {limit // 1024 // 1024} MB.")
        return upload


class ConfirmImportForm(forms.Form):
    """The editor's answer to the check page: a box for each thing that needs a choice.

    Only the boxes the check calls for are in the form, and each of them must be ticked.
    """

    replace = forms.BooleanField(
        label="Erstatt tallene for måneder som allerede er importert",
        help_text="De gamle tallene tas vare på, så importen kan rulles tilbake.",
        error_messages={"required": "Kryss av for å erstatte tallene, eller avbryt importen."},
    )
    accept_partial = forms.BooleanField(
        label="Importer likevel som delvis måned",
        help_text=(
            "Statistikksidene sier da at tallene for måneden er ufullstendige, "
            "og summen vises ikke som tallet for hele landet."
        ),
        error_messages={"required": "Kryss av for å importere en delvis måned, eller avbryt og last opp hele filen."},
    )
    accept_warnings = forms.BooleanField(
        label="Jeg har sett over de store endringene, og tallene stemmer",
        error_messages={"required": "Kryss av for at de store endringene stemmer, eller avbryt importen."},
    )

    def __init__(self, *args, needs_replace: bool, needs_partial: bool, needs_warnings: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name, needed in (
            ("replace", needs_replace),
            ("accept_partial", needs_partial),
            ("accept_warnings", needs_warnings),
        ):
            if not needed:
                del self.fields[name]
