"""Settings for a `newsletter_worker` run as a subprocess of a test: the test settings,
with real SMTP to the test's server and the limits the test chooses.

The database comes from DATABASE_URL (the test's own database); the rest from
WORKER_EMAIL_PORT and the NEWSLETTER_* variables that base.py reads.
"""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_EMAIL_PORT"])
EMAIL_USE_TLS = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 30
