"""The transport: with :mod:`a2e_async._pool`, the only modules that use aiohttp's client.

It sends over the pool's ``ClientSession`` (the SDK's or the caller's) and owns the bearer
token, the base URL, timeouts and limits, and the one retry loop. Every answer leaves here
as decoded ``data`` or as one of our exceptions. aiohttp's exceptions are translated here,
and never chained as they are when they could hold the request (see
:mod:`a2e_async._failures`); our errors are raised outside ``except`` blocks so that no
foreign object rides along as ``__context__``.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

import aiohttp
import anyio
from multidict import CIMultiDictProxy
from yarl import URL

from ._failures import after_attempts, host_port, outcome_unknown, strip_query, transport_error
from ._pool import Pool
from ._protocol import Action, Failure, after_failure, dumps, error_for, loads, open_envelope
from ._rate import RateGate
from ._slots import Slots
from .config import ClientConfig
from .errors import (
    A2EError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    ValidationError,
)
from .resources._params import has_surrogates

__all__ = ["Session"]

log = logging.getLogger("a2e_async")

_JSON_HEADERS = {"Content-Type": "application/json"}
_MAX_RETRY_AFTER = 60.0
# An error page of a raw transfer is read this far; the rest is not worth memory.
_ERROR_BODY_LIMIT = 64 * 1024


class _Failed(Exception):
    """One attempt failed in a way the resend table knows; ``error`` is ours, token-free."""

    def __init__(self, failure: Failure, error: A2EError, retry_after: float | None = None) -> None:
        super().__init__(failure.value)
        self.failure = failure
        self.error = error
        self.retry_after = retry_after


# (status, headers, body) of one answer: a plain tuple, built on every request.
_Answer = tuple[int, CIMultiDictProxy[str], bytes]


class Received(NamedTuple):
    """A successful API answer as it came (for ``with_raw_response``)."""

    endpoint: str
    status: int
    headers: CIMultiDictProxy[str]
    envelope: Mapping[str, Any]


class Session:
    """One client's connection to A2E: auth, limits, retries, envelope handling.

    :meth:`view` makes a session with other options (timeouts, retries) that shares this
    one's connections, limits and rate gate: what ``A2EClient.with_options`` builds on.
    """

    def __init__(
        self, config: ClientConfig, *, session: aiohttp.ClientSession | None = None
    ) -> None:
        self._pool = Pool(config, session)
        # aiohttp fixes the event loop to asyncio; Slots takes a free slot without an await
        # (asyncio.Semaphore's `async with` costs more, measured in benchmarks/instructions.py).
        self._slots = Slots(config.max_concurrency)
        self._gate = RateGate(config.requests_per_second)
        self._on_answer: Callable[[Received], None] | None = None
        self._configure(config)

    def _configure(self, config: ClientConfig) -> None:
        """The per-view part: everything derived from the options a view may change."""
        self.config = config
        self._base = config.origin
        self._base_url = URL(config.origin)
        self._api_proxy_found: tuple[str | None] | None = None
        self._auth_headers: dict[str, str] = {"Authorization": f"Bearer {config.api_key}"}
        if config.lang:
            self._auth_headers["x-lang"] = config.lang
        self._json_headers = {**self._auth_headers, **_JSON_HEADERS}
        self._transfer_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=config.connect_timeout, sock_read=config.timeout
        )
        self._timeout = aiohttp.ClientTimeout(
            total=config.timeout, sock_connect=config.connect_timeout
        )

    def view(
        self, config: ClientConfig, *, on_answer: Callable[[Received], None] | None = None
    ) -> Session:
        """A session sending with ``config``'s per-call options (timeouts, retries, answer
        size, language) over this one's connections, concurrency limit and rate gate.
        ``on_answer`` sees every successful API answer (status, headers, envelope)."""
        view = object.__new__(Session)
        view._pool = self._pool
        view._slots = self._slots
        view._gate = self._gate
        view._on_answer = on_answer
        view._configure(config)
        return view

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

    # -- lifecycle ----------------------------------------------------------------------
    def ensure_open(self) -> None:
        """Raise :class:`A2EError` saying what to do if this client cannot send now: it is
        closed, it belongs to another event loop, or the caller's session is closed.
        Binds the client to the running loop on first use."""
        self._pool.ensure_open()

    def _client(self, *, fresh: bool = False) -> aiohttp.ClientSession:
        return self._pool.client(fresh=fresh)

    async def aclose(self) -> None:
        """Close the aiohttp sessions we created (shielded from cancellation)."""
        await self._pool.aclose()

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
        title or name) so an :class:`OutcomeUnknownError` can say what to look for. Such
        calls go out on a new connection: a pooled one may be closing (the server's
        keep-alive timeout), and a create lost that way could not be resent. What is
        resent after which failure is :func:`a2e_async._protocol.after_failure`.
        """
        endpoint = f"{method} {path}"
        safe = idempotent if idempotent is not None else method in ("GET", "HEAD")
        body = _encode(json) if json is not None else None
        query = _clean_params(params) if params else None
        policy = self.config.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(method, path, endpoint, body, query, not safe)
            except _Failed as exc:
                failed = exc
            action = after_failure(
                failed.failure, safe=safe, retries_left=attempt <= policy.max_retries
            )
            if failed.failure is Failure.RATE_LIMITED:
                # A 429 anywhere pauses the whole client, not only this call.
                pause = failed.retry_after if failed.retry_after is not None else 1.0
                pause = min(pause, _MAX_RETRY_AFTER)
                log.info("%s: HTTP 429, every request of this client waits %.2fs", endpoint, pause)
                self._gate.pause(pause)
            if action is Action.OUTCOME_UNKNOWN:
                raise outcome_unknown(failed.error, method, path, reference)
            if action is Action.GIVE_UP:
                raise after_attempts(failed.error, attempt)
            backoff = policy.initial_backoff * 2 ** (attempt - 1)
            delay = random.uniform(0, min(policy.max_backoff, backoff))
            if failed.retry_after is not None:
                delay = max(delay, min(failed.retry_after, _MAX_RETRY_AFTER))
            log.info(
                "retrying %s in %.2fs (retry %d of %d) after: %s",
                endpoint,
                delay,
                attempt,
                policy.max_retries,
                failed.error,
            )
            await anyio.sleep(delay)

    async def _attempt(
        self,
        method: str,
        path: str,
        endpoint: str,
        body: bytes | None,
        query: dict[str, str] | None,
        fresh: bool,
    ) -> Any:
        client = self._client(fresh=fresh)
        headers = self._json_headers if body is not None else self._auth_headers
        if not self._slots.try_take():
            await self._slots.take()
        try:
            # The rate slot is taken once a request may go, so waiting for a concurrency
            # slot (or being cancelled there) never holds one.
            slot = self._gate.take_now()
            if slot is None:
                slot = await self._gate.take()
            debug = log.isEnabledFor(logging.DEBUG)  # nothing timed or built when off
            started = time.monotonic() if debug else 0.0
            try:
                status, answer_headers, raw = await self._send(
                    client, method, path, endpoint, body, query, headers
                )
            except _Failed as exc:
                if exc.failure is Failure.NOT_SENT:
                    self._gate.give_back(slot)
                if debug:
                    log.debug(
                        "%s -> %s after %s: %s",
                        endpoint,
                        exc.failure.value,
                        _ms(started),
                        exc.error,
                    )
                raise
        finally:
            self._slots.give_back()
        failed: _Failed
        try:
            envelope = open_envelope(
                endpoint=endpoint, status=status, body=raw, headers=answer_headers
            )
        except A2EError as exc:
            if debug:
                _log_answer(endpoint, status, started, getattr(exc, "trace_id", None))
            if isinstance(exc, RateLimitError):
                failed = _Failed(Failure.RATE_LIMITED, exc, exc.retry_after)
            elif isinstance(exc, ServerError):
                failed = _Failed(Failure.SERVER_ERROR, exc)
            elif isinstance(exc, ResponseDecodeError):
                failed = _Failed(Failure.UNREADABLE, exc)
            else:
                raise
        else:
            if debug:
                _log_answer(endpoint, status, started, envelope.get("trace_id"))
            if self._on_answer is not None:
                self._on_answer(Received(endpoint, status, answer_headers, envelope))
            return envelope.get("data")
        raise failed

    async def _send(
        self,
        client: aiohttp.ClientSession,
        method: str,
        path: str,
        endpoint: str,
        body: bytes | None,
        query: dict[str, str] | None,
        headers: Mapping[str, str],
    ) -> _Answer:
        """The one aiohttp call of the API path: the status, headers and (capped) body, or
        :class:`_Failed` saying how far the request got."""
        failed: _Failed
        try:
            async with client.request(
                method,
                self._base + path,
                data=body,
                params=query,
                headers=headers,
                timeout=self._timeout,
                allow_redirects=False,
                proxy=self._api_proxy(),
            ) as resp:
                raw = await _read_capped(
                    resp,
                    self.config.max_response_size,
                    endpoint=endpoint,
                    truncate=resp.status >= 400,
                )
                return resp.status, resp.headers, raw
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            failed = _Failed(Failure.NOT_SENT, self._transport_error(exc, method, path))
        except aiohttp.ClientResponseError as exc:  # a malformed status line or header
            failed = _Failed(Failure.UNREADABLE, self._transport_error(exc, method, path))
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            failed = _Failed(Failure.NO_ANSWER, self._transport_error(exc, method, path))
        raise failed

    def _api_proxy(self) -> str | None:
        # The API origin is fixed, so its proxy is looked up once (the pool reads the
        # environment once too); a one-item tuple tells "no proxy" from "not looked up".
        if self._api_proxy_found is None:
            self._api_proxy_found = (self._pool.proxy_for(self._base_url),)
        return self._api_proxy_found[0]

    def _transport_error(self, exc: BaseException, method: str, path: str) -> TransportError:
        where = host_port(URL(self._base))
        return transport_error(exc, method, strip_query(path), where, self.config.timeout)

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
        errors become :class:`APIError` subclasses (404 is :class:`NotFoundError`), with
        the page summed up in one line and its text in ``payload``; transport failures
        become ours.
        """
        client = self._client()
        current = URL(url)
        # Once a hop leaves the API's origin, a redirect back to it must not get the token:
        # any URL could otherwise make authenticated API calls by bouncing through it.
        trusted = token
        failure: TransportError | None = None
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
                    proxy=self._pool.proxy_for(current),
                )
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                failure = self._transfer_error(exc, method, current)
            if failure is not None:
                raise failure
            where = f"{method} {strip_query(str(current))}"
            try:
                if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                    current = resp.url.join(URL(resp.headers["Location"]))
                    continue
                if resp.status < 400:
                    yield resp
                    return
                raw = await _read_capped(resp, _ERROR_BODY_LIMIT, endpoint=where, truncate=True)
                error: A2EError = error_for(
                    endpoint=where, status=resp.status, payload=_payload(raw)
                )
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                # Reading the body (in the caller's block) can break too; ours, not aiohttp's.
                error = self._transfer_error(exc, method, current)
            finally:
                resp.release()
            raise error
        raise TransportError("too many redirects", method=method, endpoint=strip_query(url))

    def _transfer_error(self, exc: BaseException, method: str, url: URL) -> TransportError:
        endpoint = strip_query(str(url))
        return transport_error(exc, method, endpoint, host_port(url), self.config.timeout)


# -- helpers: pure, no session state ------------------------------------------------------
def _ms(started: float) -> str:
    return f"{(time.monotonic() - started) * 1000:.0f} ms"


def _log_answer(endpoint: str, status: int, started: float, trace_id: Any) -> None:
    """The one debug line per answered request (never headers or bodies: no token)."""
    log.debug("%s -> %s in %s trace_id=%s", endpoint, status, _ms(started), trace_id or "-")


async def _read_capped(
    resp: aiohttp.ClientResponse, limit: int, *, endpoint: str, truncate: bool
) -> bytes:
    """The body, decompressed, at most ``limit`` bytes: longer raises ``_Failed``
    (``TOO_LARGE``) as soon as the limit is passed, or is cut there when ``truncate``."""
    length = resp.content_length
    if length is not None and "Content-Encoding" not in resp.headers:
        if length <= limit:
            return await resp.read()  # aiohttp reads exactly `length` bytes
        if not truncate:
            raise _Failed(Failure.TOO_LARGE, ResponseTooLargeError(endpoint=endpoint, limit=limit))
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_any():
        size += len(chunk)
        if size > limit:
            if not truncate:
                error = ResponseTooLargeError(endpoint=endpoint, limit=limit)
                raise _Failed(Failure.TOO_LARGE, error)
            chunks.append(chunk[: len(chunk) - (size - limit)])
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _payload(raw: bytes) -> Any:
    """An error body as JSON when it is JSON, else as text."""
    try:
        return loads(raw) if raw else None
    except ValueError:
        return raw.decode("utf-8", "replace")


def _encode(value: Any) -> bytes:
    try:
        return dumps(value)
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        # Reached only by values no check looked at (client.request(json=...)).
        reason = f"{type(exc).__name__}: {exc}"
    raise ValidationError("json", f"cannot be sent as JSON ({reason[:200]})")


def _clean_params(params: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            text = str(value)
            if not text.isascii() and has_surrogates(text):
                raise ValidationError(f"params[{key!r}]", "contains a lone surrogate")
            out[key] = text
    return out
