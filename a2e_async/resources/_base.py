"""What every resource shares: the client's session and waiter, and local-media handling."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .._fields import MediaInput, check_media
from .._spec import StartCall, check_extra_body
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.common import Page
from ._params import has_surrogates

if TYPE_CHECKING:
    from .._session import Session
    from ..client import A2EClient
    from ..waiter import ProgressCallback, TaskKind, TaskWaiter

__all__ = [
    "MediaInput",
    "Resource",
    "TaskResource",
    "check_media",
    "count_of",
    "iterate_pages",
]

T = TypeVar("T")
R = TypeVar("R", bound="Resource")


class Resource:
    """Base of the per-area classes hung off :class:`~a2e_async.A2EClient`."""

    start_calls: ClassVar[Mapping[str, StartCall]] = {}
    """The calls of this area that start tasks, by the name of the method that sends each
    (collected from the class's :class:`~a2e_async._spec.StartCall` attributes)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, StartCall] = {}
        for klass in reversed(cls.__mro__):
            found.update(
                (value.method, value)
                for value in vars(klass).values()
                if isinstance(value, StartCall)
            )
        cls.start_calls = found

    def __init__(self, client: A2EClient) -> None:
        self._client = client
        self._session: Session = client._session
        self._waiter: TaskWaiter = client._waiter

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _with_timeout(self: R, timeout: float) -> R:
        """This area on a view of the client whose requests time out after ``timeout``
        seconds (a read's ``timeout=``): the same connections and limits."""
        return type(self)(self._client.with_options(timeout=timeout))

    def _call(
        self,
        method: str,
        path: str,
        *,
        extra_body: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Awaitable[Any]:
        """Send through the session, with the caller's ``extra_body`` / ``extra_query``
        (wire fields the SDK does not name yet) merged in after validation."""
        # Not a coroutine itself: one frame fewer on every request.
        if extra_body is not None:
            kwargs["json"] = self._with_extra(kwargs.get("json") or {}, extra_body)
        if extra_query is not None:
            kwargs["params"] = _with_query(kwargs.get("params") or {}, extra_query)
        return self._session.request(method, path, **kwargs)

    @staticmethod
    def _with_extra(body: dict[str, Any], extra_body: Mapping[str, Any] | None) -> dict[str, Any]:
        """``body`` with the caller's ``extra_body`` merged in; keys it sends are refused."""
        if extra_body is None:
            return body
        return {**body, **check_extra_body(extra_body, {key: key for key in body})}

    async def _media_url(self, name: str, value: MediaInput) -> str:
        """The URL to send for ``value``: a URL as is, a local file or bytes uploaded first.

        Raises ``ValidationError`` naming ``name`` for anything else, or a missing file,
        before anything is sent.
        """
        return (await self._media_urls(name, [value]))[0]

    async def _media_urls(self, name: str, values: Sequence[MediaInput]) -> list[str]:
        """Like :meth:`_media_url` for several inputs; every one is checked before any upload."""
        checked = [check_media(name, value) for value in values]
        urls: list[str] = []
        for value in checked:
            if isinstance(value, str):
                urls.append(value)
            elif isinstance(value, tuple):
                urls.append(await self._client.storage.upload(value[0], filename=value[1]))
            else:
                urls.append(await self._client.storage.upload(value))
        return urls


def _with_query(params: Mapping[str, Any], extra: Any) -> dict[str, Any]:
    """``params`` with the caller's ``extra_query``; a key the call already sends is refused."""
    if not isinstance(extra, Mapping) or not all(isinstance(key, str) for key in extra):
        raise ValidationError("extra_query", "must be a mapping with string keys")
    for key, value in extra.items():
        if key in params:
            raise ValidationError("extra_query", f"{key!r} is sent by a named parameter")
        if not isinstance(value, (str, int, float, bool)):
            raise ValidationError("extra_query", f"{key!r}: values must be str, int, float or bool")
        if has_surrogates(key) or (isinstance(value, str) and has_surrogates(value)):
            raise ValidationError("extra_query", f"{key!r} holds a lone surrogate")
    return {**params, **extra}


class TaskResource(Resource, Generic[T]):
    """An area whose tasks can be waited for: ``wait`` and ``watch`` over its ``kind``."""

    kind: TaskKind[T]

    async def wait(
        self,
        task_id: str,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
    ) -> T:
        """Wait until the task ends; returns it on success.

        Raises ``TaskFailed`` (A2E's code and message), ``WaitTimeout`` at the policy's
        deadline (the task goes on remotely), ``TaskNotFound`` if it disappears.
        ``cancel_remote=True`` deletes the remote task if the wait is cancelled or times out.
        """
        return await self._waiter.wait(
            self.kind,
            task_id,
            policy=poll_policy or self._client.config.poll,
            on_progress=on_progress,
            cancel_remote=cancel_remote,
        )

    def watch(self, task_id: str, *, poll_policy: PollPolicy | None = None) -> AsyncIterator[T]:
        """Yield the task at every change of status or progress until it ends."""
        return self._waiter.watch(
            self.kind, task_id, policy=poll_policy or self._client.config.poll
        )

    async def _wait_started(
        self,
        task: T,
        *,
        poll_policy: PollPolicy | None,
        on_progress: ProgressCallback | None,
        cancel_remote: bool,
    ) -> T:
        """Wait for a task a start call just returned (its first poll waits a moment)."""
        waiting = self._waiter.wait(
            self.kind,
            self.kind.task_id(task),
            policy=poll_policy or self._client.config.poll,
            initial=task,
            on_progress=on_progress,
            cancel_remote=cancel_remote,
        )
        del task  # the waiter holds the newest state; this frame need not pin the first
        return await waiting


async def iterate_pages(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """Every item of a paged list, fetching page 1, 2, ... lazily until the last one."""
    number = 1
    while True:
        page = await fetch(number)
        for item in page.items:
            yield item
        if not page.items or not page.has_more:
            return
        number += 1


def count_of(data: Any) -> int | None:
    """The total a list answer states (``count`` or ``total``), if any."""
    if isinstance(data, Mapping):
        for key in ("count", "total"):
            value = data.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
    return None
