"""Small frozen policy values: how the client connects, retries and polls."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import SplitResult, urlsplit

import attrs
from typing_extensions import TypedDict

from .errors import ValidationError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_LANG",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "ClientConfig",
    "ClientOptions",
    "PollPolicy",
    "RetryPolicy",
]

DEFAULT_BASE_URL = "https://video.a2e.ai"
DEFAULT_LANG = "en-US"
DEFAULT_MAX_RESPONSE_SIZE = 8 * 1024 * 1024
ENV_API_KEY = "A2E_API_KEY"
ENV_BASE_URL = "A2E_BASE_URL"


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ValidationError(attribute.name, f"must be >= 0, got {value!r}")


def _positive(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValidationError(attribute.name, f"must be > 0, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """When and how a failed request is sent again.

    Reads (GETs and read-only POSTs) are retried on connection errors, timeouts, 5xx and
    429. Calls that create billable work are retried only when the request provably never
    left this machine (connection refused, DNS failure). Backoff is exponential with full
    jitter, capped at ``max_backoff``; a server's ``Retry-After`` wins when it is longer.
    ``max_retries=0`` turns retrying off.
    """

    max_retries: int = attrs.field(default=3, validator=_non_negative)
    """How many times one call may be sent again (not counting the first try)."""
    initial_backoff: float = attrs.field(default=0.5, validator=_positive)
    """Upper bound of the first random backoff, in seconds."""
    max_backoff: float = attrs.field(default=8.0, validator=_positive)
    """Cap on any single backoff, in seconds (``Retry-After`` may exceed it up to 60 s)."""


@attrs.frozen
class PollPolicy:
    """How a wait polls a task: first poll soon, then exponential backoff with jitter.

    Waits are budgeted by wall-clock ``deadline`` (seconds from the start of the wait),
    never by a count of attempts.
    """

    initial_delay: float = attrs.field(default=1.0, validator=_non_negative)
    """Seconds before the first status check."""
    factor: float = attrs.field(default=1.5, validator=_positive)
    """Each interval is the previous one times this."""
    max_interval: float = attrs.field(default=15.0, validator=_positive)
    """Cap on the interval between two checks, in seconds."""
    deadline: float = attrs.field(default=1800.0, validator=_positive)
    """Give up (``WaitTimeout``) after this many seconds; the task keeps running remotely."""
    jitter: float = attrs.field(default=0.1, validator=_non_negative)
    """Each interval is spread by up to this fraction either way, so waits do not align."""
    coalesce: bool = True
    """Share one background poller per task family (few requests for many waits)."""

    def interval(self, attempt: int) -> float:
        """The un-jittered interval before check number ``attempt`` (0-based)."""
        if attempt == 0:
            return self.initial_delay
        base = max(self.initial_delay, 0.05)
        return float(min(self.max_interval, base * self.factor**attempt))


class ClientOptions(TypedDict, total=False):
    """What ``A2EClient.with_options(...)`` may change for the calls made through its view.

    Limits that only make sense client-wide (connections, concurrency, request rate, the
    token and the base URL) are not here: a view shares them with its client.
    """

    timeout: float
    """Seconds one request may take, from sending to the whole body read."""
    connect_timeout: float
    """Seconds to establish a connection."""
    retry: RetryPolicy
    """When failed requests are sent again (``RetryPolicy(max_retries=0)``: never)."""
    poll_policy: PollPolicy
    """How waits started through the view poll (the call's own ``poll_policy`` wins)."""
    max_response_size: int
    """Largest API answer read, in bytes after decompression."""
    lang: str | None
    """The ``x-lang`` header; ``None`` sends none."""


def option_changes(options: Mapping[str, Any]) -> dict[str, Any]:
    """``with_options``' keywords as changes of :class:`ClientConfig` fields, checked: an
    unknown option or a value of the wrong type raises ``ValidationError`` (ranges are
    checked by the config itself)."""
    changes: dict[str, Any] = {}
    for name, value in options.items():
        expected = _OPTION_TYPES.get(name)
        if expected is None:
            raise ValidationError(
                name, f"is not an option of with_options (it takes {', '.join(_OPTION_TYPES)})"
            )
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ValidationError(name, f"has the wrong type: {type(value).__name__}")
        changes["poll" if name == "poll_policy" else name] = value
    return changes


_OPTION_TYPES: dict[str, type | tuple[type, ...]] = {
    "timeout": (int, float),
    "connect_timeout": (int, float),
    "retry": RetryPolicy,
    "poll_policy": PollPolicy,
    "max_response_size": int,
    "lang": (str, type(None)),
}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _normalise_base_url(value: object) -> object:
    """``https://video.a2e.ai/api/v1/`` -> ``https://video.a2e.ai``: public A2E clients set the
    base URL with the API prefix; the SDK adds the prefix itself. Other paths stay (refused)."""
    if not isinstance(value, str):
        return value
    url = value.strip().rstrip("/")
    return url[: -len("/api/v1")] if url.lower().endswith("/api/v1") else url


@attrs.frozen
class ClientConfig:
    """Everything the session needs to talk to A2E. The token never shows in ``repr()``."""

    api_key: str = attrs.field(repr=False)
    """The bearer token (``sk_...``) created in A2E's web UI."""
    base_url: str = attrs.field(default=DEFAULT_BASE_URL, converter=_normalise_base_url)
    """Scheme and host of the API; a trailing ``/api/v1`` is dropped (the SDK adds it)."""
    lang: str | None = DEFAULT_LANG
    """Sent as the ``x-lang`` header; ``None`` sends none."""
    timeout: float = attrs.field(default=60.0, validator=_positive)
    """Seconds one request may take, from sending to the whole body read."""
    connect_timeout: float = attrs.field(default=10.0, validator=_positive)
    """Seconds to establish a connection."""
    max_connections: int = attrs.field(default=64, validator=_positive)
    """Open connections to the API at most (aiohttp connector limit)."""
    max_concurrency: int = attrs.field(default=64, validator=_positive)
    """Requests in flight at most, across every resource and the waiter."""
    requests_per_second: float | None = None
    """Client-wide request rate cap (token bucket); ``None`` is unlimited."""
    max_response_size: int = attrs.field(default=DEFAULT_MAX_RESPONSE_SIZE, validator=_positive)
    """Largest API answer read, in bytes after decompression; a larger one raises
    ``ResponseTooLargeError`` as soon as the limit is passed. Downloads are not limited."""
    retry: RetryPolicy = RetryPolicy()
    """When failed requests are sent again."""
    poll: PollPolicy | None = None
    """The poll policy of every wait; ``None`` lets each task family use its own default."""
    allow_insecure_http: bool = False
    """Permit an ``http://`` base URL that is not on loopback (the token would travel in clear)."""
    trust_env: bool = True
    """Honour ``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` (read at the
    first request) on the sessions the client opens itself; ``False`` ignores them."""
    proxy: str | None = attrs.field(default=None, repr=False)
    """One proxy URL for every request (wins over the environment); hidden from ``repr()``
    as it may hold a password."""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.api_key, str) or not self.api_key.strip():
            raise ValidationError("api_key", f"no API token: pass api_key= or set {ENV_API_KEY}")
        if any(c.isspace() or not c.isprintable() for c in self.api_key):
            # Never echo the token itself, not even part of it.
            raise ValidationError(
                "api_key", "contains spaces or control characters (a stray newline?)"
            )
        if self.proxy is not None:
            proxy: SplitResult | None = None
            try:
                proxy = urlsplit(self.proxy) if isinstance(self.proxy, str) else None
                host = proxy.hostname if proxy is not None and proxy.port != 0 else None
            except ValueError:  # "http://[::1", a port past 65535: messages quote the URL
                proxy = host = None
            if proxy is None or proxy.scheme not in ("http", "https") or not host:
                # The URL may carry a password: say what is wrong, not what was given.
                raise ValidationError("proxy", "must be an http:// or https:// proxy URL")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError("base_url", f"not an http(s) URL: {self.base_url!r}")
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValidationError(
                "base_url", "give only scheme and host (optionally ending in /api/v1)"
            )
        if (
            parts.scheme == "http"
            and not _is_loopback(parts.hostname)
            and not self.allow_insecure_http
        ):
            raise ValidationError(
                "base_url",
                "plain http to a non-loopback host would expose the token; use https "
                "or pass allow_insecure_http=True",
            )

    @property
    def origin(self) -> str:
        """``scheme://host[:port]`` of the API, the only place the token is sent."""
        return self.base_url.rstrip("/")

    @classmethod
    def from_env(
        cls, api_key: str | None = None, base_url: str | None = None, **kwargs: object
    ) -> ClientConfig:
        """Build a config, filling ``api_key``/``base_url`` from the environment if missing."""
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY, "")
        # A token read from a file or a shell variable often ends in a newline.
        key = key.strip() if isinstance(key, str) else key
        url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        return cls(api_key=key, base_url=url, **kwargs)  # type: ignore[arg-type]
