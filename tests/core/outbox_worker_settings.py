"""Settings for a real `manage.py db_worker` started by tests/core/test_outbox.py: the test
settings, with the database task queue and real SMTP to the test's server.

The database comes from DATABASE_URL (the test's own database), the SMTP port from
WORKER_EMAIL_PORT.
"""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_EMAIL_PORT"])
EMAIL_USE_TLS = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 30
