"""Core's admin views: the language report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from ..languages import NYNORSK_MINIMUM_SHARE
from ..reports import language_shares


def may_see_language_report(user) -> bool:
    """Whoever may write or publish pages may see the language report; the menu and the view both ask here."""
    return user.is_active and PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class LanguageReportView(WagtailAdminTemplateMixin, TemplateView):
    """Shows editors whether the site meets the minimum share for each written standard."""

    page_title = _("Språkfordeling")
    header_icon = "globe"
    template_name = "core/admin/language_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_language_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shares = language_shares()
        context["shares"] = shares
        context["total"] = sum(s.count for s in shares)
        context["minimum_percent"] = int(NYNORSK_MINIMUM_SHARE * 100)
        return context
