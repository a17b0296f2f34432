"""The steps of one job, each ending in a journal write: send, look up, wait, download.

:class:`JobSteps` is the part of :class:`~a2e_async.batch.BatchRunner` that moves one
claimed job on; the runner decides which job goes when. Every write is fenced by the
worker's claim (``Journal.update``), so a step whose job was taken over writes nothing.
"""

from __future__ import annotations

import logging
import os
import random
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from ..errors import (
    A2EError,
    APIError,
    AuthenticationError,
    InsufficientCreditsError,
    NetworkError,
    RateLimitError,
    TaskFailed,
    TaskNotFound,
    ValidationError,
    WaitTimeout,
)
from ..resources import Starter
from ._lookup import Lookup
from .jobs import decode_params
from .journal import JobRow, JobState, Journal
from .results import download_names, result_urls, task_json

if TYPE_CHECKING:
    from ..client import A2EClient

__all__ = ["MAX_TRIES", "JobSteps"]

log = logging.getLogger("a2e_async.batch")

MAX_TRIES = 8
"""Consecutive transient failures of one step (backing off up to 5 minutes) before the job
is marked for a person to check."""

PENDING, SUBMITTING, SUBMITTED = JobState.PENDING, JobState.SUBMITTING, JobState.SUBMITTED
DONE, FAILED = JobState.DONE, JobState.FAILED


class JobSteps(ABC):
    """Moves claimed jobs on. The runner sets these attributes and provides
    :meth:`_hand_off` (start waiting for a job) and :meth:`stop`."""

    client: A2EClient
    journal: Journal
    worker: str
    settle: float
    poll_interval: float
    download_dir: Path | None
    _starters: Mapping[str, Starter]
    _lookup: Lookup
    _stopping: bool
    _halted: str | None
    _slots: anyio.Semaphore

    @abstractmethod
    def stop(self) -> None:
        """Stop the run cleanly (see :meth:`BatchRunner.stop`)."""

    @abstractmethod
    def _hand_off(self, row: JobRow) -> None:
        """Start waiting for a job just submitted, keeping its claim."""

    async def _submit(self, row: JobRow) -> None:
        """Send a pending job's create call once a slot is free (``concurrency`` creates,
        with their uploads, at once)."""
        async with self._slots:
            if self._stopping or self._halted:
                await self.journal.release(self.worker, row.key)
                return
            await self._send(row)

    async def _send(self, row: JobRow) -> None:
        """Upload, then the create call, bracketed by ``submitting`` and its task id."""
        starter = self._starters[row.kind]
        try:
            params = await self._prepared(starter, row)
        except A2EError as exc:
            await self._not_created(row, exc)
            return
        written = await self.journal.update(
            row.key,
            self.worker,
            expect=PENDING,
            require_lease=True,
            stamp="submitting_at",
            state=SUBMITTING,
            attempts=row.attempts + 1,
            error=None,
        )
        if not written:
            return  # another worker holds it now
        try:
            task = await getattr(starter.resource, starter.call.method)(**params)
        except (ValidationError, AuthenticationError, InsufficientCreditsError) as exc:
            await self._not_created(row, exc)
            return
        except (NetworkError, RateLimitError) as exc:  # never reached A2E, or refused first
            await self._not_created(row, exc)
            return
        except APIError as exc:  # A2E answered with a refusal: nothing was created
            await self._failed(row, exc.message, code=exc.code)
            return
        except A2EError as exc:  # it may exist (no answer, an unreadable one): look it up
            log.warning("job %s: outcome unknown (%s); looking it up later", row.key, exc)
            await self.journal.update(
                row.key, self.worker, release=True, delay=self.settle, error=str(exc)
            )
            return
        await self._record_task(row, starter, task)

    async def _prepared(self, starter: Starter, row: JobRow) -> dict[str, Any]:
        """The start call's keyword arguments: the job's params with local files uploaded
        (before ``submitting``, so that state brackets nothing but the create call) and
        the job's name."""
        spec = starter.call.spec
        params = decode_params(spec, row.params)
        for name, value in list(params.items()):
            spec_field = spec.fields.get(name)
            if spec_field is None or not spec_field.media:
                continue
            if isinstance(value, list):
                params[name] = [await self._uploaded(item) for item in value]
            else:
                params[name] = await self._uploaded(value)
        if row.reference is not None and spec.reference is not None:
            params[spec.reference] = row.reference
        return params

    async def _uploaded(self, value: Any) -> Any:
        if isinstance(value, os.PathLike):
            return await self.client.storage.upload(value)
        return value

    async def _not_created(self, row: JobRow, exc: A2EError) -> None:
        """The create call certainly created nothing: back to ``pending`` (or ``failed``
        for a bad parameter), halting the batch when credits or the token gave out."""
        if isinstance(exc, ValidationError):
            await self._failed(row, str(exc))
            return
        if isinstance(exc, InsufficientCreditsError):
            self._halt(f"credits ran out: {exc.message}")
        elif isinstance(exc, AuthenticationError):
            self._halt(f"the token was refused: {exc.message}")
            self.stop()
        if isinstance(exc, (InsufficientCreditsError, AuthenticationError)):
            await self.journal.update(
                row.key, self.worker, release=True, state=PENDING, error=str(exc)
            )
            return
        await self._back_off(row, exc, state=PENDING)

    async def _record_task(self, row: JobRow, starter: Starter, created: Any) -> None:
        tasks = created if isinstance(created, list) else [created]
        task_id = ",".join(str(task.id) for task in tasks)
        if starter.call.final:  # answered finished (a watermark): nothing to wait for
            await self._finish(row, tasks, state=SUBMITTING, extra={"task_id": task_id})
            return
        await self._submitted(row, task_id, expect=None, error=None)

    async def _submitted(
        self, row: JobRow, task_id: str, *, expect: JobState | None, **values: Any
    ) -> None:
        """Write the job's task id(s), then wait for them (unless stopping)."""
        written = await self.journal.update(
            row.key,
            self.worker,
            expect=expect,
            stamp="submitted_at",
            release=self._stopping,
            state=SUBMITTED,
            task_id=task_id,
            tries=0,
            **values,
        )
        if written and not self._stopping:
            self._hand_off(attrs.evolve(row, state=SUBMITTED, task_id=task_id))

    async def _failed(self, row: JobRow, error: str, *, code: Any = None, task: Any = None) -> None:
        """Record the job failed with A2E's (or the SDK's) reason; nothing more is tried."""
        await self.journal.update(
            row.key,
            self.worker,
            release=True,
            stamp="finished_at",
            state=FAILED,
            error=error,
            error_code=None if code is None else str(code),
            result=None if task is None else task_json(task),
        )

    async def _reconcile(self, row: JobRow) -> None:
        """A job found in ``submitting``: find it at A2E by name, else send it again."""
        if not self._lookup.can_look_up(row.kind):
            note = (
                f"its create call may have reached A2E, and A2E has no list of {row.kind} "
                "tasks to check: look for it, then `a2e batch resolve` it"
            )
            await self.journal.update(
                row.key, self.worker, release=True, needs_check=True, note=note
            )
            return
        age = (row.seen_at or 0.0) - (row.submitting_at or 0.0)
        if row.submitting_at is not None and age < self.settle:
            await self.journal.update(row.key, self.worker, release=True, delay=self.settle - age)
            return
        assert row.reference is not None
        try:
            found = await self._lookup.find(row.kind, row.reference, since=row.submitting_at)
        except A2EError as exc:
            await self._back_off(row, exc, state=SUBMITTING)
            return
        if found:
            note = f"found at A2E by its name {row.reference!r}"
            if self._lookup.creates_many(row.kind):
                task_id = ",".join(reversed(found))  # one call's tasks, in creation order
            else:
                task_id = found[0]
                if len(found) > 1:
                    note += f"; {len(found)} tasks carry it: {', '.join(found)} (newest used)"
            await self._submitted(row, task_id, expect=SUBMITTING, note=note)
            return
        if self._stopping:
            return
        written = await self.journal.update(
            row.key,
            self.worker,
            expect=SUBMITTING,
            state=PENDING,
            tries=0,
            note="not found at A2E after an unanswered create call: sent again",
        )
        if written:
            await self._submit(attrs.evolve(row, state=PENDING))

    async def _wait(self, row: JobRow) -> None:
        """Wait for a submitted job's task to end and record how."""
        starter = self._starters[row.kind]
        assert row.task_id is not None
        if starter.call.wait is None:  # a task id given by hand for a final-at-once family
            await self._finish(row, [], state=SUBMITTED, extra={})
            return
        wait = getattr(starter.resource, starter.call.wait)
        try:
            tasks = [await wait(task_id) for task_id in row.task_id.split(",")]
        except TaskFailed as exc:
            await self._failed(row, exc.message or str(exc), code=exc.code, task=exc.task)
            return
        except TaskNotFound as exc:
            await self._failed(row, f"the task is gone at A2E: {exc}")
            return
        except WaitTimeout as exc:
            # Still running at A2E: wait again later (another run, or this one).
            await self.journal.update(
                row.key, self.worker, release=True, delay=self.poll_interval, error=str(exc)
            )
            return
        except AuthenticationError as exc:
            self._halt(f"the token was refused: {exc.message}")
            self.stop()
            return
        except A2EError as exc:
            await self._back_off(row, exc, state=SUBMITTED)
            return
        await self._finish(row, tasks, state=SUBMITTED, extra={})

    async def _finish(
        self, row: JobRow, tasks: Sequence[Any], *, state: JobState, extra: Mapping[str, Any]
    ) -> None:
        """Record a job done with its tasks' results (one task: its record; several:
        ``{"tasks": [...]}``), then download them when asked."""
        records = [task_json(task) for task in tasks]
        result = records[0] if len(records) == 1 else {"tasks": records} if records else None
        urls = result_urls(row.kind, result)
        download = self.download_dir is not None and bool(urls) and not self._stopping
        written = await self.journal.update(
            row.key,
            self.worker,
            expect=state,
            release=not download,
            stamp="finished_at",
            state=DONE,
            result=result,
            result_url=urls[0] if urls else None,
            tries=0,
            error=None,
            **extra,
        )
        if written and download:
            await self._download(attrs.evolve(row, state=DONE, result=result))

    async def _download(self, row: JobRow) -> None:
        """Save a done job's results under ``download_dir`` (resumable, atomic)."""
        assert self.download_dir is not None
        urls = result_urls(row.kind, row.result)
        names = download_names(row.key, row.download, urls)
        try:
            self.download_dir.mkdir(parents=True, exist_ok=True)
            saved = [
                str(await self.client.download(url, self.download_dir / name))
                for url, name in zip(urls, names, strict=True)
            ]
        except (A2EError, OSError) as exc:
            await self._back_off(row, exc, state=DONE)
            return
        await self.journal.update(
            row.key, self.worker, release=True, downloaded=os.pathsep.join(saved), tries=0
        )

    async def _back_off(self, row: JobRow, exc: Exception, *, state: JobState) -> None:
        """A transient failure of the job's current step: try again later, or after
        :data:`MAX_TRIES` mark it for a person to check."""
        tries = row.tries + 1
        values: dict[str, Any] = {"state": state, "tries": tries, "error": str(exc)}
        if tries >= MAX_TRIES:
            note = f"{tries} failures in a row while {row.state.value}; last: {exc}"
            await self.journal.update(
                row.key, self.worker, release=True, needs_check=True, note=note, **values
            )
            return
        delay = min(2.0**tries, 300.0) * random.uniform(0.5, 1.0)
        await self.journal.update(row.key, self.worker, release=True, delay=delay, **values)

    def _halt(self, reason: str) -> None:
        if self._halted is None:
            self._halted = reason
            log.warning("batch: sending no more jobs: %s", reason)
