"""The mails a registration sets off: confirmation, waiting list, offer, "here is your link", receipt,
reminder and change of time or place.

They go through core's outbox (core/mail/outbox.py): the change writes the promise of the
mail in its own transaction, naming only the registration's id and the kind of mail, and a
worker builds and sends it afterwards; the secret manage link (and the check-in code for
the QR code) is made then and exists afterwards only in the mail. The sender, Reply-To, bounce address,
MJML rendering and layout are core.mail's, as for every notice.
"""

from __future__ import annotations

import enum
import io
from datetime import datetime
from email.mime.image import MIMEImage
from email.mime.text import MIMEText
from zoneinfo import ZoneInfo

import segno
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from core.mail import outbox
from core.mail.headers import from_header
from core.mail.mjml import render_mjml_template
from core.mail.notices import MailContent, notice_message, organisation_name
from core.site_address import absolute, base_url

from .calendar import registration_calendar
from .models import Registration, TicketType
from .tokens import issue_check_in_token, issue_manage_token


class RegistrationMail(enum.Enum):
    """The kinds of mail; each value names its templates, conference/mail/<value>.mjml and .txt."""

    CONFIRMED = "confirmed"  # a seat: details, calendar file and QR code
    WAITING = "waiting"  # on the waiting list
    OFFER = "offer"  # a seat is free: accept or decline before the deadline
    MANAGE_LINK = "manage_link"  # a second registration, or "resend my link"
    CANCELLED = "cancelled"  # receipt
    REMINDER = "reminder"  # N days before: the details, the calendar file and the QR code again
    CHANGED = "changed"  # the organiser moved the time or the place: an updated calendar file

    @property
    def outbox_kind(self) -> str:
        return f"conference.{self.value}"


OSLO = ZoneInfo("Europe/Oslo")
QR_CONTENT_ID = "innsjekking@allmenn"
# The status a registration must still have for its mail to make sense when it is sent.
STILL_TRUE = {
    RegistrationMail.CONFIRMED: {Registration.Status.CONFIRMED},
    RegistrationMail.WAITING: {Registration.Status.WAITING},
    RegistrationMail.OFFER: {Registration.Status.OFFERED},
    RegistrationMail.CANCELLED: {Registration.Status.CANCELLED},
    RegistrationMail.REMINDER: {Registration.Status.CONFIRMED},
    RegistrationMail.CHANGED: {Registration.Status.CONFIRMED, Registration.Status.OFFERED},
}
# Mails that carry the calendar file (and, for a seat in the hall, the check-in code).
WITH_CALENDAR = {RegistrationMail.CONFIRMED, RegistrationMail.REMINDER, RegistrationMail.CHANGED}


def still_true(registration: Registration, mail: RegistrationMail) -> bool:
    """Whether the mail still fits the registration when it is sent (an offer since accepted does not)."""
    return mail not in STILL_TRUE or registration.status in STILL_TRUE[mail]


def manage_url(raw_token: str) -> str:
    return absolute(reverse("conference:manage", args=[raw_token]))


def offer_url(raw_token: str) -> str:
    return absolute(reverse("conference:offer", args=[raw_token]))


def check_in_url(raw_token: str) -> str:
    # The staff's check-in page (admin/views.py), at /konferanse-innsjekk/<token>/.
    return absolute(reverse("conference_check_in", args=[raw_token]))


def format_moment(moment: datetime) -> str:
    """E.g. "14. januar 2027 kl. 09.00" in the active language."""
    local = moment.astimezone(OSLO)
    return _("%(date)s at %(time)s") % {"date": date_format(local, "DATE_FORMAT"), "time": time_format(local)}


def format_period(starts_at: datetime, ends_at: datetime) -> str:
    start, end = starts_at.astimezone(OSLO), ends_at.astimezone(OSLO)
    if start.date() == end.date():
        return f"{date_format(start, 'DATE_FORMAT')}, {time_format(start)}–{time_format(end)}"
    return f"{format_moment(start)} – {format_moment(end)}"


def details(registration: Registration) -> list[tuple[str, str]]:
    """The facts every mail repeats: what, when, where, which ticket and its status."""
    conference, ticket_type = registration.conference, registration.ticket_type
    rows = [
        (_("Conference"), conference.title),
        (_("When"), format_period(conference.starts_at, conference.ends_at)),
        (_("Taking part"), ticket_type.name),
        (_("Status"), status_label(registration)),
    ]
    if ticket_type.kind == TicketType.Kind.IN_PERSON:
        rows.insert(2, (_("Where"), ticket_type.calendar_location()))
    elif registration.status == Registration.Status.CONFIRMED and conference.stream_url:
        rows.insert(2, (_("Stream"), conference.stream_url))  # only to those who have a seat
    return rows


def status_label(registration: Registration) -> str:
    Status = Registration.Status
    return {
        Status.CONFIRMED: _("You have a seat"),
        Status.WAITING: _("On the waiting list"),
        Status.OFFERED: _("A seat is offered to you"),
        Status.CANCELLED: _("Cancelled"),
        Status.DECLINED: _("You declined the seat"),
        Status.EXPIRED: _("The offer lapsed"),
    }[registration.status]


def _greeting(registration: Registration) -> str:
    return _("Hello %(name)s,") % {"name": registration.name} if registration.name else _("Hello,")


def _footer(registration: Registration) -> str:
    return _("You get this email because your address was used to register for %(conference)s on %(site)s.") % {
        "conference": registration.conference.title,
        "site": base_url().split("://", 1)[-1],
    }


def _keep_it_secret() -> str:
    return _("Keep the link to yourself: anyone with it can change or cancel your registration.")


def build_content(registration: Registration, mail: RegistrationMail, raw_token: str) -> MailContent:
    conference = registration.conference.title
    names = {"conference": conference, "ticket": registration.ticket_type.name}
    content = MailContent(
        language=registration.language,
        subject="",
        preheader="",
        greeting=_greeting(registration),
        intro=[],
        button_label=_("See or change your registration"),
        button_url=manage_url(raw_token),
        after=[_keep_it_secret()],
        footer=_footer(registration),
        organisation=organisation_name(),
    )
    if mail is RegistrationMail.CONFIRMED:
        content.subject = _("You have a seat at %(conference)s") % names
        content.preheader = _("Your registration is confirmed. The calendar file is attached.")
        content.intro = [_("Welcome! You are registered for %(conference)s.") % names]
        content.after.insert(0, _("Add the conference to your calendar with the attached file."))
    elif mail is RegistrationMail.WAITING:
        content.subject = _("You are on the waiting list for %(conference)s") % names
        content.preheader = _("All seats are taken. We will email you if one is free.")
        content.intro = [
            _("All seats for %(ticket)s are taken, so you are on the waiting list.") % names,
            _(
                "When a seat is free, the first in line is offered it by email and has %(hours)s hours to accept. "
                "You do not need to do anything now."
            )
            % {"hours": registration.conference.offer_hours},
        ]
    elif mail is RegistrationMail.OFFER:
        deadline = format_moment(registration.offer_expires_at)
        content.subject = _("A seat is free for you at %(conference)s") % names
        content.preheader = _("Answer by %(deadline)s.") % {"deadline": deadline}
        content.intro = [
            _("A seat for %(ticket)s is free, and you are first in line.") % names,
            _("We hold it for you until %(deadline)s. After that it goes to the next on the waiting list.")
            % {"deadline": deadline},
        ]
        content.button_label = _("Accept or decline the seat")
        content.button_url = offer_url(raw_token)
        content.after.insert(0, _("If you do not answer in time, the offer lapses and you leave the waiting list."))
    elif mail is RegistrationMail.MANAGE_LINK:
        content.subject = _("Your registration for %(conference)s") % names
        content.preheader = _("Nothing has changed. Here is the link to your registration.")
        content.intro = [
            _(
                "Someone, probably you, asked for the link to your registration for %(conference)s, "
                "or tried to register this address again."
            )
            % names,
            _("Nothing has changed. Here is your registration as it stands."),
        ]
    elif mail is RegistrationMail.REMINDER:
        when = format_moment(registration.conference.starts_at)
        content.subject = _("Reminder: %(conference)s starts %(when)s") % {**names, "when": when}
        content.preheader = _("Your registration, the calendar file and the check-in code.")
        content.intro = [
            _("%(conference)s starts %(when)s. We look forward to seeing you.") % {**names, "when": when},
            _("If you cannot come after all, please cancel, so that someone on the waiting list gets your seat."),
        ]
    elif mail is RegistrationMail.CHANGED:
        content.subject = _("Changed time or place: %(conference)s") % names
        content.preheader = _("The organiser has changed the time or the place. An updated calendar file is attached.")
        content.intro = [
            _("The time or the place of %(conference)s has changed. Here are the details as they are now.") % names,
            _("Open the attached file to update the event in your calendar."),
        ]
    elif mail is RegistrationMail.CANCELLED:
        content.subject = _("You have cancelled your registration for %(conference)s") % names
        content.preheader = _("Your registration is cancelled.")
        content.intro = [_("Your registration for %(conference)s is cancelled. Thank you for letting us know.") % names]
        content.button_label = _("See your registration")
        content.after = [_("If you change your mind, you can register again while registration is open.")]
    return content


def _calendar_part(registration: Registration, raw_token: str, *, cancelled: bool) -> MIMEText:
    ics = registration_calendar(
        registration,
        manage_url=manage_url(raw_token),
        organiser=from_header(),
        intro=_("See, change or cancel your registration:"),
        cancelled=cancelled,
    )
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if cancelled else "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="fastlegekonferansen.ics")
    return part


def qr_code_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def _qr_part(registration: Registration) -> MIMEImage:
    image = MIMEImage(qr_code_png(check_in_url(issue_check_in_token(registration))), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="innsjekking.png")
    return image


def build_mail(registration: Registration, mail: RegistrationMail) -> EmailMultiAlternatives:
    """The mail, with a fresh manage link in it, in the registrant's language."""
    raw_token = issue_manage_token(registration)
    language = registration.language if registration.language in ("nb", "nn") else "nb"
    with_qr = (
        mail in WITH_CALENDAR
        and registration.status == Registration.Status.CONFIRMED
        and registration.ticket_type.kind == TicketType.Kind.IN_PERSON
    )
    with translation.override(language):
        content = build_content(registration, mail, raw_token)
        context = {
            "mail": content,
            "details": details(registration),
            "qr_content_id": QR_CONTENT_ID if with_qr else "",
        }
        html = render_mjml_template(f"conference/mail/{mail.value}.mjml", context)
        text = render_to_string(f"conference/mail/{mail.value}.txt", context)
        attachments = []
        if mail in WITH_CALENDAR:
            attachments.append(_calendar_part(registration, raw_token, cancelled=False))
        elif mail is RegistrationMail.CANCELLED and registration.confirmed_at is not None:
            attachments.append(_calendar_part(registration, raw_token, cancelled=True))
    if with_qr:
        attachments.append(_qr_part(registration))
    message = notice_message(
        to=registration.email, subject=content.subject, text=text, html=html, label=f"conference.{mail.value}"
    )
    for part in attachments:
        message.attach(part)
    return message


def _outbox_builder(mail: RegistrationMail):
    @outbox.builder(mail.outbox_kind)
    def build(registration_id: int) -> EmailMultiAlternatives | None:
        """The mail, or nothing when the registration is gone, purged or has moved on meanwhile."""
        registration = (
            Registration.objects.select_related("conference", "ticket_type")
            .filter(pk=registration_id, personal_data_purged_at__isnull=True)
            .first()
        )
        if registration is None or not still_true(registration, mail):
            return None
        return build_mail(registration, mail)

    return build


for _mail in RegistrationMail:
    _outbox_builder(_mail)
