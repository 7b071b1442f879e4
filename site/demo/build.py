"""Build the demo site from the page specs; running it again changes nothing.

Pages are made in two passes. The first finds or creates every page in the tree, so
that every page has an id; the second fills in and publishes only the pages that
have never been published, so texts can link to any page and a second run
publishes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core import site_address
from core.admin.groups import MODERATORS
from core.models import Footnote, NavigationSettings, OrganisationSettings, PublicVersion

from .conference import build_conferences
from .content import HOME
from .documents import ensure_documents
from .images import ensure_images
from .newsletter import build_newsletter
from .podcast import build_podcast
from .search import ensure_search_page, ensure_synonyms, rebuild_search_index
from .spec import Edition, PageSpec
from .statistics import STATISTICS_SLUG, build_statistics, ensure_statistics_page
from .stream import Refs, attachment, paragraph

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Demodata"
WORKFLOW_NAME = "Faglig godkjenning"
MODERATORS_GROUP = MODERATORS
ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "allmenn-demo"  # noqa: S105 - a local demo login, printed for the developer


@dataclass
class DemoResult:
    pages_created: int
    pages_total: int
    home: Page
    admin_created: bool


def load_demo_site(admin_password: str = DEFAULT_ADMIN_PASSWORD, *, reset: bool = False) -> DemoResult:
    """Create whatever part of the demo site is missing, in one transaction, then rebuild
    the search index from it."""
    with transaction.atomic():
        if reset:
            remove_demo_site()
        collection = demo_collection()
        refs = Refs(images=ensure_images(collection), documents=ensure_documents(collection))
        home = ensure_home()
        site = ensure_default_site(home)
        refs.pages[HOME.key] = home
        pending: list[tuple[PageSpec, Page]] = []
        if not home_is_complete(home):
            pending.append((HOME, home))
        ensure_children(HOME, home, refs, pending)
        statistics = ensure_statistics_page(home)
        refs.pages[STATISTICS_SLUG] = statistics
        now = timezone.now()
        for spec, page in pending:
            publish_editions(spec, page, refs, now)
        build_podcast(home, refs, collection)
        build_statistics(statistics, refs)
        build_newsletter(home, refs)
        build_conferences(home, refs)
        ensure_search_page(home)
        ensure_synonyms()
        configure_settings(site, refs)
        configure_workflows(refs)
        admin_created = ensure_admin(admin_password)
    # After the commit, so the index holds what the database holds.
    rebuild_search_index()
    total = sum(1 for _ in HOME.walk())
    logger.debug("Demo site: %d of %d pages created", len(pending), total)
    return DemoResult(pages_created=len(pending), pages_total=total, home=home, admin_created=admin_created)


# --- Reset -----------------------------------------------------------------------------


def remove_demo_site() -> None:
    """Delete the demo pages, images and documents, so the next load starts afresh.

    Deleting the home page also deletes its Site (Site.root_page cascades); the
    load recreates both.
    """
    home_model = apps.get_model("pages", "HomePage")
    for home in home_model.objects.all():
        home.delete()
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is not None:
        get_image_model().objects.filter(collection=collection).delete()
        get_document_model().objects.filter(collection=collection).delete()


# --- Collection, home and site -----------------------------------------------------------


def demo_collection() -> Collection:
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(name=COLLECTION_NAME)


def root_page() -> Page:
    """The root of the page tree, recreated if the database was flushed.

    Wagtail's migrations create the root page and the default locale; a flush (as
    between browser tests on a live server) removes them, and the demo must still load.
    """
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_home() -> Page:
    """Return the home page, replacing Wagtail's default welcome page on a fresh database."""
    home_model = apps.get_model("pages", "HomePage")
    home = home_model.objects.first()
    if home is not None:
        return home
    root = root_page()
    for page in root.get_children():
        # Wagtail's migration creates a plain Page ("Welcome to your new Wagtail site!").
        if page.specific_class is Page:
            page.delete()
    home = home_model(title=HOME.title, slug=HOME.slug, hero_heading=HOME.title, live=False)
    root.add_child(instance=home)
    return home


def home_is_complete(home: Page) -> bool:
    return bool(home.live and home.hero_image_id and home.quick_links)


def ensure_default_site(home: Page) -> Site:
    """Point the default site at the home page, at the address the site is served on (WAGTAILADMIN_BASE_URL)."""
    hostname, port = site_address.host_and_port(site_address.base_url())
    site = (
        Site.objects.filter(is_default_site=True).first() or Site.objects.filter(hostname=hostname, port=port).first()
    )
    site = site or Site()
    wanted = {
        "root_page_id": home.pk,
        "is_default_site": True,
        "hostname": hostname,
        "port": port,
        "site_name": HOME.title,
    }
    if site.pk is None or any(getattr(site, name) != value for name, value in wanted.items()):
        for name, value in wanted.items():
            setattr(site, name, value)
        site.save()
    return site


# --- Pages -------------------------------------------------------------------------------


def ensure_children(spec: PageSpec, parent: Page, refs: Refs, pending: list[tuple[PageSpec, Page]]) -> None:
    """First pass: find or create each child page by slug, and note those never published."""
    for child_spec in spec.children:
        page = parent.get_children().filter(slug=child_spec.slug).specific().first()
        if page is None:
            page = create_placeholder(child_spec, parent)
        refs.pages[child_spec.key] = page
        if page.live_revision_id is None:
            pending.append((child_spec, page))
        ensure_children(child_spec, page, refs, pending)


def create_placeholder(spec: PageSpec, parent: Page) -> Page:
    """An unpublished page with just enough content to be valid; publish_editions fills it in."""
    model = apps.get_model("pages", spec.model)
    page = model(title=spec.title, slug=spec.slug, language=spec.language, summary=spec.summary, live=False)
    if hasattr(page, "body"):
        page.body = [paragraph(f"<p>{escape(spec.summary or spec.title)}</p>")]
    parent.add_child(instance=page)
    return page


def publish_editions(spec: PageSpec, page: Page, refs: Refs, now: datetime) -> None:
    """Second pass: publish each edition of the page in turn, then date them in the past."""
    revisions = []
    for edition in spec.editions:
        page = type(page).objects.get(pk=page.pk)
        apply_edition(page, spec, edition, refs)
        revision = page.save_revision()
        revision.publish()
        revisions.append(revision)
    backdate(spec, page, revisions, now)


def apply_edition(page: Page, spec: PageSpec, edition: Edition, refs: Refs) -> None:
    page.title = spec.title
    page.language = spec.language
    page.summary = spec.summary
    page.social_image = refs.images[spec.social_image] if spec.social_image else None
    page.social_text = spec.social_text
    # Every publish answers the substantive-change question afresh, as the admin form does.
    page.substantive_change = bool(edition.change_note)
    page.change_note = edition.change_note
    if edition.body is not None:
        page.body = edition.body(refs)
    for name, value in spec.fields(refs).items():
        setattr(page, name, value)
    page.footnotes = [Footnote(key=key, text=text, sort_order=i) for i, (key, text) in enumerate(spec.footnotes)]
    if spec.tags:
        page.tags.set(list(spec.tags))
    if spec.attachments:
        page.attachments = [attachment(refs.documents[key].pk, title) for key, title in spec.attachments]


def publish_time(spec: PageSpec, days_ago: int, now: datetime) -> datetime:
    """A working-hours time some days ago, varied per page so lists do not tie."""
    minutes = sum(map(ord, spec.key)) % 420  # between 08:00 and 15:00 UTC
    day = (now - timedelta(days=days_ago)).replace(hour=8, minute=0, second=0, microsecond=0)
    return day + timedelta(minutes=minutes)


def backdate(spec: PageSpec, page: Page, revisions: list[Revision], now: datetime) -> None:
    """Give the page the dates of a page that has lived for a while, versions included."""
    times = [publish_time(spec, edition.days_ago, now) for edition in spec.editions]
    for revision, when in zip(revisions, times, strict=True):
        Revision.objects.filter(pk=revision.pk).update(created_at=when)
        PageLogEntry.objects.filter(revision=revision).update(timestamp=when)
        PublicVersion.objects.filter(revision=revision).update(published_at=when)
    substantive = [when for edition, when in zip(spec.editions, times, strict=True) if edition.change_note]
    Page.objects.filter(pk=page.pk).update(
        first_published_at=times[0], last_published_at=times[-1], latest_revision_created_at=times[-1]
    )
    type(page).objects.filter(pk=page.pk).update(last_substantive_change_at=substantive[-1] if substantive else None)


# --- Settings, workflows and the admin user ---------------------------------------------------


def configure_settings(site: Site, refs: Refs) -> None:
    """Fill in the site settings, leaving alone anything an editor has already set."""
    organisation = OrganisationSettings.for_site(site)
    wanted = {
        "owner": "Helsedirektoratet",
        "address": "Allmennlegeprogrammet\nEksempelveien 1\n0000 Oslo",
        "email": "post@allmenn.example",
        "phone": "00 00 00 00",
        "organisation_number": "000 000 000",
        "accessibility_statement": refs.pages["tilgjengelighet"],
        "privacy_page": refs.pages["personvern"],
    }
    missing = {name: value for name, value in wanted.items() if not getattr(organisation, name)}
    if missing:
        for name, value in missing.items():
            setattr(organisation, name, value)
        organisation.save()

    navigation = NavigationSettings.for_site(site)
    if not navigation.header_links and not navigation.footer_links:
        navigation.header_links = [
            {"type": "link", "value": refs.link(key, text)}
            for key, text in (
                ("om-programmet", ""),
                ("tilskuddsordninger", ""),
                ("handlingsplan", "Handlingsplanen"),
                ("kampanjer", ""),
                ("arsrapport-2025", "Årsrapport"),
                ("statistikk", "Statistikk"),
                ("podkast", "Podkast"),
                ("nyhetsbrev", "Nyhetsbrev"),
                ("konferanse", "Konferanse"),
            )
        ]
        navigation.footer_links = [
            {"type": "link", "value": refs.link(key, text)}
            for key, text in (("kontakt", ""), ("fastlegeordningen-i-tall", ""), ("english", "In English"))
        ]
        navigation.save()


def configure_workflows(refs: Refs) -> None:
    """Moderate guidance and reports; let campaigns and the home page publish directly.

    Wagtail's default workflow is assigned to the root page and so covers every page;
    the demo moves moderation to the guidance sections and the reports instead.
    """
    moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    WorkflowPage.objects.filter(page__depth=1).delete()
    moderated = [spec.key for spec in HOME.children if spec.model in ("GuidancePage", "ReportPage")]
    for key in moderated:
        WorkflowPage.objects.update_or_create(page=refs.pages[key], defaults={"workflow": workflow})


def ensure_admin(password: str) -> bool:
    """Make sure the demo superuser exists with the given password; return whether it was created."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user_model.objects.create_superuser(
            ADMIN_USERNAME, "admin@allmenn.localhost", password, first_name="Demo", last_name="Redaktør"
        )
        return True
    if not (user.is_superuser and user.is_active and user.check_password(password)):
        user.is_superuser = user.is_staff = user.is_active = True
        user.set_password(password)
        user.save()
    return False
