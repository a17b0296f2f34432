"""What every task-record family shares: read one, read many, list, delete, wait, watch.

A family is described by data (:class:`RecordPaths`, its model, its poll policy); its own
module adds only the start call with validated parameters. Adding a family is writing that
description, not a new loop. Each capability a family's paths name is one mixin
(:class:`Listed`, :class:`Batched`, :class:`Deletable`...), and a family offers exactly the
capabilities its paths allow (checked when the class is defined).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from .._converter import decode, decode_created_list, decode_list
from .._fields import split_wait
from .._spec import StartCall
from ..config import PollPolicy
from ..errors import NotFoundError, ValidationError
from ..models.common import Page
from ..models.records import TaskRecord
from ..waiter import TaskKind
from ..webhooks._defaults import with_webhook
from ._base import Resource, TaskResource, count_of, iterate_pages
from ._params import check_choice, check_int, check_text, path_id
from ._record_paths import RecordPaths, rows_of

__all__ = [
    "IMAGE_POLICY",
    "RECORD_FAILURE",
    "RECORD_RUNNING",
    "RECORD_SUCCESS",
    "VIDEO_POLICY",
    "Batched",
    "Deletable",
    "Listed",
    "ListedOnce",
    "RecordFamily",
    "RecordPaths",
    "Renamable",
    "Startable",
    "StatusListed",
    "WithProcessing",
    "rows_of",
    "start_tasks",
]

R = TypeVar("R", bound=TaskRecord)
T = TypeVar("T")

RECORD_RUNNING = frozenset({"initialized", "sent", "pending", "pendding", "processing"})
RECORD_SUCCESS = frozenset({"completed"})
# Callers of the live API also see "canceled".
RECORD_FAILURE = frozenset({"failed", "canceled", "cancelled"})

IMAGE_POLICY = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)
"""How image families poll: their images take seconds to a minute."""
VIDEO_POLICY = PollPolicy(initial_delay=10.0, factor=1.5, max_interval=30.0, deadline=3600.0)
"""How generated-video families poll: a clip takes minutes, longer when A2E queues it."""


async def start_tasks(
    resource: Resource, model: type[T], call: StartCall, params: Mapping[str, Any]
) -> builtins.list[T]:
    """Send one start call with ``params`` (checked, local media uploaded) and decode every
    task its answer holds (a record, or an array of them).

    Never resent once it may have reached A2E: ``OutcomeUnknownError`` then carries the
    job's name or title as its ``reference``.
    """
    params = with_webhook(call.spec, params, resource._client._webhook)
    body = await call.spec.body(params, resource._media_urls)
    reference = call.spec.reference_of(body)
    data = await resource._call("POST", call.path, json=body, reference=reference)
    rows = data if isinstance(data, list) else [data]
    return decode_created_list(model, rows, endpoint=f"POST {call.path}", reference=reference)


class RecordFamily(TaskResource[R]):
    """Base of every task-record area; subclasses set ``model``, ``paths`` and ``policy``."""

    model: ClassVar[type[Any]]
    paths: ClassVar[RecordPaths]
    policy: ClassVar[PollPolicy] = PollPolicy()
    start_call: ClassVar[StartCall]
    """The call that starts this family's tasks (absent where the SDK starts none)."""

    _capabilities: ClassVar[builtins.list[type[RecordFamily[Any]]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A family offers exactly the public calls its paths allow: no method that can only
        # fail, none missing. Checked once, when the family class is defined.
        super().__init_subclass__(**kwargs)
        if "_offered" in cls.__dict__:
            RecordFamily._capabilities.append(cls)
        paths = cls.__dict__.get("paths")
        if paths is None:
            return
        for mixin in RecordFamily._capabilities:
            if mixin._offered(paths) != issubclass(cls, mixin):
                raise TypeError(f"{cls.__name__}: paths and {mixin.__name__} disagree")

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        paths = self.paths
        paged = paths.list is not None and paths.page_params is not None
        self.kind: TaskKind[R] = TaskKind(
            family=paths.family,
            get=self.get,
            status=lambda t: t.status,
            success=RECORD_SUCCESS,
            failure=RECORD_FAILURE,
            running=RECORD_RUNNING,
            failure_detail=lambda t: (t.failed_code, t.failed_message),
            batch=self._batch if paths.batch else None,
            batch_size=paths.batch_size,
            processing=self._processing if paths.processing else None,
            list_page=self._list_items if paged else None,
            cancel=self._delete if paths.delete else None,
            policy=self.policy,
        )

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        """Whether a family with ``paths`` must have this capability; each capability mixin
        (the classes that define this method) answers for itself."""
        return False

    # -- reads -----------------------------------------------------------------------------
    async def get(
        self,
        task_id: str,
        *,
        extra_query: Mapping[str, Any] | None = None,
        timeout: float | None = None,
    ) -> R:
        """Read one task (``GET`` of the family's detail path).

        ``extra_query`` adds query parameters the SDK does not name (every read takes it).
        Where A2E has no detail call, the task is looked up in the family's list, newest
        first, page by page; ``NotFoundError`` when no page holds it. ``timeout`` (seconds)
        replaces the client's for this read's requests.
        """
        if timeout is not None:
            return await self._with_timeout(timeout).get(task_id, extra_query=extra_query)
        quoted = path_id("task_id", task_id)
        path = self.paths.detail
        if path is None:
            return await self._find(task_id, extra_query)
        if self.paths.detail_query:
            query = {self.paths.detail_query: task_id}
            data = await self._call("GET", path, params=query, extra_query=extra_query)
        else:
            data = await self._call("GET", path.format(id=quoted), extra_query=extra_query)
        if isinstance(data, list):  # some detail calls answer a one-item array
            data = data[0] if data else None
        result: R = decode(self.model, data, endpoint=f"GET {path}")
        return result

    async def _find(self, task_id: str, extra_query: Mapping[str, Any] | None) -> R:
        async for task in self._iterate(100, None, extra_query):
            if task.id == task_id:
                return task
        # A2E has no detail call to answer 404 here; a task absent from the whole list is
        # reported the same way (the waiter's TaskNotFound).
        raise NotFoundError(
            f"no task {task_id} in the family's list", endpoint=f"GET {self.paths.list}", status=404
        )

    async def _page(
        self,
        page: int,
        page_size: int,
        filters: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Page[R]:
        data, items = await self._fetch_page(page, page_size, filters, extra_query)
        return Page(items=items, page=page, page_size=page_size, total=count_of(data))

    def _iterate(
        self,
        page_size: int,
        filters: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[R]:
        return iterate_pages(lambda number: self._page(number, page_size, filters, extra_query))

    async def _fetch_page(
        self,
        page: int,
        page_size: int,
        filters: Mapping[str, Any] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> tuple[Any, builtins.list[R]]:
        assert self.paths.list is not None
        check_int("page", page, minimum=1)
        check_int("page_size", page_size, minimum=1, maximum=100)
        endpoint = f"GET {self.paths.list}"
        params = dict(filters or {})
        if self.paths.page_params is not None:
            number, size = self.paths.page_params
            params.update({number: page, size: page_size})
        data = await self._call("GET", self.paths.list, params=params, extra_query=extra_query)
        return data, decode_list(self.model, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def _list_items(self, page: int, page_size: int) -> builtins.list[R]:
        return (await self._fetch_page(page, page_size))[1]

    async def _batch(
        self, ids: Sequence[str], extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[R]:
        assert self.paths.batch is not None
        for task_id in ids:
            path_id("task_id", task_id)
        endpoint = f"POST {self.paths.batch}"
        body = {"ids": builtins.list(ids)}
        data = await self._call(
            "POST", self.paths.batch, json=body, idempotent=True, extra_body=extra_body
        )
        return decode_list(self.model, rows_of(data, endpoint=endpoint), endpoint=endpoint)

    async def _processing(self, extra_query: Mapping[str, Any] | None = None) -> builtins.list[R]:
        assert self.paths.processing is not None
        endpoint = f"GET {self.paths.processing}"
        data = await self._call("GET", self.paths.processing, extra_query=extra_query)
        # Face swap's in-flight items may come without _id (part2 §2): such an item can be
        # matched to no wait, and must not make the whole list unreadable.
        rows = [
            row
            for row in rows_of(data, endpoint=endpoint)
            if not isinstance(row, Mapping) or row.get("_id")
        ]
        return decode_list(self.model, rows, endpoint=endpoint)

    # -- writes ----------------------------------------------------------------------------
    async def _delete(self, task_id: str) -> None:
        assert self.paths.delete is not None
        quoted = path_id("task_id", task_id)
        method, path = self.paths.delete_method, self.paths.delete
        if "{id}" in path:
            await self._call(method, path.format(id=quoted), idempotent=True)
        else:
            await self._call(method, path, json={"_id": task_id}, idempotent=True)

    async def _start_with(self, params: Mapping[str, Any], call: StartCall | None = None) -> R:
        return (await self._start_all_with(params, call))[0]

    async def _start_all_with(
        self, params: Mapping[str, Any], call: StartCall | None = None
    ) -> builtins.list[R]:
        return await start_tasks(self, self.model, call or self.start_call, params)

    async def _wait_all(self, tasks: builtins.list[R], wait: Mapping[str, Any]) -> builtins.list[R]:
        """Wait for every task of one start call; the first failure raises ``TaskFailed``
        (the others keep running on A2E). Returns them completed, in A2E's order."""
        done = []
        # One after the other is as fast as all at once: the waits share one poller.
        for task in tasks:
            done.append(await self._wait_started(task, **wait))
        return done


class Startable(RecordFamily[R]):
    """A family whose verb is ``start(...)`` (with ``start_and_wait``), from one spec.

    A family declares ``start_call`` (its path and parameter spec) and two one-line methods
    typed with that spec; the checking, the body and the waiting are done here. Every
    ``start`` sends its family's start call once: ``ValidationError`` before sending,
    ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never resent), an
    ``APIError`` subclass for A2E's refusals.
    """

    # Each family defines start() and start_and_wait() typed with its own spec.
    start: Callable[..., Awaitable[Any]]

    async def _start_and_wait(self, params: Mapping[str, Any]) -> R:
        start, wait = split_wait(params)
        task = await self.start(**start)
        waiting = self._wait_started(task, **wait)
        del task  # see _wait_started
        return await waiting

    async def _start_all_and_wait(self, params: Mapping[str, Any]) -> builtins.list[R]:
        """For a ``start`` that answers several tasks: wait for each (see :meth:`_wait_all`)."""
        start, wait = split_wait(params)
        return await self._wait_all(await self.start(**start), wait)


class Listed(RecordFamily[R]):
    """A family with a newest-first paged list (``allRecords`` / ``records`` / ``list``)."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.list is not None and paths.page_params is not None

    async def list_page(
        self, page: int = 1, page_size: int = 10, *, extra_query: Mapping[str, Any] | None = None
    ) -> Page[R]:
        """One page of this family's tasks, newest first (page size at most 100)."""
        return await self._page(page, page_size, None, extra_query)

    def list(
        self, *, page_size: int = 50, extra_query: Mapping[str, Any] | None = None
    ) -> AsyncIterator[R]:
        """Every task of this family, newest first, fetching pages lazily."""
        return self._iterate(page_size, None, extra_query)


class ListedOnce(RecordFamily[R]):
    """A family whose list A2E documents without paging parameters: read in one request."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.list is not None and paths.page_params is None

    async def list(self, *, extra_query: Mapping[str, Any] | None = None) -> AsyncIterator[R]:
        """The tasks one ``GET`` of the list answers, newest first.

        A2E's catalog names no paging parameters for this list, so this is whatever one
        request returns (A2E picks its size); ``extra_query`` can carry paging parameters
        if you know their names.
        """
        for task in (await self._fetch_page(1, 100, None, extra_query))[1]:
            yield task


class StatusListed(Listed[R]):
    """A family whose list also filters by status (``status`` in the query)."""

    list_statuses: ClassVar[tuple[str, ...]]
    """The values A2E's ``status`` filter takes."""

    async def list_page(
        self,
        page: int = 1,
        page_size: int = 10,
        *,
        status: str | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Page[R]:
        """One page of this family's tasks, newest first (page size at most 100), only
        those with ``status`` (one of :attr:`list_statuses`) when given."""
        return await self._page(page, page_size, self._status_filter(status), extra_query)

    def list(
        self,
        *,
        page_size: int = 50,
        status: str | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[R]:
        """Every task of this family (optionally only those with ``status``), newest first,
        fetching pages lazily."""
        return self._iterate(page_size, self._status_filter(status), extra_query)

    def _status_filter(self, status: str | None) -> dict[str, Any] | None:
        if status is None:
            return None
        return {"status": check_choice("status", status, self.list_statuses)}


class Batched(RecordFamily[R]):
    """A family with ``batchDetail``: many tasks in one read."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.batch is not None

    async def get_many(
        self, task_ids: Sequence[str], *, extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[R]:
        """Read many tasks at once: ``POST`` the family's ``batchDetail`` with ``{"ids"}``.

        Sends one request per ``paths.batch_size`` ids (200 where A2E states that cap, else
        100). Ids A2E does not know are left out of the answer, so match the results by
        ``id``, not by position.
        """
        if isinstance(task_ids, str):
            raise ValidationError("task_ids", "must be a sequence of ids, not one string")
        ids = builtins.list(task_ids)
        size = self.paths.batch_size
        found: builtins.list[R] = []
        for start in range(0, len(ids), size):
            found.extend(await self._batch(ids[start : start + size], extra_body))
        return found


class WithProcessing(RecordFamily[R]):
    """A family with a list of its in-flight tasks."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.processing is not None

    async def list_processing(
        self, *, extra_query: Mapping[str, Any] | None = None
    ) -> builtins.list[R]:
        """The tasks A2E still works on: ``GET`` the family's in-flight list."""
        return await self._processing(extra_query)


class Deletable(RecordFamily[R]):
    """A family whose tasks can be deleted."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.delete is not None

    async def delete(self, task_id: str) -> None:
        """Delete the task (A2E usually soft-deletes; a running task is cancelled)."""
        await self._delete(task_id)


class Renamable(RecordFamily[R]):
    """A family whose tasks can be renamed (``PUT {prefix}/{id}`` ``{"name"}``)."""

    @classmethod
    def _offered(cls, paths: RecordPaths) -> bool:
        return paths.rename is not None

    async def rename(
        self, task_id: str, name: str, *, extra_body: Mapping[str, Any] | None = None
    ) -> R:
        """Rename a task: ``PUT`` its path with ``{"name"}``; returns the task.

        Nothing else changes (settings, status, output). A2E documents no answer body: when
        it carries no record, the task is read again.
        """
        assert self.paths.rename is not None
        quoted = path_id("task_id", task_id)
        body = self._with_extra({"name": check_text("name", name)}, extra_body)
        data = await self._call(
            "PUT", self.paths.rename.format(id=quoted), json=body, idempotent=True
        )
        if isinstance(data, Mapping) and data.get("_id"):
            result: R = decode(self.model, data, endpoint=f"PUT {self.paths.rename}")
            return result
        return await self.get(task_id)
