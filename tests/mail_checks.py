"""Checks on rendered mail that several test modules share."""

from __future__ import annotations

import re

_EXTERNAL_URL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(https?:)?//([^/"'\s)]+)""", re.IGNORECASE)


def external_hosts(html: str) -> set[str]:
    """Hosts that the HTML would load or link to."""
    return {match.group(2).lower() for match in _EXTERNAL_URL.finditer(html)}
