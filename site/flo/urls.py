"""The read-only JSON API for the statistics, at a fixed address outside the page tree."""

from django.urls import path

from . import open_data

app_name = "flo_api"

urlpatterns = [
    path("", open_data.api_index, name="index"),
    path("figures/", open_data.api_figures, name="figures"),
    path("municipalities/", open_data.api_municipalities, name="municipalities"),
    path("counties/", open_data.api_counties, name="counties"),
]
