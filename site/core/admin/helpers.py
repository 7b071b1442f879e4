"""Small pieces the apps' admin views share: a menu item shown by permission, and bokmål."""

from __future__ import annotations

from django.utils import translation
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """A menu item shown to users who have any one of the given permissions."""

    def __init__(self, *args, permission: str = "", permissions: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions or (permission,)

    def is_shown(self, request) -> bool:
        return any(request.user.has_perm(permission) for permission in self.permissions)


class NorwegianMixin:
    """Admin views whose labels and messages are written in bokmål render in bokmål."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("nb"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response
