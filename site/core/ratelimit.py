"""Fixed-window rate limits kept in the cache, shared by every worker that shares the cache.

`cache.add` creates a window's counter only if it is missing and `cache.incr` is atomic
on Redis and LocMem, so two simultaneous requests never both see the first slot.
"""

from __future__ import annotations

import ipaddress
import time

from django.core.cache import cache
from django.http import HttpRequest

KEY_PREFIX = "allmenn:ratelimit"


def hit(key: str, window_seconds: int) -> int:
    """Count one event for `key` in the current window and return the window's count."""
    window = int(time.time() // window_seconds)
    cache_key = f"{KEY_PREFIX}:{key}:{window}"
    # A little longer than the window, so a counter never expires while its window is open.
    timeout = window_seconds + 5
    if cache.add(cache_key, 1, timeout):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        # The counter expired between add and incr (a file cache may evict early): start again.
        cache.add(cache_key, 1, timeout)
        return 1


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one event; True while the window holds no more than `limit` events."""
    return hit(key, window_seconds) <= limit


def client_ip(request: HttpRequest) -> str:
    """The client as the server saw it: REMOTE_ADDR, an IPv6 address widened to its /64.

    One IPv6 subscriber line usually owns a whole /64, so counting single addresses
    would let one client rotate through billions of them. Behind a proxy, REMOTE_ADDR
    must be set from the forwarded header by the proxy setup, not here.
    """
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw[:64]
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))
