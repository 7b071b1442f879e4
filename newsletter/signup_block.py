"""The sign-up form as a block editors can place on any page.

It posts to the same view as the sign-up page, so the rules (double opt-in, rate
limits, the bot traps) live in one place; only the topics offered and pre-ticked
differ from page to page.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from . import antispam


def topic_choices() -> list[tuple[str, str]]:
    """The topics a reader can choose, read when the editor opens the form (never at import)."""
    from .models import Topic

    return [(topic.slug, topic.name) for topic in Topic.objects.filter(is_active=True)]


class SignupValue(blocks.StructValue):
    @cached_property
    def language(self) -> str:
        """The page's language when it is bokmål or nynorsk; bokmål otherwise."""
        current = (get_language() or "nb").split("-")[0]
        return current if current in ("nb", "nn") else "nb"

    @cached_property
    def topic_options(self) -> list[dict]:
        from .models import Topic

        offered = set(self.get("topics") or [])
        ticked = set(self.get("preselected") or [])
        topics = Topic.objects.filter(is_active=True)
        if offered:
            topics = topics.filter(slug__in=offered)
        return [
            {
                "slug": topic.slug,
                "name": topic.name_in(self.language),
                "description": topic.description_in(self.language),
                "checked": topic.slug in ticked or len(offered) == 1,
            }
            for topic in topics
        ]

    @cached_property
    def consent(self):
        from .models import ConsentText

        return ConsentText.current()

    @property
    def consent_text(self) -> str:
        return self.consent.text_in(self.language) if self.consent else ""

    @cached_property
    def form_id(self) -> str:
        # Two sign-up blocks on one page must not share element ids.
        return f"signup-{secrets.token_hex(3)}"

    @cached_property
    def antispam(self) -> dict[str, str]:
        return antispam.context()


class SignupBlock(blocks.StructBlock):
    """A short sign-up form: address, optional name and the topics the editor offers."""

    heading = blocks.CharBlock(max_length=120, label=_("Overskrift"), default="Få nyhetsbrevet")
    text = blocks.TextBlock(required=False, max_length=400, label=_("Tekst"))
    topics = blocks.MultipleChoiceBlock(
        choices=topic_choices,
        required=False,
        label=_("Temaer som tilbys"),
        help_text=_("Tomt gir alle temaene."),
    )
    preselected = blocks.MultipleChoiceBlock(
        choices=topic_choices,
        required=False,
        label=_("Forhåndsavkrysset"),
        help_text=_("Temaer som er krysset av fra start. Leseren kan fjerne krysset."),
    )

    def clean(self, value):
        value = super().clean(value)
        offered = set(value.get("topics") or [])
        if offered and not set(value.get("preselected") or []) <= offered:
            raise StructBlockValidationError(
                block_errors={"preselected": ValidationError(_("Bare temaer som tilbys, kan være avkrysset."))}
            )
        return value

    class Meta:
        icon = "mail"
        template = "newsletter/blocks/signup.html"
        value_class = SignupValue
        group = _("Navigasjon")
        description = _("Skjema for å melde seg på nyhetsbrevet, med bekreftelse på e-post.")
        preview_value = {
            "heading": "Få nyhetsbrevet",
            "text": "Ferske tall fra fastlegeordningen og nytt fra programmet, en gang i måneden.",
            "topics": ["flo", "podkast"],
            "preselected": ["flo"],
        }
