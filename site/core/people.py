"""The people who fill in the site's forms: their role, their municipality, their name and address.

Newsletter sign-up and conference registration ask the same questions with the same
fields and labels; templates/includes/role_and_municipality_fields.html renders the
role and the municipality picker for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from .mail.addresses import clean_email, refuse_header_injection
from .municipality_register import get_municipality_register
from .text import norwegian_sort_key


class Role(models.TextChoices):
    FASTLEGE = "fastlege", _("Fastlege")
    LIS = "lis", _("LIS1, LIS3 eller ALIS")
    KOMMUNE = "kommune", _("Ansatt i kommunen")
    OTHER = "annet", _("Annet")


# The model's labels are the editors' Norwegian; the public sees the site's own strings.
ROLE_LABELS = {
    Role.FASTLEGE: gettext_lazy("GP (fastlege)"),
    Role.LIS: gettext_lazy("Doctor in specialist training (LIS1, LIS3 or ALIS)"),
    Role.KOMMUNE: gettext_lazy("Working for a municipality"),
    Role.OTHER: gettext_lazy("Other"),
}


@dataclass(frozen=True)
class Option:
    """One radio button or checkbox as the hand-written form templates loop over them."""

    value: str
    label: str
    checked: bool
    id: str
    description: str = ""


def municipality_groups(extra_id: int | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Today's municipalities per county, both in Norwegian alphabetical order.

    `extra_id` keeps a person's municipality in the list after it has been merged away.
    """
    register = get_municipality_register()
    groups = []
    for county in sorted(register.current_counties(), key=lambda c: norwegian_sort_key(c.name)):
        members = [m for m in register.municipalities_in(county) if m.valid_to is None or m.pk == extra_id]
        if members:
            groups.append((county.name, [(m.pk, m.display_name) for m in members]))
    known = {pk for _name, members in groups for pk, _label in members}
    if extra_id and extra_id not in known and extra_id in register.municipality_by_id:
        old = register.municipality_by_id[extra_id]
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
