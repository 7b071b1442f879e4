"""Admin views for sends: send now or schedule, a test to a few addresses, pause, resume,
cancel, live progress and the per-recipient history of each send."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin.helpers import NorwegianMixin

from ..models import Delivery, NewsletterIssuePage, Send
from ..sending import SendError, audience, cancel_send, in_flight, pause_send
from ..tasks import resend_uncertain, resume_send, schedule_send, send_test_task
from .forms import SendForm, TestSendForm

SENDS_CRUMB = {"url": reverse_lazy("newsletter_admin:sends"), "label": "Utsendinger"}


class IssueMixin:
    """A view about one issue, reached from its editor: the breadcrumbs lead back there."""

    action_label = ""

    def get_issue(self) -> NewsletterIssuePage:
        if not hasattr(self, "_issue"):
            issue = get_object_or_404(NewsletterIssuePage, pk=self.kwargs["page_id"])
            if not issue.permissions_for_user(self.request.user).can_edit():
                raise Http404
            self._issue = issue
        return self._issue

    def get_breadcrumbs_items(self):
        issue = self.get_issue()
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("wagtailadmin_pages:edit", args=[issue.pk]), "label": issue.title},
            {"url": "", "label": self.action_label},
        ]


class SendMixin:
    """A view about one send: Hjem › Utsendinger › the send (› the action)."""

    action_label = ""

    def get_breadcrumbs_items(self):
        send = self.get_send()
        crumbs = [*super().get_breadcrumbs_items(), SENDS_CRUMB]
        if not self.action_label:
            return [*crumbs, {"url": "", "label": send.issue_title}]
        return [
            *crumbs,
            {"url": reverse("newsletter_admin:send", args=[send.pk]), "label": send.issue_title},
            {"url": "", "label": self.action_label},
        ]


class SendIssueView(NorwegianMixin, PermissionRequiredMixin, IssueMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "newsletter.add_send"
    template_name = "newsletter/admin/send_issue.html"
    form_class = SendForm
    header_icon = "mail"
    action_label = "Send utgaven"

    def get_page_title(self):
        return f"Send «{self.get_issue().title}»"

    def get_context_data(self, **kwargs):
        issue = self.get_issue()
        context = super().get_context_data(**kwargs)
        context.update(
            issue=issue,
            audience=audience(issue.topic_id).count(),
            active=issue.sends.filter(status__in=["scheduled", "sending", "paused"]).first(),
            previous=issue.sends.exclude(status__in=["scheduled", "sending", "paused"])[:5],
        )
        return context

    def form_valid(self, form):
        issue = self.get_issue()
        at = form.cleaned_data["at"] if form.cleaned_data["when"] == "later" else None
        try:
            send = schedule_send(issue, user=self.request.user, at=at)
        except SendError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        if at:
            messages.success(self.request, f"Utgaven sendes {timezone.localtime(at):%d.%m.%Y kl. %H:%M}.")
        else:
            messages.success(self.request, "Utsendingen har startet.")
        return redirect("newsletter_admin:send", pk=send.pk)


class SendTestView(NorwegianMixin, PermissionRequiredMixin, IssueMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "newsletter.add_send"
    template_name = "newsletter/admin/send_test.html"
    form_class = TestSendForm
    header_icon = "mail"
    action_label = "Send test"

    def get_page_title(self):
        return f"Send test av «{self.get_issue().title}»"

    def get_initial(self):
        return {"addresses": self.request.user.email or ""}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "issue": self.get_issue()}

    def form_valid(self, form):
        issue = self.get_issue()
        addresses = form.cleaned_data["addresses"]
        send_test_task.enqueue(issue.pk, addresses, form.cleaned_data["language"])
        messages.success(self.request, f"Testen sendes til {', '.join(addresses)}. Den viser siste utkast.")
        return redirect("wagtailadmin_pages:edit", issue.pk)


class SendListView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, ListView):
    permission_required = "newsletter.view_send"
    template_name = "newsletter/admin/send_list.html"
    page_title = "Utsendinger"
    header_icon = "mail"
    paginate_by = 50
    context_object_name = "sends"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_queryset(self):
        return Send.objects.select_related("topic", "created_by").order_by("-created_at", "-pk")


class SendDetailView(NorwegianMixin, PermissionRequiredMixin, SendMixin, WagtailAdminTemplateMixin, DetailView):
    permission_required = "newsletter.view_send"
    template_name = "newsletter/admin/send_detail.html"
    header_icon = "mail"
    model = Send
    context_object_name = "send"

    def get_send(self) -> Send:
        return self.object

    def get_page_title(self):
        return f"Utsending: {self.object.issue_title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        deliveries = self.object.deliveries.order_by("pk").only(
            "email", "status", "attempts", "sent_at", "last_error", "note", "language"
        )
        if status in Delivery.Status.values:
            deliveries = deliveries.filter(status=status)
        page = Paginator(deliveries, 100).get_page(self.request.GET.get("p"))
        progress = self.object.progress()
        pace = self.object.pace(progress)
        context.update(
            progress=progress,
            pace=pace,
            pace_text=pace_text(self.object, pace),
            deliveries=page,
            status_filter=status,
            statuses=Delivery.Status.choices,
            uncertain=self.object.deliveries.filter(status=Delivery.Status.UNCERTAIN).only("email", "note")[:50],
            can_control=self.request.user.has_perm("newsletter.change_send"),
        )
        return context


class SendProgressView(NorwegianMixin, PermissionRequiredMixin, View):
    permission_required = "newsletter.view_send"

    def get(self, request, pk: int):
        send = get_object_or_404(Send, pk=pk)
        progress = send.progress()
        pace = send.pace(progress)
        return JsonResponse(
            {
                "status": send.status,
                "status_label": str(send.get_status_display()),
                "pause_reason": send.pause_reason,
                **progress,
                **pace,
                "pace_text": pace_text(send, pace),
            }
        )


def pace_text(send: Send, pace: dict) -> str:
    """The rate and the time left in words, as the progress bar's caption."""
    if send.status == Send.Status.SCHEDULED:
        return f"Starter {timezone.localtime(send.scheduled_at):%d.%m.%Y kl. %H:%M}."
    if send.status == Send.Status.PAUSED:
        return "På pause: ingen e-poster sendes."
    if send.status in (Send.Status.DONE, Send.Status.CANCELLED):
        return f"{send.get_status_display()}."
    if not pace["per_minute"]:
        return "Venter på e-posttjeneren eller på nye forsøk."
    per_minute = pace["per_minute"]
    rate = (f"{per_minute:.0f}" if per_minute >= 10 else f"{per_minute:.1f}".replace(".", ",")) + " e-poster i minuttet"
    seconds = pace["seconds_left"]
    if seconds is None:
        return rate + "."
    if seconds < 60:
        return f"{rate}, under ett minutt igjen."
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{rate}, ca. {minutes} min igjen."
    return f"{rate}, ca. {minutes // 60} t {minutes % 60} min igjen."


CONTROLS = {
    "resume": (resume_send, "Utsendingen fortsetter.", "Bare en utsending på pause kan fortsette."),
    "resend-uncertain": (resend_uncertain, "De usikre leveringene sendes på nytt.", "Ingen usikre leveringer."),
}


def mails(count: int) -> str:
    return "1 e-post" if count == 1 else f"{count} e-poster"


def pause_message(still_going: int) -> str:
    """What a pause means for the mails already on their way, in so many words."""
    if not still_going:
        return "Utsendingen er satt på pause. Ingen flere e-poster sendes før du fortsetter."
    return (
        f"Utsendingen er satt på pause. {mails(still_going)} var allerede på vei til e-posttjeneren "
        "og blir levert; ingen andre sendes før du fortsetter."
    )


class SendControlView(NorwegianMixin, PermissionRequiredMixin, View):
    """Pause, resume and resend the uncertain: one click each, as each can be undone or is asked for."""

    permission_required = "newsletter.change_send"

    def post(self, request, pk: int, action: str):
        get_object_or_404(Send, pk=pk)
        if action == "pause":
            if pause_send(pk):
                messages.success(request, pause_message(in_flight(pk)))
            else:
                messages.error(request, "Utsendingen kunne ikke settes på pause.")
            return redirect("newsletter_admin:send", pk=pk)
        if action not in CONTROLS:
            raise Http404
        function, done, refused = CONTROLS[action]
        if function(pk):
            messages.success(request, done)
        else:
            messages.error(request, refused)
        return redirect("newsletter_admin:send", pk=pk)


class SendCancelView(NorwegianMixin, PermissionRequiredMixin, SendMixin, WagtailAdminTemplateMixin, TemplateView):
    """Cancelling cannot be undone, so it asks first: a page to confirm on, which needs no JavaScript."""

    permission_required = "newsletter.change_send"
    template_name = "newsletter/admin/send_cancel.html"
    header_icon = "mail"
    page_title = "Avbryt utsendingen"
    action_label = "Avbryt utsendingen"

    def get_send(self) -> Send:
        if not hasattr(self, "_send"):
            self._send = get_object_or_404(Send, pk=self.kwargs["pk"])
        return self._send

    def get_page_subtitle(self):
        return self.get_send().issue_title

    def get_context_data(self, **kwargs):
        send = self.get_send()
        return {**super().get_context_data(**kwargs), "send": send, "progress": send.progress()}

    def post(self, request, pk: int):
        send = self.get_send()
        if cancel_send(send.pk):
            still_going = in_flight(send.pk)
            note = (
                f" {mails(still_going)} var allerede på vei til e-posttjeneren og blir levert." if still_going else ""
            )
            messages.success(request, "Utsendingen er avbrutt. Det som ikke var sendt, blir ikke sendt." + note)
        else:
            messages.error(request, "Utsendingen kunne ikke avbrytes: den er allerede ferdig eller avbrutt.")
        return redirect("newsletter_admin:send", pk=send.pk)
