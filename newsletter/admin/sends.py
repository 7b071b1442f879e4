"""Admin views for sends: send now or schedule, a test to a few addresses, pause, resume,
cancel, live progress and the per-recipient history of each send."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.admin.helpers import NorwegianMixin

from ..models import Delivery, NewsletterIssuePage, Send
from ..sending import SendError, audience, cancel_send, pause_send
from ..tasks import resend_uncertain, resume_send, schedule_send, send_test_task
from .forms import SendForm, TestSendForm


class IssueMixin:
    def get_issue(self) -> NewsletterIssuePage:
        issue = get_object_or_404(NewsletterIssuePage, pk=self.kwargs["page_id"])
        if not issue.permissions_for_user(self.request.user).can_edit():
            raise Http404
        return issue


class SendIssueView(NorwegianMixin, PermissionRequiredMixin, IssueMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "newsletter.add_send"
    template_name = "newsletter/admin/send_issue.html"
    form_class = SendForm
    header_icon = "mail"

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

    def get_queryset(self):
        return Send.objects.select_related("topic", "created_by").order_by("-created_at", "-pk")


class SendDetailView(NorwegianMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin, DetailView):
    permission_required = "newsletter.view_send"
    template_name = "newsletter/admin/send_detail.html"
    header_icon = "mail"
    model = Send
    context_object_name = "send"

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
        context.update(
            progress=self.object.progress(),
            deliveries=page,
            status_filter=status,
            statuses=Delivery.Status.choices,
            uncertain=self.object.deliveries.filter(status=Delivery.Status.UNCERTAIN).only("email", "note")[:50],
            can_control=self.request.user.has_perm("newsletter.change_send"),
        )
        return context


class SendProgressView(PermissionRequiredMixin, View):
    permission_required = "newsletter.view_send"

    def get(self, request, pk: int):
        send = get_object_or_404(Send, pk=pk)
        return JsonResponse({"status": send.status, "pause_reason": send.pause_reason, **send.progress()})


CONTROLS = {
    "pause": (pause_send, "Utsendingen er satt på pause.", "Utsendingen kunne ikke settes på pause."),
    "resume": (resume_send, "Utsendingen fortsetter.", "Bare en utsending på pause kan fortsette."),
    "cancel": (cancel_send, "Utsendingen er avbrutt. Det som ikke var sendt, blir ikke sendt.", "Kunne ikke avbryte."),
    "resend-uncertain": (resend_uncertain, "De usikre leveringene sendes på nytt.", "Ingen usikre leveringer."),
}


class SendControlView(NorwegianMixin, PermissionRequiredMixin, View):
    permission_required = "newsletter.change_send"

    def post(self, request, pk: int, action: str):
        if action not in CONTROLS:
            raise Http404
        function, done, refused = CONTROLS[action]
        get_object_or_404(Send, pk=pk)
        if function(pk):
            messages.success(request, done)
        else:
            messages.error(request, refused)
        return redirect("newsletter_admin:send", pk=pk)
