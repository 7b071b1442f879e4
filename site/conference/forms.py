"""The public forms: registering for a conference, changing answers, choosing a ticket type.

The templates render them by hand (fieldsets for radio and checkbox groups, an error
summary linking to each field, the newsletter's error summary include), so the forms
offer their options and questions in a shape the templates can loop over. Name, role,
municipality and the address checks are the newsletter's, shared rather than copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from core.numbers import parse_number
from core.people import ROLE_LABELS, EmailAddressField, Option, Role, SafeTextField, municipality_groups

from .models import ConferencePage, Question, Registration, RegistrationConsentText
from .seats import has_free_seat, seat_hint

YES, NO = "ja", "nei"


class OneLineField(SafeTextField):
    """A one-line text that may reach a mail, with a message that names the field."""

    def __init__(self, *, message: str, **kwargs):
        self.message = message
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "header_injection":
                raise ValidationError(self.message, code="header_injection") from None
            raise


@dataclass(frozen=True)
class QuestionField:
    """One organiser's question, ready for the template."""

    question: Question
    field: forms.BoundField
    options: list[Option]

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_group(self) -> bool:
        return self.question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.YES_NO)


def question_field_name(question: Question) -> str:
    return f"sporsmal_{question.pk}"


def _question_form_field(question: Question) -> forms.Field:
    common = {"label": question.label, "required": question.required, "help_text": question.help_text}
    kind = question.kind
    if kind == Question.Kind.SHORT:
        return OneLineField(
            max_length=300,
            message=gettext_lazy("The answer must be on one line, without control characters."),
            **common,
        )
    if kind == Question.Kind.LONG:
        return forms.CharField(max_length=2000, widget=forms.Textarea, **common)
    if kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=[(c, c) for c in question.choice_list], **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=[(c, c) for c in question.choice_list], **common)
    return forms.ChoiceField(choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))], **common)


def answer_value(question: Question, cleaned):
    """What an Answer stores: text, a list of choices, or True/False (None when left out)."""
    if question.kind == Question.Kind.YES_NO:
        return {YES: True, NO: False}.get(cleaned)
    if question.kind == Question.Kind.MULTIPLE:
        return list(cleaned or []) or None
    return cleaned or None


def initial_value(question: Question, value):
    if question.kind == Question.Kind.YES_NO and isinstance(value, bool):
        return YES if value else NO
    return value


class ProfileForm(forms.Form):
    """What registering and the manage page share: who you are, and the organiser's questions."""

    name = OneLineField(
        label=gettext_lazy("Name"),
        max_length=200,
        message=gettext_lazy("The name must be on one line, without special control characters."),
    )
    organisation = OneLineField(
        label=gettext_lazy("Workplace (optional)"),
        max_length=200,
        required=False,
        message=gettext_lazy("The workplace must be on one line, without special control characters."),
    )
    role = forms.ChoiceField(label=gettext_lazy("What describes you best?"), choices=Role.choices, required=False)
    municipality = forms.TypedChoiceField(
        label=gettext_lazy("Municipality (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, conference: ConferencePage, municipality_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["name"].error_messages["required"] = gettext_lazy("Enter your name.")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.municipality_groups = municipality_groups(municipality_id)
        self.fields["municipality"].choices = [("", "")] + [
            (county, [(str(pk), label) for pk, label in members]) for county, members in self.municipality_groups
        ]
        self.fields["municipality"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a municipality from the list."
        )
        self.questions = list(conference.questions.all())
        for question in self.questions:
            field = _question_form_field(question)
            field.error_messages["required"] = gettext_lazy("Answer this question.")
            self.fields[question_field_name(question)] = field

    # --- Options for the templates ---------------------------------------------------------

    def role_options(self) -> list[Option]:
        current = self["role"].value() or ""
        return [
            Option(value, str(label), value == current, f"{self['role'].auto_id}_{index}")
            for index, (value, label) in enumerate(ROLE_LABELS.items())
        ]

    def selected_municipality(self) -> str:
        value = self["municipality"].value()
        return "" if value in (None, "") else str(value)

    def question_fields(self) -> list[QuestionField]:
        fields = []
        for question in self.questions:
            bound = self[question_field_name(question)]
            current = bound.value()
            chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current or "")}
            options = (
                [
                    Option(str(value), str(label), str(value) in chosen, f"{bound.auto_id}_{index}")
                    for index, (value, label) in enumerate(bound.field.choices)
                ]
                if hasattr(bound.field, "choices")
                else []
            )
            fields.append(QuestionField(question, bound, options))
        return fields

    def _anchor(self, name: str) -> str:
        bound = self[name]
        # The ticket options are radios drawn by hand (ticket_options), numbered from _0.
        if name in ("role", "ticket_type") or getattr(bound.field.widget, "input_type", "") in ("radio", "checkbox"):
            return f"{bound.auto_id}_0"
        if isinstance(bound.field, forms.ChoiceField) and name.startswith("sporsmal_"):
            return f"{bound.auto_id}_0"
        return bound.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(fragment, message) for the error summary, in the order the fields appear."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                links.append((self._anchor(name), str(message)))
        return links

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Role.OTHER

    def answers(self) -> dict[Question, object]:
        """Each question's answer as stored, None when left out."""
        return {q: answer_value(q, self.cleaned_data.get(question_field_name(q))) for q in self.questions}


@dataclass(frozen=True)
class TicketOption:
    value: str
    label: str
    checked: bool
    id: str
    description: str
    seat_hint: str
    waiting_list: bool


class RegistrationForm(ProfileForm):
    email = EmailAddressField(label=gettext_lazy("Email address"))
    ticket_type = forms.TypedChoiceField(label=gettext_lazy("How will you take part?"), coerce=int)
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["name", "email", "organisation", "role", "municipality", "ticket_type"]

    def __init__(self, *args, conference: ConferencePage, **kwargs):
        super().__init__(*args, conference=conference, **kwargs)
        self.ticket_types = list(conference.ticket_types.all())
        self.fields["ticket_type"].choices = [(str(t.pk), t.name) for t in self.ticket_types]
        self.fields["ticket_type"].error_messages.update(
            required=gettext_lazy("Choose how you will take part."),
            invalid_choice=gettext_lazy("Choose how you will take part."),
        )
        if len(self.ticket_types) == 1 and not self.is_bound:
            self.initial.setdefault("ticket_type", self.ticket_types[0].pk)
        if not self.is_bound:
            self.initial.setdefault("consent_version", getattr(RegistrationConsentText.current(), "version", None))

    @cached_property
    def seats(self) -> dict[int, int | None]:
        """Seats per ticket type, in one query: only when the form is shown (a valid post needs none)."""
        return self.conference.seats_for_newcomers()

    def ticket_options(self) -> list[TicketOption]:
        current = str(self["ticket_type"].value() or "")
        return [
            TicketOption(
                value=str(ticket_type.pk),
                label=ticket_type.name,
                checked=str(ticket_type.pk) == current,
                id=f"{self['ticket_type'].auto_id}_{index}",
                description=ticket_type.description,
                **_seat_fields(self.seats.get(ticket_type.pk)),
            )
            for index, ticket_type in enumerate(self.ticket_types)
        ]

    def everything_full(self) -> bool:
        return all(option.waiting_list for option in self.ticket_options())

    def clean_consent_version(self) -> RegistrationConsentText:
        """The wording the person saw: the version the page carried, else today's."""
        version = parse_number(self.cleaned_data.get("consent_version"), max_digits=8)
        shown = RegistrationConsentText.objects.filter(version=version).first() if version is not None else None
        return shown or RegistrationConsentText.current()


def _seat_fields(left: int | None) -> dict:
    """What a ticket option says about its seats: a hint, decided again under the ledger's lock."""
    return {"seat_hint": seat_hint(left), "waiting_list": not has_free_seat(left)}


class AnswersForm(ProfileForm):
    """The manage page's form: the registrant's own details and answers (not the address)."""

    def __init__(self, *args, registration: Registration, **kwargs):
        answers = {answer.question_id: answer.value for answer in registration.answers.all()}
        initial = {
            "name": registration.name,
            "organisation": registration.organisation,
            "role": registration.role,
            "municipality": registration.municipality_id,
        }
        super().__init__(
            *args,
            conference=registration.conference,
            municipality_id=registration.municipality_id,
            initial=initial,
            **kwargs,
        )
        for question in self.questions:
            if question.pk in answers:
                self.initial[question_field_name(question)] = initial_value(question, answers[question.pk])


class TicketTypeForm(forms.Form):
    """Moving to another ticket type from the manage page."""

    ticket_type = forms.TypedChoiceField(label=gettext_lazy("Change how you take part"), coerce=int)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.others = [t for t in registration.conference.ticket_types.all() if t.pk != registration.ticket_type_id]
        self.seats = registration.conference.seats_for_newcomers()
        self.fields["ticket_type"].choices = [(str(t.pk), t.name) for t in self.others]
        self.fields["ticket_type"].error_messages.update(
            required=gettext_lazy("Choose how you will take part."),
            invalid_choice=gettext_lazy("Choose how you will take part."),
        )

    def ticket_options(self) -> list[TicketOption]:
        current = str(self["ticket_type"].value() or "")
        return [
            TicketOption(
                value=str(t.pk),
                label=t.name,
                checked=str(t.pk) == current,
                id=f"{self['ticket_type'].auto_id}_{index}",
                description=t.description,
                **_seat_fields(self.seats.get(t.pk)),
            )
            for index, t in enumerate(self.others)
        ]

    def error_links(self) -> list[tuple[str, str]]:
        links = [("", str(message)) for message in self.non_field_errors()]
        links += [(f"{self['ticket_type'].auto_id}_0", str(m)) for m in self.errors.get("ticket_type", [])]
        return links


class ResendLinkForm(forms.Form):
    email = EmailAddressField(label=gettext_lazy("Email address"))

    def error_links(self) -> list[tuple[str, str]]:
        return [(self["email"].auto_id, str(m)) for m in self.errors.get("email", [])] + [
            ("", str(m)) for m in self.non_field_errors()
        ]
