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
    replace = forms.BooleanField(
        label="Erstatt tallene for måneder som allerede er importert",
        required=False,
        help_text="De gamle tallene tas vare på, så importen kan rulles tilbake.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.FLO_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Filen er for stor. Grensen er {limit // 1024 // 1024} MB.")
        return upload
