"""The public forms: signing up, and the preference centre.

Both are rendered by hand in the templates (Designsystemet markup, fieldsets for the
radio and checkbox groups, an error summary linking to each field), so the form
classes offer the options and the errors in a shape those templates can loop over.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from core.numbers import parse_number
from core.people import ROLE_LABELS, EmailAddressField, Option, Role, SafeTextField, municipality_groups

from .models import ConsentText, MailLanguage, Subscriber, Topic

LANGUAGE_LABELS = {
    MailLanguage.BOKMAL: gettext_lazy("Bokmål"),
    MailLanguage.NYNORSK: gettext_lazy("Nynorsk"),
}


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
        version = parse_number(self.cleaned_data.get("consent_version"), max_digits=8)
        shown = ConsentText.objects.filter(version=version).first() if version is not None else None
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
