"""The newsletter's place in the Wagtail admin: one "Nyhetsbrev" menu.

Sends live in admin_sends.py and subscribers in admin_subscribers.py; both add their
items to this menu through the `register_newsletter_menu_item` hook.
"""

from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from . import admin_sends, admin_subscribers  # noqa: F401  (they register their own hooks)

newsletter_menu = Menu(register_hook_name="register_newsletter_menu_item", construct_hook_name=None)


@hooks.register("register_admin_menu_item")
def register_newsletter_menu() -> SubmenuMenuItem:
    return SubmenuMenuItem("Nyhetsbrev", newsletter_menu, icon_name="mail", name="newsletter", order=260)
