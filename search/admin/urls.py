"""Search's admin URLs, under /admin/sok/ in the namespace search_admin."""

from django.urls import path

from .views import IndexStatusView, QueryStatisticsView

app_name = "search_admin"

urlpatterns = [
    path("statistikk/", QueryStatisticsView.as_view(), name="statistics"),
    path("indeks/", IndexStatusView.as_view(), name="index_status"),
]
