"""Fixtures that read like the domain: a site with a home page and its sections."""

import pytest
from wagtail.models import Site

from pages.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    ChapterPageFactory,
    GuidancePageFactory,
    ReportPageFactory,
    make_site_root,
)


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
    """A member of Wagtail's Editors group, which the apps' migrations give their permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("redaktor", "redaktor@example.test", "pw", first_name="Kari")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
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
