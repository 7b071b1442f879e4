"""The one ESP tracking webhook the site mounts, and the guard in front of it.

django-anymail offers a tracking route for every ESP it knows, and a route without a
secret accepts anyone's JSON (anymail only warns). A forged "complaint" then suppresses
any subscriber. So the site mounts a single route: the tracking webhook of the ESP that
`EMAIL_BACKEND` sends through, and only while that route can tell the ESP from anyone else
(basic auth with `ANYMAIL["WEBHOOK_SECRET"]`, or the ESP's own signature). With SMTP there is
no route at all. Production refuses to start with an ESP and no secret (settings/production.py).

The guard also turns a body anymail cannot read (`[]`, `{}`, garbage) into 400 instead
of a server error; a failure in our own handler still answers 500, so that the ESP retries.

Nothing at module level imports Django or anymail: production settings read the table.
"""

from __future__ import annotations

import importlib.util
import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EspWebhook:
    """One ESP's tracking route under /anymail/, its anymail view, and what authenticates a call."""

    route: str
    view: str  # dotted path of anymail's view class
    # ANYMAIL keys, any one of which lets the view verify its caller. WEBHOOK_SECRET is the
    # basic auth every anymail view checks; the others are the ESP's signing keys.
    secrets: tuple[str, ...]
    # The attribute an anymail view instance holds its signing key in (None: basic auth only).
    signing_attribute: str | None = None
    # Packages the view needs to verify a call (anymail's extras), checked before it is mounted.
    packages: tuple[str, ...] = ()


_VIEWS = "anymail.webhooks"

# By anymail's backend module name (anymail.backends.<name>.EmailBackend), from anymail 15's
# webhooks: which of them verify a signature and which rely on basic auth alone.
ESP_WEBHOOKS: dict[str, EspWebhook] = {
    "amazon_ses": EspWebhook(
        "amazon_ses/tracking/",
        f"{_VIEWS}.amazon_ses.AmazonSESTrackingWebhookView",
        ("WEBHOOK_SECRET",),
        packages=("boto3",),
    ),
    "brevo": EspWebhook("brevo/tracking/", f"{_VIEWS}.brevo.BrevoTrackingWebhookView", ("WEBHOOK_SECRET",)),
    "sendinblue": EspWebhook(
        "sendinblue/tracking/", f"{_VIEWS}.sendinblue.SendinBlueTrackingWebhookView", ("WEBHOOK_SECRET",)
    ),
    "mailersend": EspWebhook(
        "mailersend/tracking/",
        f"{_VIEWS}.mailersend.MailerSendTrackingWebhookView",
        ("MAILERSEND_SIGNING_SECRET",),
        "signing_secret",
    ),
    "mailgun": EspWebhook(
        "mailgun/tracking/",
        f"{_VIEWS}.mailgun.MailgunTrackingWebhookView",
        ("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY"),
        "webhook_signing_key",
    ),
    "mailjet": EspWebhook("mailjet/tracking/", f"{_VIEWS}.mailjet.MailjetTrackingWebhookView", ("WEBHOOK_SECRET",)),
    "mailtrap": EspWebhook(
        "mailtrap/tracking/",
        f"{_VIEWS}.mailtrap.MailtrapTrackingWebhookView",
        ("MAILTRAP_TRACKING_SECRET", "WEBHOOK_SECRET"),
        "signing_secret",
    ),
    # Mandrill posts tracking and inbound events to one combined, signed route.
    "mandrill": EspWebhook(
        "mandrill/", f"{_VIEWS}.mandrill.MandrillCombinedWebhookView", ("MANDRILL_WEBHOOK_KEY",), "webhook_key"
    ),
    "postal": EspWebhook(
        "postal/tracking/",
        f"{_VIEWS}.postal.PostalTrackingWebhookView",
        ("POSTAL_WEBHOOK_KEY",),
        "webhook_key",
        packages=("cryptography",),
    ),
    "postmark": EspWebhook("postmark/tracking/", f"{_VIEWS}.postmark.PostmarkTrackingWebhookView", ("WEBHOOK_SECRET",)),
    "resend": EspWebhook(
        "resend/tracking/",
        f"{_VIEWS}.resend.ResendTrackingWebhookView",
        ("RESEND_SIGNING_SECRET", "WEBHOOK_SECRET"),
        "signing_secret",
    ),
    "sendgrid": EspWebhook("sendgrid/tracking/", f"{_VIEWS}.sendgrid.SendGridTrackingWebhookView", ("WEBHOOK_SECRET",)),
    "sparkpost": EspWebhook(
        "sparkpost/tracking/", f"{_VIEWS}.sparkpost.SparkPostTrackingWebhookView", ("WEBHOOK_SECRET",)
    ),
    "unisender_go": EspWebhook(
        "unisender_go/tracking/",
        f"{_VIEWS}.unisender_go.UnisenderGoTrackingWebhookView",
        ("UNISENDER_GO_API_KEY",),
        "api_key_bytes",
    ),
}

# What a body an ESP would never send makes anymail's parsers raise: `[]` where an object
# belongs, a missing key, text that is not JSON or not UTF-8, nesting deep enough to recurse.
_MALFORMED = (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OverflowError)


def esp_for_backend(email_backend: str) -> str | None:
    """'anymail.backends.postmark.EmailBackend' → 'postmark'; None for SMTP and anymail's test backends."""
    parts = email_backend.split(".")
    if len(parts) < 4 or parts[:2] != ["anymail", "backends"]:
        return None
    return parts[2] if parts[2] in ESP_WEBHOOKS else None


def missing_webhook_secret(email_backend: str, anymail_settings: Mapping[str, object]) -> str | None:
    """Why the configured ESP's webhook could not verify its caller, or None when it can (or there is none).

    Reads only the ANYMAIL dict, so that production settings can call it before Django is set up.
    """
    esp = esp_for_backend(email_backend)
    if esp is None:
        return None
    webhook = ESP_WEBHOOKS[esp]
    if not any(anymail_settings.get(name) for name in webhook.secrets):
        names = " or ".join(f"ANYMAIL_{name}" for name in webhook.secrets)
        return (
            f"EMAIL_BACKEND sends through {esp}, whose tracking webhook (/anymail/{webhook.route}) would accept "
            f"anyone's events without a secret: set {names}."
        )
    if missing := missing_packages(webhook):
        return f"The {esp} tracking webhook needs {', '.join(missing)} to verify its callers: install django-anymail[{esp}]."
    return None


def missing_packages(webhook: EspWebhook) -> list[str]:
    return [package for package in webhook.packages if importlib.util.find_spec(package) is None]


def tracking_urlpatterns() -> list:
    """The configured ESP's tracking route, or nothing (SMTP, or an ESP route that could not verify callers)."""
    from anymail.exceptions import AnymailInsecureWebhookWarning
    from django.conf import settings
    from django.urls import path

    esp = esp_for_backend(settings.EMAIL_BACKEND)
    if esp is None:
        return []
    view_class = guarded_view_class(ESP_WEBHOOKS[esp])
    with warnings.catch_warnings():
        # The route is left out instead, with a warning of our own.
        warnings.simplefilter("ignore", AnymailInsecureWebhookWarning)
        view = view_class()
    if not view.verifies_callers:
        logger.warning("The %s tracking webhook is not mounted: it has no secret to verify its callers by", esp)
        return []
    return [path(f"anymail/{ESP_WEBHOOKS[esp].route}", view_class.as_view(), name="esp_tracking_webhook")]


def guarded_view_class(webhook: EspWebhook) -> type:
    """anymail's view for this ESP, refusing calls it cannot verify and bodies it cannot read."""
    from anymail.exceptions import AnymailConfigurationError, AnymailWebhookValidationFailure
    from django.core.exceptions import PermissionDenied
    from django.utils.decorators import method_decorator
    from django.utils.module_loading import import_string
    from django.views.decorators.csrf import csrf_exempt

    base = import_string(webhook.view)

    class GuardedWebhookView(base):
        def __init__(self, **kwargs):
            # anymail's views read their secrets here, on every request (tests change settings).
            try:
                super().__init__(**kwargs)
            except (AnymailConfigurationError, ImportError) as error:
                # A required signing key is missing, or the ESP's package (boto3, svix) is not installed.
                logger.warning("The %s tracking webhook cannot verify its callers: %s", base.esp_name, error)
                self.verifies_callers = False
                return
            signature = webhook.signing_attribute and getattr(self, webhook.signing_attribute, None)
            self.verifies_callers = (bool(self.basic_auth) or bool(signature)) and not missing_packages(webhook)

        @method_decorator(csrf_exempt)  # as anymail's own dispatch: the ESP has no CSRF token
        def dispatch(self, request, *args, **kwargs):
            if not self.verifies_callers:
                raise PermissionDenied("webhook without a secret")
            return super().dispatch(request, *args, **kwargs)

        def run_validators(self, request):
            try:
                super().run_validators(request)
            except _MALFORMED as error:
                raise AnymailWebhookValidationFailure(f"Unreadable {self.esp_name} webhook body") from error

        def parse_events(self, request):
            try:
                return list(super().parse_events(request))
            except _MALFORMED as error:
                raise AnymailWebhookValidationFailure(f"Unreadable {self.esp_name} webhook body") from error

    GuardedWebhookView.__name__ = GuardedWebhookView.__qualname__ = f"Guarded{base.__name__}"
    return GuardedWebhookView
