"""The admin's URL patterns, under /admin/konferanse/ (registered by wagtail_hooks.py).

The staff's check-in page is not among them: the QR code's address is /konferanse-innsjekk/<token>/
(config/urls.py), outside the admin, so that a code already mailed never changes.
"""

from django.urls import path

from . import views

app_name = "conference_admin"

urlpatterns = [
    path("", views.ConferenceListView.as_view(), name="conferences"),
    path("<int:conference_id>/", views.OverviewView.as_view(), name="overview"),
    path("<int:conference_id>/pameldte/", views.RegistrationListView.as_view(), name="registrations"),
    path("<int:conference_id>/pameldte/ny/", views.AddRegistrationView.as_view(), name="add"),
    path("<int:conference_id>/melding/", views.MessageView.as_view(), name="message"),
    path("<int:conference_id>/eksport.<str:file_format>", views.ExportView.as_view(), name="export"),
    path(
        "<int:conference_id>/eksport-sensitivt.<str:file_format>",
        views.ExportView.as_view(sensitive=True),
        name="export_sensitive",
    ),
    path("pamelding/<int:pk>/", views.RegistrationDetailView.as_view(), name="registration"),
    path("pamelding/<int:pk>/avmeld/", views.CancelView.as_view(), name="cancel"),
    path("pamelding/<int:pk>/flytt/", views.MoveView.as_view(), name="move"),
    path("pamelding/<int:pk>/oppmote/", views.AttendanceView.as_view(), name="attendance"),
]
