"""The newsletter's place in the Wagtail admin: one "Nyhetsbrev" menu with sends and
subscribers, their URLs and viewsets, the send buttons on an issue, and the permission
policies. Only registrations: what they register lives in newsletter/admin/.
"""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from core.admin.helpers import PermissionMenuItem

from .admin import urls
from .admin.viewsets import (
    ConsentTextViewSet,
    RefusingPermissionPolicy,
    SubscriberViewSet,
    SuppressionViewSet,
    TopicViewSet,
)
from .models import ConsentText, NewsletterIssuePage, Suppression

# A consent text that has been shown is evidence: a new wording is a new version.
register_permission_policy(ConsentText, RefusingPermissionPolicy(ConsentText, refused=("change", "delete")))
# A suppression is a hash and a reason; there is nothing to edit.
register_permission_policy(Suppression, RefusingPermissionPolicy(Suppression, refused=("change",)))

newsletter_menu = Menu(register_hook_name="register_newsletter_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def register_newsletter_menu() -> SubmenuMenuItem:
    return SubmenuMenuItem("Nyhetsbrev", newsletter_menu, icon_name="mail", name="newsletter", order=260)


@hooks.register("register_admin_urls")
def register_newsletter_admin_urls():
    return urls.urlpatterns


@hooks.register("register_admin_viewset")
def register_subscriber_viewsets():
    return [SubscriberViewSet(), TopicViewSet(), ConsentTextViewSet(), SuppressionViewSet()]


# --- The "Nyhetsbrev" menu ------------------------------------------------------------------


@hooks.register("register_newsletter_menu_item")
def register_sends_menu_item():
    return PermissionMenuItem(
        "Utsendinger", reverse("newsletter_admin:sends"), icon_name="mail", order=10, permission="newsletter.view_send"
    )


def _model_permissions(model_name: str) -> tuple[str, ...]:
    return tuple(f"newsletter.{action}_{model_name}" for action in ("add", "change", "delete", "view"))


MENU_ITEMS = [
    ("Abonnenter", "newsletter_subscribers:index", "user", _model_permissions("subscriber")),
    ("Importer abonnenter", "newsletter_subscriber_admin:import", "upload", ("newsletter.add_subscriber",)),
    ("Oversikt", "newsletter_subscriber_admin:overview", "table", ("newsletter.view_subscriber",)),
    ("Temaer", "newsletter_topics:index", "tag", _model_permissions("topic")),
    ("Samtykketekster", "newsletter_consent_texts:index", "doc-full", _model_permissions("consenttext")),
    ("Sperrede adresser", "newsletter_suppressions:index", "cross", _model_permissions("suppression")),
]


def _menu_item_hook(label: str, url_name: str, icon: str, permissions: tuple[str, ...], order: int):
    def menu_item():
        return PermissionMenuItem(
            label,
            reverse(url_name),
            icon_name=icon,
            order=order,
            name=url_name.replace(":", "-"),
            permissions=permissions,
        )

    return menu_item


for _order, (_label, _url_name, _icon, _permissions) in enumerate(MENU_ITEMS, start=20):
    hooks.register(
        "register_newsletter_menu_item", _menu_item_hook(_label, _url_name, _icon, _permissions, _order * 10)
    )


# --- Buttons on an issue --------------------------------------------------------------------


@hooks.register("register_page_header_buttons")
def issue_send_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, NewsletterIssuePage) or not user.has_perm("newsletter.add_send"):
        return
    yield Button("Send test", reverse("newsletter_admin:send_test", args=[page.pk]), icon_name="mail", priority=80)
    if page.live:
        yield Button(
            "Send utgaven", reverse("newsletter_admin:send_issue", args=[page.pk]), icon_name="mail", priority=81
        )
