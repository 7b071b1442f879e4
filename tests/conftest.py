"""Fixtures that read like the domain: a site with a home page and its sections; a real SMTP server."""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.db import connections
from django.test import Client, TestCase
from wagtail.models import Site

from pages.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    ChapterPageFactory,
    GuidancePageFactory,
    ReportPageFactory,
    make_site_root,
)
from tests.seeded_data import SeededData

# --- Every test starts from the migrated database, whatever ran before it ------------------

SEEDED_DATA = pytest.StashKey[SeededData]()
DB_BLOCKER = pytest.StashKey[object]()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The migrated test databases, and a copy of what their migrations seeded (tests/seeded_data.py).

    Unlike pytest-django's own, it always sets up every database, also for a run of
    browser tests alone (they use the database without a `django_db` mark), and it
    serialises nothing: the copy replaces `serialized_rollback`.
    """
    from django.test.utils import setup_databases, teardown_databases

    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=request.config.option.verbose, interactive=False, keepdb=keepdb)
        request.config.stash[SEEDED_DATA] = SeededData.take(list(connections))
    request.config.stash[DB_BLOCKER] = django_db_blocker
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            end_sessions_left_open()
            teardown_databases(config, verbosity=request.config.option.verbose)


def end_sessions_left_open() -> None:
    """On PostgreSQL, end the connections still open on a test database, so that it can be dropped.

    A request thread of a live server or a child process still finishing when the session
    ends holds one; PostgreSQL then refuses DROP DATABASE and the run ends in an error.
    What was left open is reported as a warning, naming its last query.
    """
    import warnings

    for connection in connections.all():
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid), left(query, 200) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            ended = [query for _terminated, query in cursor.fetchall()]
        connection.close()
        if ended:
            warnings.warn(f"{len(ended)} database session(s) left open at the end: {ended}", stacklevel=1)


@pytest.fixture(scope="session")
def seeded_data(request, django_db_setup) -> SeededData:
    return request.config.stash[SEEDED_DATA]


def commits_to_the_database(item: pytest.Item) -> bool:
    """True for a test that runs outside a rolled-back transaction, as pytest-django decides it."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a test that committed (and Django's flush), write the migrations' rows back."""
    try:
        return (yield)
    finally:
        seeded = item.config.stash.get(SEEDED_DATA, None)
        # Without a next test the session's teardown has just dropped the test database.
        if seeded is not None and nextitem is not None and commits_to_the_database(item):
            with item.config.stash[DB_BLOCKER].unblock():
                seeded.restore()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave cached furniture."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A home page that is the root of the default site (replacing Wagtail's welcome page)."""
    return make_site_root()


@pytest.fixture
def campaign_index(home_page):
    return CampaignIndexPageFactory(parent=home_page)


@pytest.fixture
def campaign_page(campaign_index):
    return CampaignPageFactory(parent=campaign_index, title="Bli fastlege i Nord-Norge")


@pytest.fixture
def guidance_page(home_page):
    return GuidancePageFactory(parent=home_page, title="Organisering av programmet")


@pytest.fixture
def report(home_page):
    return ReportPageFactory(parent=home_page, title="Årsrapport 2025", year=2025)


@pytest.fixture
def chapter_factory():
    return ChapterPageFactory


@pytest.fixture
def report_with_chapters(report):
    """A report with chapters 1, 2, 2.1 and 2.2."""
    one = ChapterPageFactory(parent=report, title="Innledning")
    two = ChapterPageFactory(parent=report, title="Resultater")
    two_one = ChapterPageFactory(parent=two, title="Rekruttering")
    two_two = ChapterPageFactory(parent=two, title="Stabilitet")
    return report, {"1": one, "2": two, "2.1": two_one, "2.2": two_two}


class CommittingClient(Client):
    """A test client whose requests run their on-commit callbacks, as the request's commit would.

    Each test runs inside a transaction that never commits, so without this the work a
    view queues "once the change has committed" (the outbox's mails, index updates) would
    never run. Callbacks queued by the test itself outside a request are left alone.
    """

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client() -> Client:
    return CommittingClient()


@pytest.fixture
def site_client(client):
    """A test client that talks to the default site's host."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo content, loaded once per module and rolled back afterwards."""
    import io

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", "--force", stdout=io.StringIO())
        yield Site.objects.get(is_default_site=True)
        transaction.set_rollback(True)
    cache.clear()


def pytest_sessionfinish(session, exitstatus):
    """Remove the throw-away media folder the test settings created for this run."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings

    media = Path(settings.MEDIA_ROOT)
    if media.name.startswith("allmenn-media-") and media.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(media, ignore_errors=True)


# --- Admin users ------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    """A member of Redaktører (Wagtail's Editors), which the apps' migrations give their permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from core.admin.groups import EDITORS

    user = get_user_model().objects.create_user("redaktor", "redaktor@example.test", "pw", first_name="Kari")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def communications_officer(db):
    """A member of Kommunikasjonsansvarlig: sends newsletters, keeps the subscriber list, imports FLO figures."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("kommunikasjon", "kommunikasjon@example.test", "pw", first_name="Per")
    user.groups.add(Group.objects.get(name="Kommunikasjonsansvarlig"))
    return user


@pytest.fixture
def communications_client(client, communications_officer):
    client.force_login(communications_officer)
    return client


@pytest.fixture
def superuser_client(client, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.test", "pw"))
    return client


@pytest.fixture
def outsider_client(client, db):
    """Logged in to the admin, but with none of the apps' own permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("gjest", "gjest@example.test", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


# --- A real SMTP server -------------------------------------------------------------------
# `smtp_server` runs aiosmtpd in this process on a free port and points Django's SMTP
# backend at it; its `messages` are the parsed mails in the order the server accepted
# them, and `reply` can make the server answer 4xx or 5xx to chosen recipients. The
# newsletter and the conference both send through it.


@dataclass
class SmtpSink:
    """What the SMTP server saw, and how it should answer."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list = field(default_factory=list)
    envelopes: list = field(default_factory=list)
    # recipient address (lower case) -> list of SMTP replies to give, one per attempt,
    # e.g. ["451 4.3.0 Try again later"]; when a list runs out, the mail is accepted.
    replies: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reply(self, address: str, *answers: str) -> None:
        self.replies.setdefault(address.lower(), []).extend(answers)

    def to(self, address: str) -> list:
        return [m for m in self.messages if address.lower() in (m["To"] or "").lower()]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            queued = self.replies.get(address.lower())
            if queued:
                return queued.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    sink = SmtpSink(port=free_port())
    controller = Controller(sink, hostname=sink.host, port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()
