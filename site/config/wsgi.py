"""WSGI entry point for gunicorn."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

if settings.SITE_ADDRESS_CHECKED_AT_START:
    # Production refuses to serve while page links and mails would use different addresses.
    from core.site_address import refuse_to_start_on_disagreement

    refuse_to_start_on_disagreement()
