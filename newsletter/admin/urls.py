"""The newsletter's admin URLs besides its viewsets': sends under /admin/nyhetsbrev/, and the
subscriber import and overview under /admin/nyhetsbrev/abonnenter-…/."""

from __future__ import annotations

from django.urls import include, path

from .sends import (
    SendCancelView,
    SendControlView,
    SendDetailView,
    SendIssueView,
    SendListView,
    SendProgressView,
    SendTestView,
)
from .subscribers import ConfirmationRequestView, ImportView, OverviewView

send_urlpatterns = [
    path("utgave/<int:page_id>/send/", SendIssueView.as_view(), name="send_issue"),
    path("utgave/<int:page_id>/test/", SendTestView.as_view(), name="send_test"),
    path("utsendinger/", SendListView.as_view(), name="sends"),
    path("utsendinger/<int:pk>/", SendDetailView.as_view(), name="send"),
    path("utsendinger/<int:pk>/fremdrift.json", SendProgressView.as_view(), name="send_progress"),
    path("utsendinger/<int:pk>/avbryt/", SendCancelView.as_view(), name="send_cancel"),
    path("utsendinger/<int:pk>/<slug:action>/", SendControlView.as_view(), name="send_control"),
]

subscriber_urlpatterns = [
    path("import/", ImportView.as_view(), name="import"),
    path("oversikt/", OverviewView.as_view(), name="overview"),
    path("bekreftelser/", ConfirmationRequestView.as_view(), name="confirmations"),
]

urlpatterns = [
    path("nyhetsbrev/", include((send_urlpatterns, "newsletter_admin"), namespace="newsletter_admin")),
    path("nyhetsbrev/abonnenter-", include((subscriber_urlpatterns, "newsletter_subscriber_admin"))),
]
