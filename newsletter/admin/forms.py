"""The admin's forms: sending an issue and testing it, adding and correcting subscribers,
a new version of the consent text, a suppressed address and a subscriber import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.admin.widgets import AdminDateTimeInput

from core.mail.addresses import clean_email, refuse_header_injection
from core.models import Municipality

from ..models import Consent, ConsentText, Subscriber, Suppression, Topic, email_hash
from ..subscriber_import import NOTE_MAX_LENGTH, max_bytes

MAX_TEST_ADDRESSES = 10
# The send time as the admin shows it (24.12.2026 09:30, and "kl." in messages), and as typed.
SEND_TIME_FORMAT = "%d.%m.%Y %H:%M"
SEND_TIME_INPUT_FORMATS = [
    SEND_TIME_FORMAT,
    "%d.%m.%Y kl. %H:%M",
    "%d.%m.%Y kl %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%Y kl. %H.%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]

# --- Sends -----------------------------------------------------------------------------------


class SendTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker, which leaves what is typed alone: by default it
    replaced anything it could not parse itself ("24.12.2026 kl. 09:30", as the admin's
    messages write it) with the current time on leaving the field. The form parses it."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label="Når",
        choices=[("now", "Send nå"), ("later", "Planlegg tidspunkt")],
        widget=forms.RadioSelect,
        initial="now",
    )
    at = forms.DateTimeField(
        label="Tidspunkt",
        required=False,
        input_formats=SEND_TIME_INPUT_FORMATS,
        widget=SendTimeInput(format=SEND_TIME_FORMAT),
        help_text="Dato og klokkeslett, for eksempel «24.12.2026 09:30». Velg i kalenderen eller skriv.",
    )
    confirm = forms.BooleanField(label="Jeg har sett over forhåndsvisningen og testen, og vil sende utgaven.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            at = cleaned.get("at")
            if not at:
                self.add_error("at", "Velg når utgaven skal sendes.")
            elif at <= timezone.now():
                self.add_error("at", "Tidspunktet må være fram i tid.")
        return cleaned


def parse_addresses(raw: str) -> list[str]:
    candidates = [part for part in raw.replace(";", ",").replace("\n", ",").split(",") if part.strip()]
    if not candidates:
        raise ValidationError("Skriv minst én adresse.")
    if len(candidates) > MAX_TEST_ADDRESSES:
        raise ValidationError(f"Høyst {MAX_TEST_ADDRESSES} adresser per test.")
    addresses, errors = [], []
    for candidate in candidates:
        try:
            addresses.append(clean_email(candidate.strip("\r\t ")))
        except ValidationError:
            errors.append(candidate.strip()[:80])
    if errors:
        raise ValidationError("Ugyldige adresser: " + ", ".join(errors))
    return list(dict.fromkeys(addresses))


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label="Adresser",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Én eller flere, skilt med komma eller linjeskift (høyst {MAX_TEST_ADDRESSES}).",
    )
    language = forms.ChoiceField(label="Språk", choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], initial="nb")

    def clean_addresses(self):
        return parse_addresses(self.cleaned_data["addresses"])


# --- Subscribers -----------------------------------------------------------------------------


class SubscriberEditForm(forms.ModelForm):
    """What an editor may correct: not the address (the person's own) and not the status
    (ways in and out go through confirmation and unsubscribing, which keep the records)."""

    class Meta:
        model = Subscriber
        fields = ["name", "role", "municipality", "language", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Q(valid_to__isnull=True)
        if self.instance.municipality_id:
            current |= Q(pk=self.instance.municipality_id)
        self.fields["municipality"].queryset = Municipality.objects.filter(current).order_by("number")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_header_injection(name)
        return name


class SubscriberAddForm(SubscriberEditForm):
    """A subscriber added by hand: the editor vouches for the consent, as with an import."""

    email = forms.CharField(label="E-postadresse", max_length=254)
    consent_given = forms.BooleanField(
        label="Personen har samtykket til å få e-post om temaene som er valgt",
        error_messages={"required": "Bekreft at personen har samtykket."},
        help_text="Samtykket registreres med gjeldende samtykketekst og deg som den som la det inn.",
    )
    double_opt_in = forms.BooleanField(
        label="Personen har allerede bekreftet adressen (dobbel bekreftelse)",
        required=False,
        help_text="Ellers venter abonnenten på bekreftelse og får ingen nyhetsbrev før det.",
    )
    send_confirmation = forms.BooleanField(
        label="Send bekreftelses-e-post nå",
        required=False,
        initial=True,
        help_text="Gjelder bare når adressen ikke allerede er bekreftet. Du kan også sende den senere "
        "fra abonnentens side.",
    )
    note = forms.CharField(label="Hvor kom samtykket fra?", max_length=NOTE_MAX_LENGTH, required=False)

    class Meta(SubscriberEditForm.Meta):
        fields = ["email", *SubscriberEditForm.Meta.fields]

    field_order = [
        "email",
        "name",
        "role",
        "municipality",
        "language",
        "topics",
        "consent_given",
        "double_opt_in",
        "send_confirmation",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].required = True

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        if Suppression.contains(value):
            raise ValidationError(
                "Adressen er sperret: personen har meldt seg av eller bedt om sletting. "
                "Bare personen selv kan melde seg på igjen."
            )
        if Subscriber.objects.filter(email_hash=email_hash(value)).exists():
            raise ValidationError("Adressen er allerede registrert.")
        return value

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        refuse_header_injection(note)
        return note


# --- Consent texts and the suppression list ---------------------------------------------------


class ConsentTextForm(forms.ModelForm):
    """A new version of the consent text; the version number is the next one."""

    class Meta:
        model = ConsentText
        fields = ["text", "text_nn"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6}), "text_nn": forms.Textarea(attrs={"rows": 6})}

    def save(self, commit=True):
        latest = ConsentText.objects.aggregate(latest=Max("version"))["latest"] or 0
        self.instance.version = latest + 1
        return super().save(commit=commit)


class SuppressionForm(forms.ModelForm):
    """An address typed in, stored only as its hash."""

    email = forms.CharField(
        label="E-postadresse",
        max_length=254,
        help_text="Selve adressen lagres ikke, bare en kode (hash) som gjør at den kjennes igjen.",
    )

    class Meta:
        model = Suppression
        fields = []

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        if Suppression.contains(value):
            raise ValidationError("Adressen er allerede sperret.")
        return value

    def save(self, commit=True):
        self.instance.email_hash = email_hash(self.cleaned_data["email"])
        self.instance.reason = Suppression.Reason.MANUAL
        return super().save(commit=commit)


# --- Import ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fil med abonnenter",
        help_text="CSV (semikolon eller komma) eller Excel (.xlsx). Første rad er kolonnenavnene.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    source = forms.ChoiceField(
        label="Hvor kommer samtykket fra?",
        choices=[
            (Consent.Source.IMPORT, "Importert liste (for eksempel fra et tidligere system eller påmelding)"),
            (Consent.Source.ADMIN, "Samtykker jeg selv har tatt imot"),
        ],
        initial=Consent.Source.IMPORT,
        widget=forms.RadioSelect,
    )
    consent_given = forms.BooleanField(
        label="Alle i filen har samtykket til å få e-post om temaene de er oppført med",
        error_messages={"required": "Bekreft at alle i filen har samtykket. Uten samtykke importeres ingen."},
        help_text="Samtykket registreres med gjeldende samtykketekst og deg som den som la det inn.",
    )
    double_opt_in = forms.BooleanField(
        label="Alle i filen har allerede bekreftet adressen sin (dobbel bekreftelse)",
        required=False,
        help_text="Ellers blir de importert som «venter på bekreftelse» og får ingen nyhetsbrev før de har bekreftet.",
    )
    send_confirmation = forms.ChoiceField(
        label="Bekreftelses-e-post til de nye",
        choices=[
            ("now", "Send bekreftelses-e-post nå til alle nye som venter på bekreftelse"),
            ("later", "Ikke send nå. Du kan sende den senere fra «Be om bekreftelse» i abonnentlisten."),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text="Gjelder bare når adressene ikke allerede er bekreftet. "
        "De som venter, får ingen nyhetsbrev før de har bekreftet.",
    )
    note = forms.CharField(
        label="Merknad om samtykket",
        max_length=NOTE_MAX_LENGTH,
        required=False,
        help_text="For eksempel «Påmeldte til Fastlegekonferansen 2026 som krysset av for nyhetsbrev».",
    )
    default_topics = forms.ModelMultipleChoiceField(
        label="Temaer for rader uten temaer",
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Brukes der kolonnen «topics» mangler eller er tom.",
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("double_opt_in") and not cleaned.get("send_confirmation"):
            self.add_error(
                "send_confirmation", "Velg om de nye abonnentene skal få bekreftelses-e-post nå eller senere."
            )
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise ValidationError(f"Filen er for stor. Grensen er {max_bytes() // 1024 // 1024} MB.")
        return upload

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        refuse_header_injection(note)
        return note
