"""Wagtail's document addresses, with an id the database can hold.

Wagtail matches `^(\\d+)/(.*)$`, so a 5000-digit id reaches the ORM, whose int() refuses it
(Python's digit limit) and the visitor gets a server error. The same views under the same
names, with at most 18 digits (any bigint id): longer ids find no pattern and answer 404.
"""

from django.urls import path, re_path
from wagtail.documents.views import serve

urlpatterns = [
    re_path(r"^([0-9]{1,18})/(.*)$", serve.serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
