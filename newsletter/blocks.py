"""The newsletter's blocks: email-safe blocks for issues, and the sign-up form for any page.

Each issue block has three renderings from one value: the web archive (`template`), the
mail (`<name>.mjml`, column content for mjml-python) and the plain-text part
(`<name>.txt`). Nothing there may need CSS classes, scripts or third-party assets.

The sign-up block posts to the same view as the sign-up page, so the rules (double
opt-in, rate limits, the bot traps) live in one place; only the topics offered and
pre-ticked differ from page to page.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from core.chooser_blocks import ImageChooserBlock, PageChooserBlock
from flo.blocks import KeyFiguresBlock

from . import antispam

MAIL_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Overskrift"))

    class Meta:
        icon = "title"
        template = "newsletter/blocks/heading.html"
        description = _("En mellomoverskrift i nyhetsbrevet.")
        preview_value = {"text": "Nytt fra programmet"}


class MailRichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=MAIL_RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "newsletter/blocks/rich_text.html"
        description = _("Tekst med fet, kursiv, lenker og lister. Ingen overskrifter: bruk overskriftsblokken.")
        preview_value = "<p>Fastlegeordningen er grunnmuren i helsetjenesten i kommunene.</p>"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bilde"))
    alt = blocks.CharBlock(
        max_length=250,
        label=_("Alternativ tekst"),
        help_text=_("Beskriv hva bildet viser for den som ikke ser det. Påkrevd i e-post."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Bildetekst"))

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt") or "").strip():
            raise StructBlockValidationError(block_errors={"alt": ValidationError(_("Skriv en alternativ tekst."))})
        return value

    class Meta:
        icon = "image"
        template = "newsletter/blocks/image.html"
        description = _("Et bilde med påkrevd alternativ tekst.")


class LinkTargetValue(blocks.StructValue):
    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            return page.specific.full_url or ""
        return self.get("url") or ""


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=60, label=_("Knappetekst"))
    page = PageChooserBlock(required=False, label=_("Side"))
    url = blocks.URLBlock(required=False, label=_("Eller en adresse"))

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Velg enten en side eller en adresse."))}
            )
        return value

    class Meta:
        icon = "link"
        template = "newsletter/blocks/button.html"
        value_class = LinkTargetValue
        description = _("En knapp som lenker til en side eller en adresse.")
        preview_value = {"text": "Les hele rapporten", "url": "https://allmenn.example/rapporter/"}


class ArticleValue(blocks.StructValue):
    @cached_property
    def target(self):
        page = self.get("page")
        return page.specific if page else None

    # Not "title" and "summary": a template looks up dict keys before attributes, and
    # the editor's (often empty) override fields have those names.
    @property
    def teaser_title(self) -> str:
        return self.get("title") or (self.target.title if self.target else "")

    @property
    def teaser_summary(self) -> str:
        if self.get("summary"):
            return self.get("summary")
        return getattr(self.target, "summary", "") or getattr(self.target, "search_description", "") or ""

    @property
    def image(self):
        return getattr(self.target, "social_image", None) if self.get("show_image") else None

    @property
    def href(self) -> str:
        return self.target.full_url if self.target else ""


class ArticleTeaserBlock(blocks.StructBlock):
    page = PageChooserBlock(label=_("Side"))
    title = blocks.CharBlock(required=False, max_length=160, label=_("Tittel"), help_text=_("Tom gir sidens tittel."))
    summary = blocks.TextBlock(
        required=False, max_length=400, label=_("Ingress"), help_text=_("Tom gir sidens ingress.")
    )
    show_image = blocks.BooleanBlock(required=False, default=True, label=_("Vis sidens delingsbilde"))

    class Meta:
        icon = "doc-full"
        template = "newsletter/blocks/article.html"
        value_class = ArticleValue
        description = _("En sak fra nettstedet: tittel, ingress og bilde hentes fra siden.")


class IssueKeyFiguresValue(blocks.StructValue):
    def figures_for(self, month: date | None):
        """The figures for the block's fixed month, else the issue's month, else the latest."""
        from flo.key_figures import key_figures

        return key_figures(
            list(self.get("indicators") or []),
            level=self.get("level") or "national",
            county_number=self.get("county") or "",
            municipality_number=self.get("municipality") or "",
            month=self.get("month") or month,
        )


class IssueKeyFiguresBlock(KeyFiguresBlock):
    month = blocks.DateBlock(
        required=False,
        label=_("Måned"),
        help_text=_("Tom gir utgavens måned for tallene."),
    )

    class Meta:
        template = "newsletter/blocks/key_figures.html"
        value_class = IssueKeyFiguresValue
        group = ""
        description = _("Nøkkeltall fra FLO for utgavens måned, hentet fra statistikken.")


class LatestEpisodesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, label=_("Overskrift"), default="Nye podkastepisoder")
    show = PageChooserBlock(
        page_type="podcast.PodcastShowPage", required=False, label=_("Podkast"), help_text=_("Tom gir alle.")
    )
    count = blocks.IntegerBlock(min_value=1, max_value=5, default=3, label=_("Antall"))

    def episodes(self, value, *, frozen_ids: list[int] | None = None) -> list:
        """The newest episodes, or once the issue is sent the ones it was sent with (frozen_ids)."""
        from podcast.models import PodcastEpisodePage

        episodes = PodcastEpisodePage.objects.live().public().exclude(audio_file="")
        if frozen_ids is not None:
            # In the order they were sent, less any unpublished since (a link would lead nowhere).
            found = episodes.in_bulk(frozen_ids)
            return [found[pk] for pk in frozen_ids if pk in found]
        if value.get("show"):
            episodes = episodes.child_of(value["show"])
        return list(episodes.order_by("-first_published_at", "-pk")[: value.get("count") or 3])

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The issue page passes the episodes frozen at send time and each block's id (include_block).
        parent = parent_context or {}
        frozen = (parent.get("frozen_episodes") or {}).get(parent.get("block_id"))
        context["episodes"] = self.episodes(value, frozen_ids=frozen)
        return context

    class Meta:
        icon = "media"
        template = "newsletter/blocks/episodes.html"
        description = _("De nyeste podkastepisodene, hentet automatisk når utgaven sendes.")


class ConferenceValue(ArticleValue):
    """Date and place come from the conference page unless the editor writes them."""

    @property
    def conference_when(self) -> str:
        if self.get("when") or self.target is None:
            return self.get("when") or ""
        from django.utils import timezone
        from django.utils.formats import date_format

        starts, ends = (timezone.localtime(self.target.starts_at), timezone.localtime(self.target.ends_at))
        if starts.date() == ends.date():
            return date_format(starts, "j. F Y")
        return f"{date_format(starts, 'j. F')}–{date_format(ends, 'j. F Y')}"

    @property
    def conference_where(self) -> str:
        return self.get("where") or getattr(self.target, "venue_name", "")


class ConferenceBlock(blocks.StructBlock):
    """The next conference, with its dates and place read from its page."""

    heading = blocks.CharBlock(max_length=120, label=_("Overskrift"), default="Fastlegekonferansen")
    page = PageChooserBlock(page_type="conference.ConferencePage", label=_("Konferansen"))
    when = blocks.CharBlock(
        max_length=120, required=False, label=_("Når"), help_text=_("Tom gir datoene fra konferansesiden.")
    )
    where = blocks.CharBlock(max_length=120, required=False, label=_("Hvor"), help_text=_("Tom gir stedet fra siden."))
    text = blocks.TextBlock(required=False, max_length=400, label=_("Tekst"))
    button_text = blocks.CharBlock(max_length=60, default="Meld deg på", label=_("Knappetekst"))

    class Meta:
        icon = "date"
        template = "newsletter/blocks/conference.html"
        value_class = ConferenceValue
        description = _("Kommende konferanse med dato, sted og lenke til påmeldingen.")


class DividerBlock(blocks.StaticBlock):
    class Meta:
        icon = "horizontalrule"
        template = "newsletter/blocks/divider.html"
        admin_text = _("En skillelinje.")
        description = _("En tynn linje mellom to deler av brevet.")


def issue_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("heading", HeadingBlock(label=_("Overskrift"))),
        ("rich_text", MailRichTextBlock(label=_("Tekst"))),
        ("image", ImageBlock(label=_("Bilde"))),
        ("button", ButtonBlock(label=_("Knapp"))),
        ("article", ArticleTeaserBlock(label=_("Sak fra nettstedet"))),
        ("key_figures", IssueKeyFiguresBlock(label=_("Nøkkeltall fra FLO"))),
        ("episodes", LatestEpisodesBlock(label=_("Nye podkastepisoder"))),
        ("conference", ConferenceBlock(label=_("Konferanse"))),
        ("divider", DividerBlock(label=_("Skillelinje"))),
    ]


# --- The sign-up form as a block on any page ------------------------------------------------


def topic_choices() -> list[tuple[str, str]]:
    """The topics a reader can choose, read when the editor opens the form (never at import)."""
    from .models.subscribers import Topic

    return [(topic.slug, topic.name) for topic in Topic.objects.filter(is_active=True)]


class SignupValue(blocks.StructValue):
    @cached_property
    def language(self) -> str:
        """The page's language when it is bokmål or nynorsk; bokmål otherwise."""
        current = (get_language() or "nb").split("-")[0]
        return current if current in ("nb", "nn") else "nb"

    @cached_property
    def topic_options(self) -> list[dict]:
        from .models.subscribers import Topic

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
        from .models.subscribers import ConsentText

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
