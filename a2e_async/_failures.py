"""What went wrong on the wire, in words: the session's translation of aiohttp's exceptions.

Each becomes one of ours that names the host and what happened (``connection refused to
127.0.0.1:9``). The original is chained only when nothing in its chain can hold the request:
aiohttp's ``ClientResponseError`` keeps the request headers, the token included, so such an
exception is chained as a :class:`~a2e_async.errors.RedactedError` (class name and message).
"""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Callable
from typing import Any

import aiohttp
from yarl import URL

from .errors import (
    A2EError,
    NetworkError,
    OutcomeUnknownError,
    RedactedError,
    RequestTimeout,
    ResponseTooLargeError,
    ServerError,
    TransportError,
)

Describe = Callable[[Any, str, float], str]

__all__ = [
    "after_attempts",
    "host_port",
    "outcome_unknown",
    "safe_cause",
    "strip_query",
    "transport_error",
]


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


def host_port(url: URL) -> str:
    host = f"[{url.host}]" if url.host and ":" in url.host else (url.host or "?")
    return f"{host}:{url.port}" if url.port else host


def transport_error(
    exc: BaseException, method: str, endpoint: str, where: str, timeout: float
) -> TransportError:
    """Our error for a transport failure: says what happened with which ``host:port``, and
    chains a cause that cannot hold the request (:func:`safe_cause`)."""
    cls, message = _what_happened(exc, where, timeout)
    error = cls(message, method=method, endpoint=endpoint)
    error.__cause__ = safe_cause(exc)
    return error


# What happened, by the exception aiohttp raised: the first matching row wins. Each message
# gets the exception, "host:port" and the timeout in seconds.
_WHAT_HAPPENED: tuple[tuple[type | tuple[type, ...], type[TransportError], Describe], ...] = (
    (aiohttp.ConnectionTimeoutError, NetworkError, lambda e, w, t: f"connecting to {w} timed out"),
    (
        (asyncio.TimeoutError, aiohttp.ServerTimeoutError),
        RequestTimeout,
        lambda e, w, t: f"no answer from {w} within {t:g} s",
    ),
    (aiohttp.ClientConnectorDNSError, NetworkError, lambda e, w, t: f"could not resolve {e.host}"),
    (
        aiohttp.ClientSSLError,
        NetworkError,
        lambda e, w, t: f"TLS with {w} failed ({_strip_queries(str(e))})",
    ),
    (
        aiohttp.ClientConnectorError,
        NetworkError,
        lambda e, w, t: f"{_os_reason(e.os_error)} to {w}",
    ),
    (
        aiohttp.ServerDisconnectedError,
        NetworkError,
        lambda e, w, t: f"{w} closed the connection before a whole answer",
    ),
    (aiohttp.ClientPayloadError, NetworkError, lambda e, w, t: f"the answer from {w} was cut off"),
    (
        aiohttp.ClientResponseError,
        NetworkError,
        lambda e, w, t: f"{w} sent an invalid HTTP answer ({e.message})",
    ),
    (OSError, NetworkError, lambda e, w, t: f"{_os_reason(e)} ({w})"),
)


def _what_happened(
    exc: BaseException, where: str, timeout: float
) -> tuple[type[TransportError], str]:
    for kinds, cls, describe in _WHAT_HAPPENED:
        if isinstance(exc, kinds):
            return cls, describe(exc, where, timeout)
    return NetworkError, f"connection to {where} failed ({type(exc).__name__})"


# Exceptions that never hold the request; anything else in a chain is redacted.
_HARMLESS = (OSError, asyncio.TimeoutError, asyncio.CancelledError)


def safe_cause(exc: BaseException) -> BaseException:
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


def strip_query(url: str) -> str:
    # Presigned URLs carry credentials in their query string; never repeat them.
    return url.split("?", 1)[0]


def _strip_queries(text: str) -> str:
    """``text`` with every URL's query string removed."""
    return " ".join(strip_query(word) if "://" in word else word for word in text.split(" "))


def outcome_unknown(
    error: A2EError, method: str, path: str, reference: str | None
) -> OutcomeUnknownError:
    """The error for a call that creates work and got no usable answer (``error`` chained)."""
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


def after_attempts(error: A2EError, attempts: int) -> A2EError:
    """The final error of a retried call; a transport error says how often it was tried."""
    if attempts <= 1 or not isinstance(error, TransportError):
        return error
    final = type(error)(
        error.detail, method=error.method, endpoint=error.endpoint, attempts=attempts
    )
    final.__cause__ = error.__cause__
    return final
