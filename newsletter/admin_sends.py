"""Admin for sends: send now or schedule, a test to a few addresses, pause, resume,
cancel, live progress and the per-recipient history of each send."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminDateTimeInput, Button

from core.admin_helpers import NorwegianMixin, PermissionMenuItem
from core.mail.addresses import clean_email

from .models import Delivery, NewsletterIssuePage, Send, Status, Subscriber, Suppression
from .sending import SendError, cancel_send, pause_send, resend_uncertain, resume_send, schedule_send

MAX_TEST_ADDRESSES = 10


def audience_size(issue: NewsletterIssuePage) -> int:
    return (
        Subscriber.objects.filter(status=Status.CONFIRMED, topics=issue.topic_id)
        .exclude(email_hash__in=Suppression.objects.values("email_hash"))
        .count()
    )


class IssueMixin:
    def get_issue(self) -> NewsletterIssuePage:
        issue = get_object_or_404(NewsletterIssuePage, pk=self.kwargs["page_id"])
        if not issue.permissions_for_user(self.request.user).can_edit():
            raise Http404
        return issue


class SendForm(forms.Form):
    when = forms.ChoiceField(
        label="Når",
        choices=[("now", "Send nå"), ("later", "Planlegg tidspunkt")],
        widget=forms.RadioSelect,
        initial="now",
    )
    at = forms.DateTimeField(label="Tidspunkt", required=False, widget=AdminDateTimeInput())
    confirm = forms.BooleanField(label="Jeg har sett over forhåndsvisningen og testen, og vil sende utgaven.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("when") == "later":
            at = cleaned.get("at")
            if not at:
                self.add_error("at", "Velg når utgaven skal sendes.")
            elif at <= timezone.now():
                self.add_error("at", "Tidspunktet må være fram i tid.")
        return cleaned


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
            audience=audience_size(issue),
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


def parse_addresses(raw: str) -> list[str]:
    candidates = [part for part in raw.replace(";", ",").replace("\n", ",").split(",") if part.strip()]
    if not candidates:
        raise ValidationError("Skriv minst én adresse.")
    if len(candidates) > MAX_TEST_ADDRESSES:
        raise ValidationError(f"Høyst {MAX_TEST_ADDRESSES} adresser per test.")
    addresses, errors = [], []
    for candidate in candidates:
        try:
            addresses.append(clean_email(candidate.strip("\r\t ")))
        except ValidationError:
            errors.append(candidate.strip()[:80])
    if errors:
        raise ValidationError("Ugyldige adresser: " + ", ".join(errors))
    return list(dict.fromkeys(addresses))


class TestSendForm(forms.Form):
    addresses = forms.CharField(
        label="Adresser",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Én eller flere, skilt med komma eller linjeskift (høyst {MAX_TEST_ADDRESSES}).",
    )
    language = forms.ChoiceField(label="Språk", choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], initial="nb")

    def clean_addresses(self):
        return parse_addresses(self.cleaned_data["addresses"])


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
        from .tasks import send_test_task

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
        from django.core.paginator import Paginator

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


admin_urlpatterns = [
    path("utgave/<int:page_id>/send/", SendIssueView.as_view(), name="send_issue"),
    path("utgave/<int:page_id>/test/", SendTestView.as_view(), name="send_test"),
    path("utsendinger/", SendListView.as_view(), name="sends"),
    path("utsendinger/<int:pk>/", SendDetailView.as_view(), name="send"),
    path("utsendinger/<int:pk>/fremdrift.json", SendProgressView.as_view(), name="send_progress"),
    path("utsendinger/<int:pk>/<slug:action>/", SendControlView.as_view(), name="send_control"),
]


@hooks.register("register_admin_urls")
def register_send_admin_urls():
    return [path("nyhetsbrev/", include((admin_urlpatterns, "newsletter_admin"), namespace="newsletter_admin"))]


@hooks.register("register_newsletter_menu_item")
def register_sends_menu_item():
    return PermissionMenuItem(
        "Utsendinger", reverse("newsletter_admin:sends"), icon_name="mail", order=10, permission="newsletter.view_send"
    )


@hooks.register("register_page_header_buttons")
def issue_send_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, NewsletterIssuePage) or not user.has_perm("newsletter.add_send"):
        return
    yield Button("Send test", reverse("newsletter_admin:send_test", args=[page.pk]), icon_name="mail", priority=80)
    if page.live:
        yield Button(
            "Send utgaven", reverse("newsletter_admin:send_issue", args=[page.pk]), icon_name="mail", priority=81
        )
