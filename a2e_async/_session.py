"""The transport: the only module that uses aiohttp's client.

It owns the ``ClientSession`` (or borrows the caller's), the bearer token, the base URL,
timeouts and limits, and the one retry loop. Every answer leaves here as decoded ``data``
or as one of our exceptions (aiohttp's are translated here, chained with ``from``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import anyio
from yarl import URL

from ._protocol import dumps, unwrap
from .config import ClientConfig
from .errors import (
    A2EError,
    APIError,
    NetworkError,
    OutcomeUnknownError,
    RateLimitError,
    RequestTimeout,
    ResponseDecodeError,
    ServerError,
    TransportError,
)

__all__ = ["RateGate", "Session"]

log = logging.getLogger("a2e_async")

_JSON_HEADERS = {"Content-Type": "application/json"}
_MAX_RETRY_AFTER = 60.0


class RateGate:
    """Client-wide pacing: a requests-per-second cap and a shared pause after a 429.

    Each request reserves the next free slot, so waiters are served in order and bursts
    stay within ``burst`` requests. A 429 anywhere pauses every request of the client.
    """

    def __init__(self, rate: float | None, *, burst: int = 10) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._slack = self._interval * max(burst - 1, 0)
        self._next_free = 0.0
        self._paused_until = 0.0

    def reserve(self) -> float:
        """Reserve this request's slot; returns how long to wait before sending (often 0).

        Synchronous so that the common case (no cap, no pause) costs no extra await.
        """
        if not self._interval and not self._paused_until:
            return 0.0
        now = time.monotonic()
        start = max(now, self._paused_until)
        if self._interval:
            start = max(start, self._next_free - self._slack)
            self._next_free = max(start, self._next_free) + self._interval
        return start - now if start > now else 0.0

    def pause(self, seconds: float) -> None:
        """Hold every request of this client for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)


class _MaybeSent(Exception):
    """The request may have reached the server; wraps the transport's exception."""


class Session:
    """One client's connection to A2E: auth, limits, retries, envelope handling."""

    def __init__(
        self, config: ClientConfig, *, session: aiohttp.ClientSession | None = None
    ) -> None:
        self.config = config
        self._own_session = session is None
        self._session = session
        self._base = config.origin
        self._auth_headers: dict[str, str] = {"Authorization": f"Bearer {config.api_key}"}
        if config.lang:
            self._auth_headers["x-lang"] = config.lang
        # aiohttp fixes the event loop to asyncio, and asyncio's semaphore costs half of
        # anyio's on this per-request path (measured in benchmarks/overhead.py).
        self._limiter = asyncio.Semaphore(config.max_concurrency)
        self._gate = RateGate(config.requests_per_second)
        self._json_headers = {**self._auth_headers, **_JSON_HEADERS}
        self._transfer_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=config.connect_timeout, sock_read=config.timeout
        )
        self._timeout = aiohttp.ClientTimeout(
            total=config.timeout, sock_connect=config.connect_timeout
        )
        self._closed = False

    def __repr__(self) -> str:
        return f"<Session {self._base}>"

    @property
    def base_url(self) -> str:
        """The API origin requests go to."""
        return self._base

    @property
    def gate(self) -> RateGate:
        """The client-wide pacing shared by every request."""
        return self._gate

    def _client(self) -> aiohttp.ClientSession:
        if self._closed:
            raise A2EError("this client is closed; create a new A2EClient")
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.config.max_connections)
            # No default headers: the token is added per request, and only for the API.
            self._session = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._session

    async def aclose(self) -> None:
        """Close the aiohttp session if we created it (shielded from cancellation)."""
        self._closed = True
        if self._own_session and self._session is not None:
            session, self._session = self._session, None
            with anyio.CancelScope(shield=True):
                await session.close()

    # -- the one request path ------------------------------------------------------------
    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
        reference: str | None = None,
    ) -> Any:
        """Send one API call and return the envelope's ``data``.

        ``idempotent`` says whether resending is harmless (default: only for GET/HEAD);
        calls that create billable work pass ``False`` and ``reference`` (the job's
        title or name) so an :class:`OutcomeUnknownError` can say what to look for.
        """
        endpoint = f"{method} {path}"
        safe = idempotent if idempotent is not None else method in ("GET", "HEAD")
        body = dumps(json) if json is not None else None
        query = _clean_params(params) if params else None
        policy = self.config.retry
        attempt = 0
        while True:
            try:
                return await self._attempt(method, path, endpoint, body, query)
            except _MaybeSent as exc:
                cause = exc.__cause__
                if not safe:
                    raise OutcomeUnknownError(
                        f"no answer to a call that creates work ({_describe(cause)})",
                        method=method,
                        endpoint=path,
                        reference=reference,
                    ) from cause
                error: A2EError = _transport_error(cause, method, path)
                retry_after = None
            except ResponseDecodeError as exc:
                if not safe:
                    raise OutcomeUnknownError(
                        "the answer to a call that creates work could not be read",
                        method=method,
                        endpoint=path,
                        reference=reference,
                    ) from exc
                error, retry_after = exc, None
            except RateLimitError as exc:
                # A 429 was refused before any work started, so even a create may go again.
                pause = exc.retry_after if exc.retry_after is not None else 1.0
                self._gate.pause(min(pause, _MAX_RETRY_AFTER))
                error, retry_after = exc, exc.retry_after
            except ServerError as exc:
                if not safe:
                    # A gateway's 502/504 (or A2E's own 500) can come after the job was
                    # taken: the caller must look before trying again.
                    raise OutcomeUnknownError(
                        f"A2E answered HTTP {exc.status} to a call that creates work",
                        method=method,
                        endpoint=path,
                        reference=reference,
                    ) from exc
                error, retry_after = exc, None
            except NetworkError as exc:  # never reached the server: safe for any call
                error, retry_after = exc, None
            if attempt >= policy.max_retries:
                raise error
            delay = random.uniform(0, min(policy.max_backoff, policy.initial_backoff * 2**attempt))
            if retry_after is not None:
                delay = max(delay, min(retry_after, _MAX_RETRY_AFTER))
            log.debug("retrying %s in %.2fs after: %s", endpoint, delay, error)
            attempt += 1
            await anyio.sleep(delay)

    async def _attempt(
        self,
        method: str,
        path: str,
        endpoint: str,
        body: bytes | None,
        query: dict[str, str] | None,
    ) -> Any:
        client = self._client()
        headers = self._json_headers if body is not None else self._auth_headers
        delay = self._gate.reserve()
        if delay:
            await anyio.sleep(delay)
        async with self._limiter:
            try:
                async with client.request(
                    method,
                    self._base + path,
                    data=body,
                    params=query,
                    headers=headers,
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as resp:
                    raw = await resp.read()
                    status = resp.status
                    resp_headers = resp.headers
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
                raise _transport_error(exc, method, path) from exc
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise _MaybeSent() from exc
        log.debug("%s -> HTTP %s (%d bytes)", endpoint, status, len(raw))
        return unwrap(endpoint=endpoint, status=status, body=raw, headers=resp_headers)

    # -- raw transfers (uploads, downloads) ----------------------------------------------
    def sends_token_to(self, url: str) -> bool:
        """Whether ``url`` is on the API's origin (the only host that gets the token)."""
        target, base = URL(url), URL(self._base)
        return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: Any = None,
        token: bool = True,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        """Open a raw transfer to any URL; the token goes only to the API's own origin.

        Redirects are followed by hand so that a hop to another host never carries the
        token, and neither does any hop after one that left the API's origin. ``token=False``
        sends it nowhere (a presigned URL carries its own credential,
        and an ``Authorization`` header breaks its signature, whatever the host). HTTP
        errors become :class:`APIError`; transport failures become ours.
        """
        client = self._client()
        current = URL(url)
        # Once a hop leaves the API's origin, a redirect back to it must not get the token:
        # any URL could otherwise make authenticated API calls by bouncing through it.
        trusted = token
        for _ in range(10):
            send = dict(headers or {})
            trusted = trusted and self.sends_token_to(str(current))
            if trusted:
                send.update(self._auth_headers)
            try:
                resp = await client.request(
                    method,
                    current,
                    headers=send,
                    data=data,
                    allow_redirects=False,
                    timeout=self._transfer_timeout,
                )
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                raise _transport_error(exc, method, str(current)) from exc
            try:
                if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                    current = resp.url.join(URL(resp.headers["Location"]))
                    continue
                if resp.status >= 400:
                    text = (await resp.read()).decode("utf-8", "replace")
                    raise APIError(
                        text[:200] or f"HTTP {resp.status}",
                        endpoint=f"{method} {_strip_query(str(current))}",
                        status=resp.status,
                        payload=text,
                    )
                yield resp
                return
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                # Reading the body (in the caller's block) can break too; ours, not aiohttp's.
                raise _transport_error(exc, method, str(current)) from exc
            finally:
                resp.release()
        raise TransportError("too many redirects", method=method, endpoint=_strip_query(url))


def _clean_params(params: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "connection lost"
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    return type(exc).__name__


def _transport_error(exc: BaseException | None, method: str, path: str) -> TransportError:
    endpoint = _strip_query(path)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)) and not isinstance(
        exc, aiohttp.ConnectionTimeoutError
    ):
        return RequestTimeout("no answer in time", method=method, endpoint=endpoint)
    return NetworkError(f"connection failed ({_describe(exc)})", method=method, endpoint=endpoint)


def _strip_query(url: str) -> str:
    # Presigned URLs carry credentials in their query string; never repeat them.
    return url.split("?", 1)[0]
