"""Fixed-window abuse limits with an atomic counter that every worker and host shares.

The counter lives in Redis when `REDIS_URL` is set (INCR and EXPIRE in one MULTI) and
otherwise in the database: one row per key and window, counted with a single
`INSERT … ON CONFLICT … DO UPDATE SET count = count + 1 RETURNING count`, which SQLite
(3.35+) and PostgreSQL both run atomically. Not in the cache: Django's file cache culls
random entries beyond 300 and its add/incr are not atomic across processes, so a
counter kept there lets clients through as soon as anyone fills the cache or two
requests arrive together.

Count before opening a transaction. Outside one (the site has no ATOMIC_REQUESTS) the
counting statement commits by itself, so the count stands even when the request fails
afterwards; inside one it would be rolled back with it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import threading
import time
from datetime import UTC, datetime

import redis
from django.conf import settings
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone

from .models import RateLimitCounter

logger = logging.getLogger(__name__)

KEY_PREFIX = "allmenn:ratelimit"
# Redis keys outlive their window by this much, so a counter never expires while its window is open.
EXPIRY_MARGIN_SECONDS = 5


def hit(key: str, window_seconds: int) -> int:
    """Count one event for `key` in the current window and return the window's count, this one included."""
    window_start = int(time.time() // window_seconds) * window_seconds
    digest = _digest(key, window_seconds)
    if settings.REDIS_URL:
        try:
            return _count_in_redis(settings.REDIS_URL, digest, window_start, window_seconds)
        except redis.RedisError:
            # A Redis outage must not turn every form into a server error; the database
            # counts instead (a fresh count, so one window may let up to twice the limit through).
            logger.warning("Redis unreachable for abuse limits; counting in the database", exc_info=True)
    return _count_in_database(digest, window_start, window_seconds)


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one event; True while the window holds no more than `limit` events."""
    return hit(key, window_seconds) <= limit


def purge_expired(now: datetime | None = None) -> int:
    """Delete the database counters of windows that have ended; return how many went."""
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def client_ip(request: HttpRequest) -> str:
    """The client's address, an IPv6 address widened to its /64.

    One IPv6 subscriber line usually owns a whole /64, so counting single addresses
    would let one client rotate through billions of them.

    Without proxies (`TRUSTED_PROXY_COUNT` = 0) the client is REMOTE_ADDR and
    X-Forwarded-For is ignored: anyone can send it. Behind N proxies, each of which
    appends the address it was reached from to X-Forwarded-For, REMOTE_ADDR is the
    nearest proxy and the client is the N-th entry from the right: entries further
    left came from the client and may be anything, so no more than N are trusted. A
    header with fewer than N entries or a trusted entry that is not an address (a
    proxy set-up that does not match the setting, or a client that went around the
    outer proxy) leaves REMOTE_ADDR as the key: such requests share one count rather
    than choose their own.
    """
    address = _forwarded_client(request)
    if address is None:
        address = _parse_address(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return (request.META.get("REMOTE_ADDR", "") or "unknown")[:64]
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def _forwarded_client(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address the outermost trusted proxy saw, or None without one that can be trusted."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return None
    # Several X-Forwarded-For headers arrive joined by commas, in order.
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return None
    return _parse_address(entries[-proxies])


def _parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as proxies write it ("192.0.2.1", "2001:db8::1", with or without a port), or None."""
    value = value.strip()
    if len(value) > 64:  # longer than any address with a port and an IPv6 zone
        return None
    if value.startswith("["):  # [2001:db8::1]:443
        value, bracket, port = value[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            return None
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.partition(":")[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _digest(key: str, window_seconds: int) -> str:
    """A fixed-length name for a key and its window length, which holds no client address in clear."""
    return hashlib.sha256(f"{key}\x00{window_seconds}".encode()).hexdigest()


# --- The database counter -------------------------------------------------------------------


def _count_in_database(digest: str, window_start: int, window_seconds: int) -> int:
    alias = router.db_for_write(RateLimitCounter)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(RateLimitCounter._meta.db_table)
    key_column, window_column, count_column, expires_column = (
        quote(RateLimitCounter._meta.get_field(name).column)
        for name in ("key_digest", "window_start", "count", "expires_at")
    )
    # Only the model's own quoted names are formatted in; the values go as parameters.
    sql = f"""
        INSERT INTO {table} ({key_column}, {window_column}, {count_column}, {expires_column})
        VALUES (%s, %s, 1, %s)
        ON CONFLICT ({key_column}, {window_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1
        RETURNING {count_column}
    """  # noqa: S608
    expires_at = datetime.fromtimestamp(window_start + window_seconds, tz=UTC)
    params = [digest, window_start, connection.ops.adapt_datetimefield_value(expires_at)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Read every row: on SQLite a RETURNING statement holds the write lock until it is exhausted.
        (count,) = cursor.fetchall()[0]
    return count


# --- The Redis counter ----------------------------------------------------------------------

_redis_clients: dict[str, redis.Redis] = {}
_redis_clients_lock = threading.Lock()


def _redis(url: str) -> redis.Redis:
    """One client (and connection pool) per URL and process; redis-py clients are thread-safe."""
    with _redis_clients_lock:
        client = _redis_clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            _redis_clients[url] = client
        return client


def _count_in_redis(url: str, digest: str, window_start: int, window_seconds: int) -> int:
    key = f"{KEY_PREFIX}:{digest}:{window_start}"
    pipeline = _redis(url).pipeline(transaction=True)
    pipeline.incr(key)
    pipeline.expire(key, window_seconds + EXPIRY_MARGIN_SECONDS)
    count, _ = pipeline.execute()
    return int(count)
