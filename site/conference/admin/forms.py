"""The organisers' forms in the admin: filtering the registration list, moving a registration,
adding one by hand, and a message to the registrants of a ticket type.

Labels are in Norwegian (the admin's language for organisers); whatever may reach a mail
header is checked for line breaks here, before anything is queued.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet

from core.mail.addresses import clean_email, refuse_header_injection
from core.models import Municipality
from core.people import Role

from ..models import ConferencePage, Registration, TicketType, email_hash

Status = Registration.Status


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label="Søk", required=False, help_text="Navn, e-post eller arbeidssted")
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none(), required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Alle"), *Status.choices], required=False)
    attended = forms.ChoiceField(
        label="Møtt", choices=[("", "Alle"), ("ja", "Møtt"), ("nei", "Ikke møtt")], required=False
    )
    municipality = forms.ModelChoiceField(label="Kommune", queryset=Municipality.objects.none(), required=False)

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = conference.ticket_types.all()
        # Only the municipalities someone registered from: the full register has hundreds.
        in_use = Registration.objects.filter(conference=conference).values("municipality")
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=in_use).order_by("name")

    def filter(self, queryset: QuerySet[Registration]) -> QuerySet[Registration]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"].strip():
            term = data["q"].strip()
            queryset = queryset.filter(
                Q(name__icontains=term) | Q(email__icontains=term) | Q(organisation__icontains=term)
            )
        if data["ticket_type"]:
            queryset = queryset.filter(ticket_type=data["ticket_type"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["attended"]:
            queryset = queryset.filter(attended_at__isnull=data["attended"] == "nei")
        if data["municipality"]:
            queryset = queryset.filter(municipality=data["municipality"])
        return queryset


class MoveForm(forms.Form):
    ticket_type = forms.ModelChoiceField(label="Ny billettype", queryset=TicketType.objects.none())

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = registration.conference.ticket_types.exclude(
            pk=registration.ticket_type_id
        )


class AddRegistrationForm(forms.Form):
    name = forms.CharField(label="Navn", max_length=200)
    email = forms.CharField(label="E-postadresse", max_length=254)
    organisation = forms.CharField(label="Arbeidssted", max_length=200, required=False)
    role = forms.ChoiceField(label="Rolle", choices=[("", "Ikke oppgitt"), *Role.choices], required=False)
    municipality = forms.ModelChoiceField(
        label="Kommune", queryset=Municipality.objects.filter(valid_to__isnull=True).order_by("name"), required=False
    )
    language = forms.ChoiceField(label="Språk", choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], initial="nb")
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none())
    send_mail = forms.BooleanField(
        label="Send bekreftelse på e-post",
        required=False,
        initial=True,
        help_text="Med lenken der personen selv kan se, endre og melde seg av (og QR-koden for innsjekking).",
    )

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["ticket_type"].queryset = conference.ticket_types.all()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        refuse_header_injection(name)  # the name reaches the greeting and may reach a header
        return name

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"].strip()
        refuse_header_injection(organisation)
        return organisation

    def clean_email(self):
        value = clean_email(self.cleaned_data["email"])
        active = Registration.objects.filter(
            conference=self.conference, email_hash=email_hash(value), status__in=Registration.ACTIVE
        )
        if active.exists():
            raise forms.ValidationError("Adressen er allerede påmeldt denne konferansen.")
        return value


class MessageForm(forms.Form):
    ticket_type = forms.ModelChoiceField(label="Billettype", queryset=TicketType.objects.none())
    statuses = forms.MultipleChoiceField(
        label="Til påmeldte med status",
        choices=Status.choices,
        initial=[Status.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label="Emne", max_length=150)
    body = forms.CharField(
        label="Tekst",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Ren tekst. Hver mottaker får sin egen e-post med «Hei» og navnet sitt først.",
    )
    confirm = forms.BooleanField(label="Jeg vil sende meldingen til alle som er valgt.")

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = conference.ticket_types.all()

    def clean_subject(self):
        subject = self.cleaned_data["subject"].strip()
        refuse_header_injection(subject)
        return subject
