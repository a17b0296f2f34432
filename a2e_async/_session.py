"""The transport: the only module that uses aiohttp's client.

It owns the ``ClientSession`` (or borrows the caller's), the bearer token, the base URL,
timeouts and limits, and the one retry loop. Every answer leaves here as decoded ``data``
or as one of our exceptions. aiohttp's exceptions are translated here, and never chained
as they are when they could hold the request (see :func:`_safe_cause`); our errors are
raised outside ``except`` blocks so that no foreign object rides along as ``__context__``.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import random
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, NamedTuple

import aiohttp
import anyio
from multidict import CIMultiDictProxy
from yarl import URL

from ._protocol import Action, Failure, after_failure, dumps, error_for, loads, unwrap
from .config import ClientConfig
from .errors import (
    A2EError,
    NetworkError,
    OutcomeUnknownError,
    RateLimitError,
    RedactedError,
    RequestTimeout,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    TransportError,
    ValidationError,
)
from .resources._params import has_surrogates

__all__ = ["RateGate", "Session"]

log = logging.getLogger("a2e_async")

_JSON_HEADERS = {"Content-Type": "application/json"}
_MAX_RETRY_AFTER = 60.0
# An error page of a raw transfer is read this far; the rest is not worth memory.
_ERROR_BODY_LIMIT = 64 * 1024


class RateGate:
    """Client-wide pacing: a requests-per-second cap and a shared pause after a 429.

    A request takes its slot right before it is sent, in arrival order, and at most
    ``burst`` go at once. A request cancelled while it waits for its turn takes no slot;
    one whose connection never opened gives its slot back (:meth:`give_back`). A 429
    anywhere pauses every request of the client. ``clock`` and ``sleep`` exist for tests.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        burst: int = 10,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
    ) -> None:
        self._interval = 1.0 / rate if rate else 0.0
        self._slack = self._interval * max(burst - 1, 0)
        # The time the next slot is due (GCRA's "theoretical arrival time").
        self._next_free = 0.0
        self._paused_until = 0.0
        self._clock = clock
        self._sleep = sleep or asyncio.sleep
        self._queue: deque[asyncio.Future[None]] = deque()

    def _now(self) -> float:
        return self._clock() if self._clock is not None else time.monotonic()

    def _delay(self, now: float) -> float:
        ready = self._paused_until
        if self._interval:
            ready = max(ready, self._next_free - self._slack)
        return ready - now

    def _take(self, now: float) -> float:
        if self._interval:
            self._next_free = max(now, self._next_free) + self._interval
        return self._next_free

    def take_now(self) -> float | None:
        """Take a slot if one is free and nobody is waiting; returns its token, else ``None``.

        Synchronous so that the common case (no cap, no pause) costs no extra await.
        """
        if not self._interval and not self._paused_until:
            return 0.0
        if self._queue:
            return None
        now = self._now()
        if self._paused_until and now >= self._paused_until:
            self._paused_until = 0.0
        if self._delay(now) > 0:
            return None
        return self._take(now)

    async def take(self) -> float:
        """Wait for this request's turn, then take its slot; returns its token.

        Waiters are served in order. Cancelling the wait takes no slot and lets the next
        waiter move up.
        """
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.append(turn)
        try:
            if self._queue[0] is not turn:
                await turn
            while (delay := self._delay(self._now())) > 0:
                await self._sleep(delay)
            return self._take(self._now())
        finally:
            was_head = self._queue[0] is turn
            self._queue.remove(turn)
            if was_head and self._queue and not self._queue[0].done():
                self._queue[0].set_result(None)

    def give_back(self, token: float) -> None:
        """Return the slot of a request that never left this machine.

        Exact when no later slot was taken since; otherwise the slot stays used (a little
        slower, never over the cap).
        """
        if self._interval and token == self._next_free:
            self._next_free -= self._interval

    def pause(self, seconds: float) -> None:
        """Hold every request of this client for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._now() + seconds)


class _Failed(Exception):
    """One attempt failed in a way the resend table knows; ``error`` is ours, token-free."""

    def __init__(self, failure: Failure, error: A2EError, retry_after: float | None = None) -> None:
        super().__init__(failure.value)
        self.failure = failure
        self.error = error
        self.retry_after = retry_after


class _Answer(NamedTuple):
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes


class Session:
    """One client's connection to A2E: auth, limits, retries, envelope handling."""

    def __init__(
        self, config: ClientConfig, *, session: aiohttp.ClientSession | None = None
    ) -> None:
        self.config = config
        self._own_session = session is None
        self._session = session
        # Calls that create work go out on a connection of their own (see _client).
        self._fresh_session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
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

    def __del__(self, _warn: Callable[..., None] = warnings.warn) -> None:
        sessions = (getattr(self, "_session", None), getattr(self, "_fresh_session", None))
        own = getattr(self, "_own_session", False)
        if own and any(s is not None and not s.closed for s in sessions):
            _warn(
                f"an A2EClient for {getattr(self, '_base', 'A2E')} was not closed: use 'async with "
                "A2EClient(...) as client:' or 'await client.aclose()' when done",
                ResourceWarning,
                source=self,
            )

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
        if self._closed:
            raise A2EError("this client is closed; create a new A2EClient")
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            if self._loop is not None:
                where = (
                    "an event loop that has ended (a second asyncio.run()?)"
                    if self._loop.is_closed()
                    else "another event loop (another thread?)"
                )
                raise A2EError(
                    f"this A2EClient was opened in {where} and works only there: create the "
                    "client in the coroutine that uses it, as 'async with A2EClient(...) as "
                    "client:', one per event loop"
                )
            self._loop = loop
        if not self._own_session and self._session is not None and self._session.closed:
            raise A2EError(
                "the aiohttp.ClientSession passed as session= is closed: keep it open while "
                "the A2EClient is in use, or leave session= out so the client opens its own"
            )

    def _client(self, *, fresh: bool = False) -> aiohttp.ClientSession:
        if self._closed or not self._own_session or self._loop is not asyncio.get_running_loop():
            self.ensure_open()
        if self._session is None:
            # No default headers: the token is added per request, and only for the API.
            self._session = self._new_session(force_close=False)
        if fresh and self._own_session:
            if self._fresh_session is None:
                self._fresh_session = self._new_session(force_close=True)
            return self._fresh_session
        return self._session

    def _new_session(self, *, force_close: bool) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self.config.max_connections, force_close=force_close)
        return aiohttp.ClientSession(connector=connector, timeout=self._timeout)

    async def aclose(self) -> None:
        """Close the aiohttp sessions we created (shielded from cancellation)."""
        self._closed = True
        if self._own_session:
            sessions = [s for s in (self._session, self._fresh_session) if s is not None]
            self._session = self._fresh_session = None
            with anyio.CancelScope(shield=True):
                for session in sessions:
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
                self._gate.pause(min(pause, _MAX_RETRY_AFTER))
            if action is Action.OUTCOME_UNKNOWN:
                raise _outcome_unknown(failed, method, path, reference)
            if action is Action.GIVE_UP:
                raise _after_attempts(failed.error, attempt)
            backoff = policy.initial_backoff * 2 ** (attempt - 1)
            delay = random.uniform(0, min(policy.max_backoff, backoff))
            if failed.retry_after is not None:
                delay = max(delay, min(failed.retry_after, _MAX_RETRY_AFTER))
            log.debug("retrying %s in %.2fs after: %s", endpoint, delay, failed.error)
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
        async with self._limiter:
            # The slot is taken once a request may go, so waiting for the limiter (or
            # being cancelled there) never holds one.
            slot = self._gate.take_now()
            if slot is None:
                slot = await self._gate.take()
            try:
                answer = await self._send(client, method, path, body, query, headers)
            except _Failed as exc:
                if exc.failure is Failure.NOT_SENT:
                    self._gate.give_back(slot)
                raise
        log.debug("%s -> HTTP %s (%d bytes)", endpoint, answer.status, len(answer.body))
        failed: _Failed
        try:
            return unwrap(
                endpoint=endpoint, status=answer.status, body=answer.body, headers=answer.headers
            )
        except RateLimitError as exc:
            failed = _Failed(Failure.RATE_LIMITED, exc, exc.retry_after)
        except ServerError as exc:
            failed = _Failed(Failure.SERVER_ERROR, exc)
        except ResponseDecodeError as exc:
            failed = _Failed(Failure.UNREADABLE, exc)
        raise failed

    async def _send(
        self,
        client: aiohttp.ClientSession,
        method: str,
        path: str,
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
            ) as resp:
                raw = await _read_capped(
                    resp,
                    self.config.max_response_size,
                    endpoint=f"{method} {path}",
                    truncate=resp.status >= 400,
                )
                return _Answer(resp.status, resp.headers, raw)
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
            failed = _Failed(Failure.NOT_SENT, self._transport_error(exc, method, path))
        except aiohttp.ClientResponseError as exc:  # a malformed status line or header
            failed = _Failed(Failure.UNREADABLE, self._transport_error(exc, method, path))
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            failed = _Failed(Failure.NO_ANSWER, self._transport_error(exc, method, path))
        raise failed

    def _transport_error(self, exc: BaseException, method: str, path: str) -> TransportError:
        where = _host_port(URL(self._base))
        return _transport_error(exc, method, _strip_query(path), where, self.config.timeout)

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
                )
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                failure = self._transfer_error(exc, method, current)
            if failure is not None:
                raise failure
            where = f"{method} {_strip_query(str(current))}"
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
        raise TransportError("too many redirects", method=method, endpoint=_strip_query(url))

    def _transfer_error(self, exc: BaseException, method: str, url: URL) -> TransportError:
        endpoint = _strip_query(str(url))
        return _transport_error(exc, method, endpoint, _host_port(url), self.config.timeout)


# -- helpers: pure, no session state ------------------------------------------------------
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


def _outcome_unknown(
    failed: _Failed, method: str, path: str, reference: str | None
) -> OutcomeUnknownError:
    error = failed.error
    if isinstance(error, ServerError):
        # A gateway's 502/504 (or A2E's own 500) can come after the job was taken.
        what = f"A2E answered HTTP {error.status} to a call that creates work"
    elif isinstance(error, TransportError):
        what = f"no usable answer to a call that creates work ({error.detail})"
    elif isinstance(error, ResponseTooLargeError):
        what = f"the answer to a call that creates work is larger than {error.limit} bytes"
    else:
        what = "the answer to a call that creates work could not be read"
    unknown = OutcomeUnknownError(what, method=method, endpoint=path, reference=reference)
    unknown.__cause__ = error
    return unknown


def _after_attempts(error: A2EError, attempts: int) -> A2EError:
    """The final error of a retried call; a transport error says how often it was tried."""
    if attempts <= 1 or not isinstance(error, TransportError):
        return error
    final = type(error)(
        error.detail, method=error.method, endpoint=error.endpoint, attempts=attempts
    )
    final.__cause__ = error.__cause__
    return final


_OS_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset",
    errno.ECONNABORTED: "connection aborted",
    errno.EPIPE: "connection closed while sending",
    errno.ETIMEDOUT: "connection timed out",
    errno.EHOSTUNREACH: "host unreachable",
    errno.ENETUNREACH: "network unreachable",
}


def _os_reason(exc: BaseException | None) -> str:
    if isinstance(exc, OSError):
        if exc.errno in _OS_REASONS:
            return _OS_REASONS[exc.errno]
        if exc.strerror:
            return exc.strerror[0].lower() + exc.strerror[1:]
    return type(exc).__name__ if exc is not None else "connection failed"


def _host_port(url: URL) -> str:
    host = f"[{url.host}]" if url.host and ":" in url.host else (url.host or "?")
    return f"{host}:{url.port}" if url.port else host


def _transport_error(
    exc: BaseException, method: str, endpoint: str, where: str, timeout: float
) -> TransportError:
    """Our error for a transport failure: says what happened with which ``host:port``, and
    chains a cause that cannot hold the request (:func:`_safe_cause`)."""
    cls, message = _what_happened(exc, where, timeout)
    error = cls(message, method=method, endpoint=endpoint)
    error.__cause__ = _safe_cause(exc)
    return error


def _what_happened(
    exc: BaseException, where: str, timeout: float
) -> tuple[type[TransportError], str]:
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return NetworkError, f"connecting to {where} timed out"
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return RequestTimeout, f"no answer from {where} within {timeout:g} s"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return NetworkError, f"could not resolve host {exc.host}"
    if isinstance(exc, aiohttp.ClientSSLError):
        return NetworkError, f"TLS with {where} failed ({_strip_queries(str(exc))})"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return NetworkError, f"{_os_reason(exc.os_error)} to {where}"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return NetworkError, f"{where} closed the connection before a whole answer"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return NetworkError, f"the answer from {where} was cut off"
    if isinstance(exc, aiohttp.ClientResponseError):
        return NetworkError, f"{where} sent an invalid HTTP answer ({exc.message})"
    if isinstance(exc, OSError):
        return NetworkError, f"{_os_reason(exc)} ({where})"
    return NetworkError, f"connection to {where} failed ({type(exc).__name__})"


# Exceptions that never hold the request; anything else in a chain is redacted.
_HARMLESS = (OSError, asyncio.TimeoutError, asyncio.CancelledError)


def _safe_cause(exc: BaseException) -> BaseException:
    """``exc`` itself if nothing in its chain can hold the request (and so the token),
    else a :class:`RedactedError` with only its class name and message."""
    pending, seen = [exc], set()
    while pending:
        link = pending.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        if not isinstance(link, _HARMLESS) or hasattr(link, "request_info"):
            return _redacted(exc)
        pending.extend(x for x in (link.__cause__, link.__context__) if x is not None)
    return exc


def _redacted(exc: BaseException) -> RedactedError:
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, aiohttp.ClientResponseError):
        message = f"{exc.status}, message={exc.message!r}"  # str() would add the URL
    else:
        message = _strip_queries(str(exc))
    return RedactedError(kind, message)


def _strip_query(url: str) -> str:
    # Presigned URLs carry credentials in their query string; never repeat them.
    return url.split("?", 1)[0]


def _strip_queries(text: str) -> str:
    """``text`` with every URL's query string removed."""
    return " ".join(_strip_query(word) if "://" in word else word for word in text.split(" "))
