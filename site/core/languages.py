"""The three written languages a page can be in.

The Language Act (språklova) asks state bodies for at least 25 % of each Norwegian
written standard, and for no parallel versions: each page has one language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

NYNORSK_MINIMUM_SHARE = 0.25


class Language(models.TextChoices):
    BOKMAL = "nb", _("Norsk bokmål")
    NYNORSK = "nn", _("Norsk nynorsk")
    ENGLISH = "en", _("English")
