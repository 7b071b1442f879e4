"""Fixed addresses for subscribing and for the secret links in mails.

They live outside the page tree, so renaming or moving the archive page never breaks
a link in a mail already sent.
"""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("takk/", views.signup_done, name="signup_done"),
    path("bekreft/<str:token>/", views.confirm, name="confirm"),
    path("innstillinger/<str:token>/", views.preferences, name="preferences"),
    path("innstillinger/<str:token>/mine-data.json", views.export_data, name="export_data"),
    path("innstillinger/<str:token>/slett/", views.erase, name="erase"),
    path("avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
