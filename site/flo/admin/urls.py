"""The statistics' admin URLs, under /admin/flo/ in the namespace flo_admin."""

from django.urls import path

from . import views

app_name = "flo_admin"

urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<uuid:token>/", views.CheckImportView.as_view(), name="check"),
    path("import/<uuid:token>/avbryt/", views.CancelImportView.as_view(), name="cancel"),
    path("import/mal.<str:file_format>", views.TemplateDownloadView.as_view(), name="template"),
    path("importer/", views.BatchListView.as_view(), name="batches"),
    path("importer/<int:pk>/", views.BatchDetailView.as_view(), name="batch"),
    path("importer/<int:pk>/fil/", views.BatchFileView.as_view(), name="batch_file"),
    path("importer/<int:pk>/rull-tilbake/", views.RollbackView.as_view(), name="rollback"),
]
