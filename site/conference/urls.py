"""Fixed addresses for registering and for the secret links in mails (at /konferanse-pamelding/).

They live outside the page tree, so renaming or moving a conference page never breaks a
link in a mail already sent. The staff's check-in page is at /konferanse-innsjekk/
(config/urls.py, conference/admin/views.py).
"""

from django.urls import path

from . import views

app_name = "conference"

urlpatterns = [
    path("<int:conference_id>/", views.register, name="register"),
    path("<int:conference_id>/takk/", views.thanks, name="thanks"),
    path("send-lenke/", views.resend_link, name="resend_link"),
    path("send-lenke/sendt/", views.resend_link_done, name="resend_link_done"),
    path("p/<str:token>/", views.manage, name="manage"),
    path("p/<str:token>/avmeld/", views.cancel, name="cancel"),
    path("p/<str:token>/kalender.ics", views.calendar_file, name="calendar"),
    path("p/<str:token>/tilbud/", views.offer, name="offer"),
]
