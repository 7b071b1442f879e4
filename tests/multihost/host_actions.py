"""What the two-host test does on host A: run as a script in host A's environment
(production settings, host A's own var/ directory, the shared PostgreSQL, Redis and S3).

    python tests/multihost/host_actions.py <action> '<json arguments>'

It prints one line, `RESULT <json>`, with what the test needs to know. Each action is one
short process, as an editor's request or a deploy step would be: whatever it changes
reaches host B only through the shared services.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULT_PREFIX = "RESULT "

# Real files made here: a PDF for the restricted document, a tone as MP3 for each episode.
DOCUMENT_LINES = ["Referat fra fagrådet.", "Bare for medlemmer av fagrådet."]
AUDIO_SECONDS = 3.0


def deploy(_arguments: dict) -> dict:
    """The deploy steps after `migrate` (static files, the site's address) and a minimal site:
    a home page, a page in the header menu, the search page, a podcast show with one
    episode, and a document in a collection only a group may read, with a member."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.test import override_settings
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    from core.models import NavigationSettings
    from demo.audio import make_mp3
    from demo.documents import make_pdf
    from demo.search import ensure_search_page
    from pages.factories import GuidancePageFactory, make_site_root
    from podcast.factories import PodcastArtworkFactory, PodcastEpisodePageFactory, PodcastShowPageFactory

    # The same manifest and hashed names as a deploy's collectstatic, without the gzip and
    # brotli copies beside them (25 s of compression that no test here reads).
    manifest_only = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=manifest_only):
        call_command("collectstatic", interactive=False, verbosity=0)

    home = make_site_root(title="Allmennlegeprogrammet")
    call_command("set_site_address", verbosity=0)
    menu_page = GuidancePageFactory(parent=home, title="Organisering av programmet", slug="organisering")
    navigation = NavigationSettings.for_site(home.get_site())
    navigation.header_links = [{"type": "link", "value": {"page": menu_page.pk, "url": "", "text": ""}}]
    navigation.save()
    search_page = ensure_search_page(home)

    show = PodcastShowPageFactory(parent=home, artwork=PodcastArtworkFactory(), publish=True)
    audio = make_mp3(AUDIO_SECONDS, seed=1)
    episode = PodcastEpisodePageFactory(parent=show, title="Første episode", audio=audio, publish=True)

    members = Group.objects.create(name="Fagråd")
    collection = Collection.get_first_root_node().add_child(name="Fagrådet")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    pdf = make_pdf("Referat", DOCUMENT_LINES)
    document = get_document_model().objects.create(
        title="Referat fra fagrådet", collection=collection, file=ContentFile(pdf, name="referat.pdf")
    )
    member = _user("fagrad", members)

    return {
        "home": home.url,
        "menu_page": {"id": menu_page.pk, "url": menu_page.url, "title": menu_page.title},
        "search": search_page.url,
        "feed": show.url + show.feed_path,
        "show_id": show.pk,
        "episode": {"url": episode.url, "audio": episode.audio_path(), "audio_bytes": _base64(audio)},
        "document": {"url": document.url, "bytes": _base64(pdf)},
        "member": {"username": member.username, "password": PASSWORD},
    }


PASSWORD = "fagrad-passord-for-testen"  # a user of a throw-away database


def _user(username: str, group):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=PASSWORD, email=f"{username}@allmenn.test")
    user.groups.add(group)
    return user


def _base64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode()


def publish_title(arguments: dict) -> dict:
    """An editor's publication of a new title, through a revision as the admin does it."""
    from wagtail.models import Page

    page = Page.objects.get(pk=arguments["page_id"]).specific
    page.title = arguments["title"]
    page.save_revision().publish()
    return {"title": page.title}


def publish_episode(arguments: dict) -> dict:
    """A new episode with its audio uploaded here, published."""
    from demo.audio import make_mp3
    from podcast.factories import PodcastEpisodePageFactory
    from podcast.models import PodcastShowPage

    show = PodcastShowPage.objects.get(pk=arguments["show_id"])
    audio = make_mp3(AUDIO_SECONDS, seed=arguments.get("seed", 2))
    episode = PodcastEpisodePageFactory(parent=show, title=arguments["title"], audio=audio, publish=True)
    return {"url": episode.url, "audio": episode.audio_path(), "audio_bytes": _base64(audio)}


ACTIONS = {"deploy": deploy, "publish_title": publish_title, "publish_episode": publish_episode}


def main() -> None:
    action, arguments = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    if os.environ.get("DJANGO_SETTINGS_MODULE") != "config.settings.production":
        raise SystemExit("host_actions.py runs with host A's production settings only.")
    import django

    django.setup()
    print(RESULT_PREFIX + json.dumps(ACTIONS[action](arguments)), flush=True)


if __name__ == "__main__":
    main()
