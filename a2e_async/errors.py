"""Every exception the SDK raises, rooted at :class:`A2EError`.

::

    A2EError
    ├── ValidationError            a bad parameter; raised before anything is sent
    ├── TransportError             the request did not get a usable answer (``attempts`` made)
    │   ├── NetworkError           could not connect / the connection broke (reads are retried);
    │   │                          the message names the host and the OS error
    │   ├── RequestTimeout         no answer in time (the message says after how many attempts)
    │   └── OutcomeUnknownError    a create was sent but its outcome is unknown (no answer, an
    │       │                      unreadable one, or a 5xx): reconcile, do not resend blindly
    │       │                      (carries method, path and the job's name or title)
    │       └── CreateDecodeError  A2E accepted a create (``code`` 0) but its ``data`` could not
    │                              be read: the job exists; find it by ``reference``. Also a
    │                              ResponseDecodeError (``raw`` keeps the data)
    ├── APIError                   A2E answered with an error (HTTP status or ``code != 0``)
    │   ├── AuthenticationError    401/403: bad, missing or revoked token
    │   ├── NotFoundError          404: no such record
    │   ├── RateLimitError         429: slow down (``retry_after`` seconds when A2E says)
    │   ├── InsufficientCreditsError  402, or a message that says coins/credits ran out
    │   └── ServerError            5xx
    ├── ResponseDecodeError        the body was not JSON, or not the shape the models expect
    │   └── ResponseTooLargeError  the answer exceeded ``max_response_size`` (never read whole)
    └── TaskError                  a long-running task did not end in success
        ├── TaskFailed             A2E reported failure (``task``, ``code``, ``message``)
        ├── WaitTimeout            the wait's deadline passed; the task keeps running remotely
        └── TaskNotFound           the task disappeared (deleted, expired, wrong id)

Messages are meant for humans and never contain the API token. Nothing reachable from an
SDK error (``__cause__``, ``__context__``, ``args``, attributes) holds the request either: a
foreign exception that carries it (aiohttp's ``ClientResponseError`` keeps the request
headers) is chained as a :class:`RedactedError` holding only its class name and message.
"""

from __future__ import annotations

from typing import Any, Generic

from typing_extensions import TypeVar

__all__ = [
    "A2EError",
    "APIError",
    "AuthenticationError",
    "CreateDecodeError",
    "InsufficientCreditsError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "RateLimitError",
    "RedactedError",
    "RequestTimeout",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "TaskError",
    "TaskFailed",
    "TaskNotFound",
    "TransportError",
    "ValidationError",
    "WaitTimeout",
]


class A2EError(Exception):
    """Base class of every error raised by a2e-async."""


class ValidationError(A2EError, ValueError):
    """A parameter is invalid; nothing was sent.

    ``param`` names the offending parameter (the Python name, not the wire name).
    """

    def __init__(self, param: str, message: str) -> None:
        self.param = param
        super().__init__(f"{param}: {message}")


class TransportError(A2EError):
    """The request did not produce a usable HTTP answer.

    ``attempts`` is how many times it was sent (or tried) before giving up.
    """

    def __init__(
        self, message: str, *, method: str = "", endpoint: str = "", attempts: int = 1
    ) -> None:
        self.method = method
        self.endpoint = endpoint
        self.attempts = attempts
        self.detail = message
        where = f" ({method} {endpoint})" if endpoint else ""
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        super().__init__(f"{message}{tries}{where}")


class NetworkError(TransportError):
    """Connecting failed or the connection broke."""


class RequestTimeout(TransportError):
    """No answer arrived within the configured timeout."""


class OutcomeUnknownError(TransportError):
    """A create call may have reached A2E, but its outcome is unknown.

    No answer came back, the answer could not be read, or A2E answered 5xx (a gateway error
    can come after the job was taken); the cause is chained.

    A2E has no idempotency keys, so the SDK never resends such a call. Look the job up
    (``reference`` is the title or name it was sent with) before trying again.
    """

    def __init__(self, message: str, *, method: str, endpoint: str, reference: str | None) -> None:
        self.reference = reference
        hint = f"; look for a job named {reference!r} before resending" if reference else ""
        super().__init__(f"{message}{hint}", method=method, endpoint=endpoint)


class RedactedError(Exception):
    """Stands in, as a ``__cause__``, for a foreign exception that carried the request.

    aiohttp's ``ClientResponseError`` (raised e.g. for a malformed status line) keeps the
    request's headers, the API token included. The SDK chains this instead: ``kind`` is the
    original's qualified class name and the message its text, without URLs' query strings.
    """

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(f"{kind}: {message}" if message else kind)


class APIError(A2EError):
    """A2E answered with an error.

    Keeps everything needed to report or debug it: the HTTP ``status``, A2E's ``code`` and
    ``message``, the ``trace_id`` A2E support asks for, the ``endpoint`` and the raw
    ``payload`` (decoded JSON, or the text when it was not JSON).
    """

    def __init__(
        self,
        message: str,
        *,
        endpoint: str,
        status: int,
        code: int | str | None = None,
        trace_id: str | None = None,
        payload: Any = None,
    ) -> None:
        self.message = message
        self.endpoint = endpoint
        self.status = status
        self.code = code
        self.trace_id = trace_id
        self.payload = payload
        parts = [f"{endpoint}: {message}", f"HTTP {status}"]
        if code is not None:
            parts.append(f"code {code}")
        if trace_id:
            parts.append(f"trace_id {trace_id}")
        super().__init__(" | ".join(parts))


class AuthenticationError(APIError):
    """The token is missing, wrong or not allowed to do this (HTTP 401/403)."""


class NotFoundError(APIError):
    """The record does not exist (HTTP 404)."""


class RateLimitError(APIError):
    """A2E asked us to slow down (HTTP 429); ``retry_after`` is in seconds when known."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)


class InsufficientCreditsError(APIError):
    """The account lacks the coins or diamonds this call costs."""


class ServerError(APIError):
    """A2E failed on its side (HTTP 5xx)."""


class ResponseDecodeError(A2EError):
    """The answer could not be decoded: not JSON, or a shape the models reject.

    ``raw`` keeps the body (bytes or decoded JSON) so nothing is lost.
    """

    def __init__(self, message: str, *, endpoint: str, raw: Any) -> None:
        self.endpoint = endpoint
        self.raw = raw
        super().__init__(f"{endpoint}: {message}")


class ResponseTooLargeError(ResponseDecodeError):
    """The answer was larger than ``max_response_size`` bytes (after decompression).

    Reading stopped at the limit, so ``raw`` is ``None``; ``limit`` is the cap in bytes. A
    read is not resent (the next answer would be as large); a create raises
    :class:`OutcomeUnknownError` with this as its cause.
    """

    def __init__(self, *, endpoint: str, limit: int) -> None:
        self.limit = limit
        message = f"the answer is larger than {limit} bytes (max_response_size)"
        super().__init__(message, endpoint=endpoint, raw=None)


class CreateDecodeError(ResponseDecodeError, OutcomeUnknownError):
    """A2E accepted a call that creates work (``code`` 0), but its ``data`` is unreadable.

    The job exists, yet its id is unknown: do not resend; look it up by ``reference`` (the
    title or name it was sent with), as for any :class:`OutcomeUnknownError`. As a
    :class:`ResponseDecodeError` it keeps the data in ``raw``; ``endpoint`` is
    ``"METHOD /path"`` like every decode error's.
    """

    def __init__(self, message: str, *, endpoint: str, raw: Any, reference: str | None) -> None:
        method, _, _ = endpoint.partition(" ")
        hint = f"; look for a job named {reference!r} before resending" if reference else ""
        self.endpoint = endpoint
        self.raw = raw
        self.method = method
        self.reference = reference
        self.attempts = 1
        self.detail = message
        A2EError.__init__(self, f"{endpoint}: A2E accepted the call, but {message}{hint}")


# Defaults to Any, so a bare ``TaskFailed`` in an annotation stays valid under mypy --strict.
T = TypeVar("T", default=Any)


class TaskError(A2EError, Generic[T]):
    """A long-running task did not end in success. ``task`` is the last state seen (a model
    such as ``Video``; ``None`` if none was read).

    Generic over the family's model, e.g. ``TaskFailed[Video]``; ``except TaskFailed`` and
    ``isinstance`` take the plain class.
    """

    task: T | None

    def __init__(self, message: str, *, family: str, task_id: str, task: T | None = None) -> None:
        self.family = family
        self.task_id = task_id
        self.task = task
        super().__init__(f"{family} task {task_id}: {message}")


class TaskFailed(TaskError[T]):
    """A2E reported the task failed; ``task`` is the failed task, ``code`` and ``message``
    are A2E's failure detail."""

    task: T

    def __init__(
        self,
        *,
        family: str,
        task_id: str,
        task: T,
        code: str | None,
        message: str | None,
    ) -> None:
        self.code = code
        self.message = message
        detail = message or "no failure message"
        if code:
            detail = f"{detail} (code {code})"
        super().__init__(f"failed: {detail}", family=family, task_id=task_id, task=task)


class WaitTimeout(TaskError[T]):
    """The wait's deadline passed. The task keeps running on A2E; wait again or check later."""

    def __init__(self, *, family: str, task_id: str, task: T | None, deadline: float) -> None:
        self.deadline = deadline
        super().__init__(
            f"still running after {deadline:g} s (last status: {_status_of(task)})",
            family=family,
            task_id=task_id,
            task=task,
        )


class TaskNotFound(TaskError[T]):
    """The task is gone: deleted, expired, or the id is wrong."""


def _status_of(task: Any) -> str:
    status = getattr(task, "status", None)
    return str(status) if status is not None else "unknown"
