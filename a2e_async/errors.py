"""Every exception the SDK raises, rooted at :class:`A2EError`.

::

    A2EError
    ├── ValidationError            a bad parameter; raised before anything is sent
    ├── TransportError             the request did not get a usable answer
    │   ├── NetworkError           could not connect / the connection broke (reads are retried)
    │   ├── RequestTimeout         no answer in time
    │   └── OutcomeUnknownError    a create was sent but its outcome is unknown (no answer, an
    │                              unreadable one, or a 5xx): reconcile, do not resend blindly
    │                              (carries method, path and the job's name or title)
    ├── APIError                   A2E answered with an error (HTTP status or ``code != 0``)
    │   ├── AuthenticationError    401/403: bad, missing or revoked token
    │   ├── NotFoundError          404: no such record
    │   ├── RateLimitError         429: slow down (``retry_after`` seconds when A2E says)
    │   ├── InsufficientCreditsError  402, or a message that says coins/credits ran out
    │   └── ServerError            5xx
    ├── ResponseDecodeError        the body was not JSON, or not the shape the models expect
    └── TaskError                  a long-running task did not end in success
        ├── TaskFailed             A2E reported failure (``task``, ``code``, ``message``)
        ├── WaitTimeout            the wait's deadline passed; the task keeps running remotely
        └── TaskNotFound           the task disappeared (deleted, expired, wrong id)

Messages are meant for humans and never contain the API token.
"""

from __future__ import annotations

from typing import Any, Generic

from typing_extensions import TypeVar

__all__ = [
    "A2EError",
    "APIError",
    "AuthenticationError",
    "InsufficientCreditsError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "RateLimitError",
    "RequestTimeout",
    "ResponseDecodeError",
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
    """The request did not produce a usable HTTP answer."""

    def __init__(self, message: str, *, method: str = "", endpoint: str = "") -> None:
        self.method = method
        self.endpoint = endpoint
        where = f" ({method} {endpoint})" if endpoint else ""
        super().__init__(f"{message}{where}")


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
