"""Check-in at the door: the QR code in a confirmation opens this page on a staff phone.

The code carries a random token whose SHA-256 is stored in CheckInToken (tokens.py). The page
is for staff only (permission `conference.change_registration`); anyone else is sent to the
admin login, so a registrant who scans their own code learns nothing and changes nothing.
Only a confirmed registration can be checked in, and checking in twice keeps the first time.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin_helpers import NorwegianMixin

from .models import Registration
from .tokens import find_check_in

PERMISSION = "conference.change_registration"


def mark_attended(registration: Registration, now=None) -> bool:
    """Mark a confirmed registration as attended; True if it is (now or already). Idempotent."""
    if registration.status != Registration.Status.CONFIRMED:
        return False
    now = now or timezone.now()
    # One conditional update: two staff scanning at once both succeed and the first time stays.
    Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, attended_at__isnull=True
    ).update(attended_at=now)
    registration.refresh_from_db(fields=["status", "attended_at"])
    return registration.attended_at is not None


def unmark_attended(registration: Registration) -> None:
    """Undo a mistaken check-in."""
    Registration.objects.filter(pk=registration.pk).update(attended_at=None)
    registration.attended_at = None


class CheckInView(NorwegianMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "conference/admin/check_in.html"
    page_title = "Innsjekking"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            login = reverse("wagtailadmin_login")
            return HttpResponseRedirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        if not request.user.has_perm(PERMISSION):
            return HttpResponseForbidden("Bare arrangører kan sjekke inn deltakere.")
        return super().dispatch(request, *args, **kwargs)

    def get_registration(self) -> Registration:
        registration = find_check_in(self.kwargs["token"])  # by the token's SHA-256 (tokens.py)
        if registration is None:
            raise Http404
        return registration

    def get_context_data(self, **kwargs):
        registration = self.get_registration()
        return {
            **super().get_context_data(**kwargs),
            "registration": registration,
            "can_check_in": registration.status == Registration.Status.CONFIRMED,
        }

    def post(self, request, token: str):
        registration = self.get_registration()
        was_attended = registration.attended_at is not None
        if mark_attended(registration):
            text = "Oppmøtet var allerede registrert." if was_attended else "Oppmøtet er registrert."
            messages.success(request, f"{registration.name}: {text}")
        else:
            messages.error(
                request,
                f"{registration.name} har status «{registration.get_status_display()}» og kan ikke sjekkes inn.",
            )
        return redirect(request.path)


check_in_view = CheckInView.as_view()
