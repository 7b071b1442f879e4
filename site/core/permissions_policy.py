"""The Permissions-Policy header: browser features no page of the site uses are off for it and every frame.

Nothing here asks for a camera, a microphone, a position, payments or USB devices, and no
advertising cohort is computed from our visitors. The one feature a frame needs is
fullscreen, for the video players (youtube-nocookie.com and player.vimeo.com, the origins
the Content-Security-Policy lets us frame) that load after the visitor presses play;
autoplay and picture-in-picture keep the browser's default (this origin, and frames it
delegates to with `allow=`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

VIDEO_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

# Feature → the origins allowed it; an empty tuple turns it off everywhere.
POLICY: dict[str, tuple[str, ...]] = {
    "accelerometer": (),
    "ambient-light-sensor": (),
    "bluetooth": (),
    "browsing-topics": (),
    "camera": (),
    "display-capture": (),
    "geolocation": (),
    "gyroscope": (),
    "hid": (),
    "idle-detection": (),
    "interest-cohort": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "publickey-credentials-get": (),
    "screen-wake-lock": (),
    "serial": (),
    "usb": (),
    "xr-spatial-tracking": (),
    "fullscreen": ("self", *VIDEO_ORIGINS),
}


def header_value(policy: dict[str, tuple[str, ...]] = POLICY) -> str:
    """The structured-header form: `camera=(), fullscreen=(self "https://…")`."""

    def allowlist(origins: tuple[str, ...]) -> str:
        return " ".join(origin if origin == "self" else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


HEADER_VALUE = header_value()


class PermissionsPolicyMiddleware:
    """Adds the policy to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", HEADER_VALUE)
        return response
