"""The public forms: signing up, and the preference centre.

Both are rendered by hand in the templates (Designsystemet markup, fieldsets for the
radio and checkbox groups, an error summary linking to each field), so the form
classes offer the options and the errors in a shape those templates can loop over.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from core.text import norwegian_sort_key

from .addresses import clean_email, refuse_header_injection
from .models import ConsentText, MailLanguage, Role, Subscriber, Topic

# The model's labels are the editors' Norwegian; the public sees the site's own strings.
ROLE_LABELS = {
    Role.FASTLEGE: gettext_lazy("GP (fastlege)"),
    Role.LIS: gettext_lazy("Doctor in specialist training (LIS1, LIS3 or ALIS)"),
    Role.KOMMUNE: gettext_lazy("Working for a municipality"),
    Role.OTHER: gettext_lazy("Other"),
}
LANGUAGE_LABELS = {
    MailLanguage.BOKMAL: gettext_lazy("Bokmål"),
    MailLanguage.NYNORSK: gettext_lazy("Nynorsk"),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    id: str
    description: str = ""


def municipality_groups(extra_id: int | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Today's municipalities per county, both in Norwegian alphabetical order.

    `extra_id` keeps a subscriber's municipality in the list after it has been merged away.
    """
    from flo.registry import get_registry

    registry = get_registry()
    groups = []
    for county in sorted(registry.current_counties(), key=lambda c: norwegian_sort_key(c.name)):
        members = [m for m in registry.municipalities_in(county) if m.valid_to is None or m.pk == extra_id]
        if members:
            groups.append((county.name, [(m.pk, m.display_name) for m in members]))
    known = {pk for _name, members in groups for pk, _label in members}
    if extra_id and extra_id not in known and extra_id in registry.municipality_by_id:
        old = registry.municipality_by_id[extra_id]
        groups.append((old.county.name, [(old.pk, old.display_name)]))
    return groups


class SafeTextField(forms.CharField):
    """A one-line text that may reach a mail header: refuse line breaks and control characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)  # strip() would quietly remove a trailing CR/LF
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            refuse_header_injection(value)
        except ValidationError:
            raise ValidationError(
                gettext("The name must be on one line, without special control characters."), code="header_injection"
            ) from None
        return value.strip()


class EmailAddressField(forms.CharField):
    """An address checked by `clean_email`, with the site's own messages."""

    MESSAGES = {
        "required": gettext_lazy("Enter your email address."),
        "header_injection": gettext_lazy("The email address must be on one line, without special characters."),
        "max_length": gettext_lazy("The email address is too long."),
        "invalid": gettext_lazy("Enter a valid email address, for example name@example.no."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return clean_email(value or "")
        except ValidationError as error:
            raise ValidationError(
                str(self.MESSAGES.get(error.code, self.MESSAGES["invalid"])), code=error.code
            ) from None


class NewsletterForm(forms.Form):
    """What sign-up and preferences share: profile fields, language and topics."""

    name = SafeTextField(label=gettext_lazy("Name (optional)"), required=False, max_length=100)
    role = forms.ChoiceField(label=gettext_lazy("What describes you best?"), choices=Role.choices, required=False)
    municipality = forms.TypedChoiceField(
        label=gettext_lazy("Municipality (optional)"), coerce=int, required=False, empty_value=None
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the emails"), choices=MailLanguage.choices)
    topics = forms.MultipleChoiceField(label=gettext_lazy("What would you like to receive?"), required=False)

    def __init__(self, *args, page_language: str = "nb", municipality_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_language = page_language
        self.active_topics = list(Topic.objects.filter(is_active=True))
        self.fields["topics"].choices = [(t.slug, t.name_in(page_language)) for t in self.active_topics]
        self.fields["name"].error_messages["max_length"] = gettext_lazy("The name can be at most 100 characters.")
        self.municipality_groups = municipality_groups(municipality_id)
        self.fields["municipality"].choices = [("", "")] + [
            (county, [(str(pk), label) for pk, label in members]) for county, members in self.municipality_groups
        ]
        self.fields["municipality"].error_messages["invalid_choice"] = gettext_lazy(
            "Choose a municipality from the list."
        )
        self.fields["language"].error_messages["required"] = gettext_lazy("Choose the language of the emails.")

    # --- Options for the templates -----------------------------------------------------

    def _current(self, name: str):
        return self[name].value()

    def role_options(self) -> list[Option]:
        current = self._current("role") or ""
        return [
            Option(value, str(label), value == current, f"{self.auto_id_for('role')}_{index}")
            for index, (value, label) in enumerate(ROLE_LABELS.items())
        ]

    def language_options(self) -> list[Option]:
        current = self._current("language") or ""
        return [
            Option(value, str(label), value == current, f"{self.auto_id_for('language')}_{index}")
            for index, (value, label) in enumerate(LANGUAGE_LABELS.items())
        ]

    def topic_options(self) -> list[Option]:
        chosen = set(self._current("topics") or [])
        return [
            Option(
                topic.slug,
                topic.name_in(self.page_language),
                topic.slug in chosen,
                f"{self.auto_id_for('topics')}_{topic.slug}",
                topic.description_in(self.page_language),
            )
            for topic in self.active_topics
        ]

    def selected_municipality(self) -> str:
        value = self._current("municipality")
        return "" if value in (None, "") else str(value)

    def auto_id_for(self, name: str) -> str:
        return self[name].auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """(fragment, message) for the error summary, in the order the fields appear."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                anchor = self.auto_id_for(name)
                if name in ("role", "language"):
                    anchor += "_0"
                elif name == "topics" and self.active_topics:
                    anchor += f"_{self.active_topics[0].slug}"
                links.append((anchor, str(message)))
        return links

    def clean_role(self) -> str:
        return self.cleaned_data.get("role") or Role.OTHER

    def chosen_topics(self) -> list[Topic]:
        slugs = set(self.cleaned_data.get("topics") or [])
        return [topic for topic in self.active_topics if topic.slug in slugs]


class SignupForm(NewsletterForm):
    email = EmailAddressField(label=gettext_lazy("Email address"))
    consent_version = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "name", "role", "municipality", "language", "topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["topics"].required = True
        self.fields["topics"].error_messages["required"] = gettext_lazy("Choose at least one topic.")
        self.fields["language"].required = False
        if not self.is_bound:
            self.initial.setdefault("language", self.page_language)
            self.initial.setdefault("consent_version", getattr(ConsentText.current(), "version", None))

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.page_language

    def clean_consent_version(self) -> ConsentText:
        """The wording the person saw: the version the page carried, else today's."""
        version = self.cleaned_data.get("consent_version") or ""
        shown = (
            ConsentText.objects.filter(version=int(version)).first() if version.isdigit() and len(version) < 9 else None
        )
        return shown or ConsentText.current()


class PreferencesForm(NewsletterForm):
    """The preference centre: the subscriber's own data and choices."""

    def __init__(self, *args, subscriber: Subscriber, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": subscriber.name,
                "role": subscriber.role,
                "municipality": subscriber.municipality_id,
                "language": subscriber.language,
                "topics": list(subscriber.topics.values_list("slug", flat=True)),
            },
        )
        super().__init__(*args, municipality_id=subscriber.municipality_id, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
