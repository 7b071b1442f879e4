"""Core's admin URLs: the language report (under Reports)."""

from django.urls import path

from .views import LanguageReportView

urlpatterns = [
    path("reports/language/", LanguageReportView.as_view(), name="language_report"),
]
