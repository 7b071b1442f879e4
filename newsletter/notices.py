"""The mails a visitor's own action sets off: confirm your subscription, or you already have one.

They go through core's outbox (core/mail/outbox.py): the sign-up writes the promise of a
mail in its own transaction, and a worker builds and sends it afterwards, so every
sign-up answers in the same time whatever the address's history and no mail is lost to a
dying worker. Only the subscriber's id and the kind of mail are stored; the secret link
is made when the mail is built and exists afterwards only in the mail.
"""

from __future__ import annotations

import enum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import outbox
from core.mail.mjml import render_mjml_template
from core.mail.notices import MailContent, notice_message, organisation_name

from .links import confirm_url, preferences_url, site_root
from .models import AccessToken, Consent, Subscriber
from .tokens import issue_token


class SignupMail(enum.Enum):
    """The mails a sign-up sets off; the value names the templates and, prefixed, the outbox's kind."""

    CONFIRM = "confirm"
    ALREADY_SUBSCRIBED = "already_subscribed"

    @property
    def outbox_kind(self) -> str:
        return f"newsletter.{self.value}"


def _greeting(subscriber: Subscriber) -> str:
    if subscriber.name:
        return _("Hello %(name)s,") % {"name": subscriber.name}
    return _("Hello,")


def _added_by_us(subscriber: Subscriber) -> bool:
    """Whether the address waiting for confirmation was imported or typed in by an editor, not sent from the form."""
    consent = subscriber.pending_consent()
    return consent is not None and consent.source != Consent.Source.FORM


def confirm_content(subscriber: Subscriber, raw_token: str) -> MailContent:
    topics = subscriber.pending_topic_names()
    hours = settings.NEWSLETTER_CONFIRM_TOKEN_HOURS
    organisation = organisation_name()
    site = site_root().split("://", 1)[-1]
    added_by_us = _added_by_us(subscriber)
    if added_by_us:
        # An imported or hand-entered address: nobody filled in our form, so the mail must not say so.
        intro = _("%(organisation)s would like to send emails to this address about:") % {"organisation": organisation}
        preheader = _("One click, and you will get these emails.")
        ignore = _("If you do not want them, ignore this email. You will get nothing more from us.")
        footer = _(
            "You get this email because %(organisation)s added your address to its mailing list on %(site)s. "
            "Nothing more is sent unless you confirm."
        ) % {"organisation": organisation, "site": site}
    else:
        intro = _("Someone, probably you, asked for emails from %(organisation)s to this address about:") % {
            "organisation": organisation
        }
        preheader = _("One click, and you will get the emails you asked for.")
        ignore = _("If you did not ask for this, ignore this email. You will get nothing more from us.")
        footer = _("You get this email because your address was entered in the sign-up form on %(site)s.") % {
            "site": site
        }
    return MailContent(
        language=subscriber.language,
        subject=_("Confirm your subscription"),
        preheader=preheader,
        greeting=_greeting(subscriber),
        intro=[intro],
        topics=topics,
        button_label=_("Confirm my subscription"),
        button_url=confirm_url(raw_token),
        after=[_("The link works once, for %(hours)s hours.") % {"hours": hours}, ignore],
        footer=footer,
        organisation=organisation,
    )


def already_subscribed_content(subscriber: Subscriber, raw_token: str) -> MailContent:
    organisation = organisation_name()
    return MailContent(
        language=subscriber.language,
        subject=_("You are already subscribed"),
        preheader=_("Nothing has changed. Here is the link to your settings."),
        greeting=_greeting(subscriber),
        intro=[
            _("Someone, probably you, tried to sign this address up for emails from %(organisation)s.")
            % {"organisation": organisation},
            _("You already subscribe, so nothing has changed."),
        ],
        button_label=_("Change my settings"),
        button_url=preferences_url(raw_token),
        after=[
            _(
                "From the link you can choose topics and language, unsubscribe, download your data or delete it. "
                "Keep it to yourself: anyone with the link can change your settings."
            ),
        ],
        footer=_("You get this email because your address was entered in the sign-up form on %(site)s.")
        % {"site": site_root().split("://", 1)[-1]},
        organisation=organisation,
    )


BUILDERS = {
    SignupMail.CONFIRM: (AccessToken.Purpose.CONFIRM, confirm_content),
    SignupMail.ALREADY_SUBSCRIBED: (AccessToken.Purpose.MANAGE, already_subscribed_content),
}


def build_notice(subscriber: Subscriber, notice: SignupMail) -> EmailMultiAlternatives:
    """The mail, with a fresh secret link in it, in the subscriber's language."""
    purpose, build_content = BUILDERS[notice]
    raw_token = issue_token(subscriber, purpose)
    with translation.override(subscriber.language):
        content = build_content(subscriber, raw_token)
        context = {"mail": content}
        html = render_mjml_template(f"newsletter/mail/{notice.value}.mjml", context)
        text = render_to_string(f"newsletter/mail/{notice.value}.txt", context)
    return notice_message(
        to=subscriber.email, subject=content.subject, text=text, html=html, label=f"notice.{notice.value}"
    )


def _outbox_builder(mail: SignupMail):
    @outbox.builder(mail.outbox_kind)
    def build(subscriber_id: int) -> EmailMultiAlternatives | None:
        """The mail for a subscriber still there; a subscriber deleted meanwhile gets nothing."""
        subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
        return build_notice(subscriber, mail) if subscriber is not None else None

    return build


for _mail in SignupMail:
    _outbox_builder(_mail)
