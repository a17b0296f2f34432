"""What every resource shares: the client's session and waiter, and local-media handling."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar
from urllib.parse import urlsplit

from ..config import PollPolicy
from ..errors import ValidationError
from ..models.common import Page
from ._params import check_url

if TYPE_CHECKING:
    from .._session import Session
    from ..client import A2EClient
    from ..waiter import ProgressCallback, TaskKind, TaskWaiter

__all__ = ["MediaInput", "Resource", "TaskResource", "count_of", "iterate_pages", "media_list"]

T = TypeVar("T")

MediaInput: TypeAlias = str | os.PathLike[str] | tuple[bytes, str]
"""Media for any parameter that takes a media URL: an ``http(s)`` URL (sent as is), a local
path (``pathlib.Path``; uploaded first), or ``(data, filename)`` bytes (uploaded first; the
filename gives the Content-Type). Uploads go through ``client.storage.upload``."""


class Resource:
    """Base of the per-area classes hung off :class:`~a2e_async.A2EClient`."""

    def __init__(self, client: A2EClient) -> None:
        self._client = client
        self._session: Session = client._session
        self._waiter: TaskWaiter = client._waiter

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def _call(self, method: str, path: str, **kwargs: Any) -> Awaitable[Any]:
        # Not a coroutine itself: one frame fewer on every request.
        return self._session.request(method, path, **kwargs)

    async def _media_url(self, name: str, value: MediaInput) -> str:
        """The URL to send for ``value``: a URL as is, a local file or bytes uploaded first.

        Raises ``ValidationError`` naming ``name`` for anything else, or a missing file,
        before anything is sent.
        """
        return (await self._media_urls(name, [value]))[0]

    async def _media_map(
        self, inputs: Mapping[str, MediaInput | None], *, optional: Collection[str] = ()
    ) -> dict[str, str]:
        """URLs for ``{param: media}``, uploading local files first.

        Inputs named in ``optional`` may be ``None`` (and are skipped); the others are
        required. All are validated before anything is uploaded.
        """
        for param, value in inputs.items():
            if value is None and param not in optional:
                raise ValidationError(param, "is required")
        given = {param: value for param, value in inputs.items() if value is not None}
        for param, value in given.items():
            _check_media(param, value)
        return {param: await self._media_url(param, value) for param, value in given.items()}

    async def _media_urls(self, name: str, values: Sequence[MediaInput]) -> list[str]:
        """Like :meth:`_media_url` for several inputs; every one is checked before any upload."""
        checked = [_check_media(name, value) for value in values]
        urls: list[str] = []
        for value in checked:
            if isinstance(value, str):
                urls.append(value)
            elif isinstance(value, tuple):
                urls.append(await self._client.storage.upload(value[0], filename=value[1]))
            else:
                urls.append(await self._client.storage.upload(value))
        return urls


def _check_media(name: str, value: Any) -> str | os.PathLike[str] | tuple[bytes, str]:
    if isinstance(value, str):
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https"):
            # A bare string is a URL; a local path must say so, or a typo would upload junk.
            raise ValidationError(
                name, f"must be an http(s) URL, got {value!r}; pass pathlib.Path(...) to upload"
            )
        return check_url(name, value)
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        if not isinstance(path, str):
            raise ValidationError(name, "a path must be a text path, not bytes")
        if not os.path.isfile(path):
            raise ValidationError(name, f"no such file: {path}")
        return value
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], (bytes, bytearray, memoryview))
        and isinstance(value[1], str)
    ):
        if not value[1].strip():
            raise ValidationError(name, "the filename of (data, filename) must not be empty")
        return bytes(value[0]), value[1]
    raise ValidationError(
        name, f"must be a URL, a local path or (bytes, filename), got {type(value).__name__}"
    )


def media_list(
    param: str, values: Sequence[MediaInput], *, minimum: int, maximum: int | None = None
) -> list[MediaInput]:
    """A list of media inputs with a documented item count."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValidationError(param, "must be a list of URLs, paths or (bytes, filename)")
    items = list(values)
    if len(items) < minimum:
        raise ValidationError(param, f"needs at least {minimum} items, got {len(items)}")
    if maximum is not None and len(items) > maximum:
        raise ValidationError(param, f"takes at most {maximum} items, got {len(items)}")
    return items


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
            policy=poll_policy,
            on_progress=on_progress,
            cancel_remote=cancel_remote,
        )

    def watch(self, task_id: str, *, poll_policy: PollPolicy | None = None) -> AsyncIterator[T]:
        """Yield the task at every change of status or progress until it ends."""
        return self._waiter.watch(self.kind, task_id, policy=poll_policy)

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
            policy=poll_policy,
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
