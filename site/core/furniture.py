"""The site's furniture (organisation details, header and footer links), cached.

Every public page shows it, and building it costs five queries; the cached version
costs none. The cache key carries the settings' version and the page tree's (core.page_tree),
so editors see their changes on the next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Site

from . import cache_versions
from .models import NavigationSettings, OrganisationSettings, SiteIdentity
from .page_tree import page_tree_version

VERSION_KEY = "allmenn:furniture:version"
TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class MenuLink:
    href: str
    label: str
    page_id: int | None


@dataclass(frozen=True)
class Furniture:
    name: str
    owner: str
    address: str
    email: str
    phone: str
    organisation_number: str
    accessibility_href: str
    privacy_href: str
    header_links: tuple[MenuLink, ...]
    footer_links: tuple[MenuLink, ...]
    logo_url: str = ""
    accent_colour: str = ""
    # The contact details are placeholders (an address on the reserved .example domain,
    # RFC 2606): the footer says so rather than passing them off as real.
    contact_is_example: bool = False


def current_version() -> str:
    """The furniture's version: its settings' and the page tree's (menus link to pages)."""
    return f"{cache_versions.current_version(VERSION_KEY)}-{page_tree_version()}"


def invalidate() -> None:
    cache_versions.bump_version(VERSION_KEY)


def _links(stream) -> tuple[MenuLink, ...]:
    links = []
    for block in stream:
        value = block.value
        page = value.get("page")
        if page is not None and not page.live:
            continue  # an unpublished page drops out of the menu instead of leading to a 404
        links.append(MenuLink(href=value.href, label=value.label, page_id=page.pk if page else None))
    return tuple(links)


def build_furniture(site: Site) -> Furniture:
    organisation = OrganisationSettings.for_site(site)
    navigation = NavigationSettings.for_site(site)
    privacy = organisation.privacy_page
    identity = SiteIdentity.for_site(site)
    return Furniture(
        name=organisation.name,
        owner=organisation.owner,
        address=organisation.address,
        email=organisation.email,
        phone=organisation.phone,
        organisation_number=organisation.organisation_number,
        accessibility_href=organisation.accessibility_href,
        privacy_href=(privacy.url or "") if privacy and privacy.live else "",
        header_links=_links(navigation.header_links),
        footer_links=_links(navigation.footer_links),
        logo_url=identity.logo.get_rendition("height-80").url if identity.logo else "",
        accent_colour=identity.accent_colour,
        contact_is_example=organisation.email.lower().endswith(".example"),
    )


def furniture_for(site: Site | None) -> Furniture | None:
    if site is None:
        return None
    key = f"allmenn:furniture:{site.pk}:{current_version()}"
    furniture = cache.get(key)
    if furniture is None:
        furniture = build_furniture(site)
        cache.set(key, furniture, TIMEOUT)
    return furniture


@receiver(post_save, sender=OrganisationSettings)
@receiver(post_save, sender=NavigationSettings)
@receiver(post_save, sender=SiteIdentity)
def invalidate_on_settings_change(sender, created: bool = False, **kwargs) -> None:
    # for_site() creates an empty settings row on first use, while the furniture is
    # being built: that holds nothing new, and invalidating then would waste the build.
    if not created:
        invalidate()
