""":class:`BatchRunner`: fan a batch out to A2E, crash-safe, never paying twice.

Every step is written to the journal before the next one starts. A job's create call is
bracketed by ``submitting`` (written just before it is sent, after any upload) and its task
id; a job left in ``submitting`` (a crash, an unanswered call) is looked up by its name in
its family's list once ``settle`` seconds have passed since it was sent, and sent again only
when it is certainly not there. Families A2E does not list (``face_swap_preview``,
``watermark``) are never sent again blindly: such a job is marked for a person to check.
"""

from __future__ import annotations

import inspect
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import attrs

from ..errors import (
    ValidationError,
)
from ..resources import Starter, starters
from ._lookup import Lookup
from ._steps import JobSteps
from .budget import Budget, BudgetError, estimate_budget
from .jobs import (
    Job,
    JobFileError,
    JobProblem,
    check_jobs,
    fingerprint,
    reference_for,
    reference_limit,
)
from .journal import STATES, JobEntry, JobRow, JobState, Journal

if TYPE_CHECKING:
    from ..client import A2EClient

__all__ = ["DEFAULT_SETTLE", "BatchRunner", "BatchSummary", "Progress", "ProgressCallback"]

log = logging.getLogger("a2e_async.batch")

DEFAULT_SETTLE = 120.0
"""Seconds after a job went to ``submitting`` before it is looked up: longer than a create
call can take (the client's timeout, with room), so a call still on its way is not missed."""

PENDING, SUBMITTING, SUBMITTED = JobState.PENDING, JobState.SUBMITTING, JobState.SUBMITTED
DONE, FAILED = JobState.DONE, JobState.FAILED


@attrs.frozen
class Progress:
    """A snapshot of the batch, from the journal (all workers included)."""

    counts: Mapping[str, int]
    """Jobs per state (``pending`` ... ``failed``), plus ``needs_check``."""
    total: int
    """Jobs in the journal."""
    elapsed: float
    """Seconds since this run started."""
    rate: float | None
    """Jobs ended (done or failed) per second in this run, once some have."""
    eta: float | None
    """Seconds until every job has ended, at that rate."""

    @property
    def ended(self) -> int:
        """Jobs done or failed."""
        return self.counts["done"] + self.counts["failed"]


ProgressCallback = Callable[[Progress], Awaitable[None] | None]


@attrs.frozen
class BatchSummary:
    """How a run ended."""

    counts: Mapping[str, int]
    """Jobs per state at the end (every worker's), plus ``needs_check``."""
    elapsed: float
    """Seconds the run took."""
    worker: str
    """This runner's worker id."""
    interrupted: bool = False
    """Stopped early (:meth:`BatchRunner.stop`, Ctrl-C)."""
    halted: str | None = None
    """Why no more jobs were sent (credits ran out, the token was refused), if so."""
    attention: tuple[JobRow, ...] = ()
    """Jobs a person must check (``a2e batch resolve``)."""

    @property
    def complete(self) -> bool:
        """Every job ended (done or failed) and none needs a check."""
        active = sum(self.counts[state.value] for state in (PENDING, SUBMITTING, SUBMITTED))
        return active == 0 and self.counts["needs_check"] == 0

    @property
    def ok(self) -> bool:
        """Every job is done."""
        return self.complete and self.counts["failed"] == 0


class BatchRunner(JobSteps):
    """Runs the jobs of a journal with ``client``.

    ``concurrency`` bounds the create calls (with their uploads) in flight; waits are
    coalesced by the client's waiter, so thousands cost few requests; the client's rate
    limits apply to every call. ``download_dir`` saves each result there (atomic,
    resumable). ``on_progress`` (sync or async) gets a :class:`Progress` every
    ``progress_interval`` seconds. ``lease`` is how long a claim holds without renewal
    (a dead worker's jobs wait that long); ``settle``: see :data:`DEFAULT_SETTLE`.
    ``force`` starts even when the budget guard says the credits will not do; ``quote``
    asks A2E to price jobs the SDK cannot.
    """

    def __init__(
        self,
        client: A2EClient,
        journal: Journal,
        *,
        concurrency: int = 8,
        download_dir: str | os.PathLike[str] | None = None,
        on_progress: ProgressCallback | None = None,
        progress_interval: float = 1.0,
        lease: float = 30.0,
        settle: float = DEFAULT_SETTLE,
        force: bool = False,
        quote: bool = True,
        worker: str | None = None,
        poll_interval: float = 1.0,
        max_held: int = 1000,
    ) -> None:
        if concurrency < 1:
            raise ValidationError("concurrency", "must be at least 1")
        if lease <= 0 or settle < 0 or poll_interval <= 0 or progress_interval <= 0:
            raise ValidationError("lease", "lease and intervals must be positive, settle >= 0")
        self.client = client
        self.journal = journal
        self.concurrency = concurrency
        self.download_dir = Path(download_dir) if download_dir is not None else None
        self.on_progress = on_progress
        self.progress_interval = progress_interval
        self.lease = lease
        self.settle = settle
        self.force = force
        self.quote = quote
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.poll_interval = poll_interval
        self.max_held = max(max_held, 2 * concurrency)
        self._starters: dict[str, Starter] = starters(client)
        self._lookup = Lookup(self._starters)
        self._held: set[str] = set()
        self._sending: set[str] = set()
        self._waiting: set[str] = set()
        self._stopping = False
        self._halted: str | None = None
        self._wake = anyio.Event()
        self._sends: anyio.abc.TaskGroup | None = None
        self._scope = anyio.CancelScope()
        self._failure: Exception | None = None
        self._waits: anyio.abc.TaskGroup | None = None

    def __repr__(self) -> str:
        return f"<BatchRunner {self.worker}>"

    # -- jobs -------------------------------------------------------------------------------
    async def add(self, jobs: Iterable[Job | Mapping[str, Any]]) -> list[Job]:
        """Check ``jobs`` and record the new ones as ``pending`` (a job already in the
        journal with the same key and content is left as it is: resuming is adding the
        same file again). Raises :class:`~a2e_async.batch.JobFileError` listing every bad
        job, or a key already in the journal with other content; nothing is recorded then.
        """
        return await self.add_checked(check_jobs(jobs))

    async def add_checked(self, jobs: Sequence[Job]) -> list[Job]:
        """Like :meth:`add` for jobs already checked (:func:`read_jobs`, :func:`check_jobs`)."""
        batch = self.journal.batch_id
        entries = []
        for index, job in enumerate(jobs, start=1):
            limit = reference_limit(self._starters[job.kind].call.spec)
            entries.append(
                JobEntry(
                    key=job.key,
                    position=job.line or index,
                    kind=job.kind,
                    params=job.params,
                    download=job.download,
                    fingerprint=fingerprint(job.kind, job.params, job.download),
                    reference=None if limit is None else reference_for(batch, job.key, limit),
                )
            )
        changed = set(await self.journal.add(entries))
        if changed:
            problems = [
                JobProblem(job.line or i, job.key, "is already in the journal with other content")
                for i, job in enumerate(jobs, start=1)
                if job.key in changed
            ]
            raise JobFileError(problems)
        return list(jobs)

    async def budget(self) -> Budget:
        """Estimate what the jobs not sent yet will cost, against the credits left."""
        rows = await self.journal.rows()
        return await estimate_budget(
            self.client.account,
            self._starters,
            rows,
            quote=self.quote,
            concurrency=self.concurrency,
        )

    # -- running ----------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop cleanly: send nothing new, let the create calls in flight finish and record
        them, stop waiting, release every claim. :meth:`run` then returns (interrupted)."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> BatchSummary:
        """Run until every job has ended, or :meth:`stop`. Returns a :class:`BatchSummary`.

        Raises :class:`~a2e_async.batch.BudgetError` (nothing sent) when the jobs to send
        would cost more than the account holds, unless ``force``. If the run is cancelled,
        what is in flight stays recorded (a cancelled create stays ``submitting`` and is
        looked up by the next run) and every claim is released.
        """
        started = time.monotonic()
        if not self.force:
            budget = await self.budget()
            if budget.short:
                raise BudgetError(budget)
        initial = await self.journal.counts()
        self._scope, self._failure, self._stopping = anyio.CancelScope(), None, False
        self._slots = anyio.Semaphore(self.concurrency)
        try:
            with self._scope:
                async with anyio.create_task_group() as background:
                    background.start_soon(self._guarded, self._keep_leases)
                    background.start_soon(self._guarded, self._report, started, initial)
                    async with anyio.create_task_group() as waits:
                        self._waits = waits
                        async with anyio.create_task_group() as sends:
                            self._sends = sends
                            await self._guarded(self._dispatch)
                        if self._stopping:
                            waits.cancel_scope.cancel()
                    background.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                await self.journal.release(self.worker)
        if self._failure is not None:
            raise self._failure
        counts = await self.journal.counts()
        await self._emit(counts, started, initial)
        attention = tuple(row for row in await self.journal.rows() if row.needs_check)
        return BatchSummary(
            counts=counts,
            elapsed=time.monotonic() - started,
            worker=self.worker,
            interrupted=self._stopping,
            halted=self._halted,
            attention=attention,
        )

    async def _dispatch(self) -> None:
        """Claim work while there is some; return when every job has ended or on stop.

        Pending jobs are claimed ahead, up to twice ``concurrency`` (so one claim feeds many
        creates), once fewer than ``concurrency`` are left in hand; other jobs (to look up,
        wait for or download: after a crash, from a dead worker) once per poll interval.
        """
        downloads = self.download_dir is not None
        looked = -self.poll_interval
        while not self._stopping:
            self._wake = anyio.Event()
            submit = 0
            if not self._halted and len(self._sending) < self.concurrency:
                submit = 2 * self.concurrency - len(self._sending)
            other = 0
            now = time.monotonic()
            if not self._held or now - looked >= self.poll_interval:
                other, looked = max(self.max_held - len(self._held) - submit, 0), now
            if submit or other:
                rows = await self.journal.claim(
                    self.worker, submit=submit, other=other, lease=self.lease, downloads=downloads
                )
                for row in sorted(rows, key=lambda r: (r.position, r.key)):
                    # A job in hand comes back when this worker's own lease lapsed (renewals
                    # late on a loaded machine): the claim renewed it, and a second step
                    # would look up a task still being created and send it again.
                    if row.key not in self._held:
                        self._start(row)
                if rows:
                    continue
            if not self._held and not await self.journal.remaining(
                pending=not self._halted, downloads=downloads
            ):
                return
            with anyio.move_on_after(self.poll_interval):
                await self._wake.wait()

    def _start(self, row: JobRow) -> None:
        assert self._sends is not None
        assert self._waits is not None
        self._held.add(row.key)
        if row.state in (PENDING, SUBMITTING):
            self._sending.add(row.key)
            step = self._submit if row.state is PENDING else self._reconcile
            self._sends.start_soon(self._run_step, row, step, self._sending)
        else:
            self._waiting.add(row.key)
            step = self._wait if row.state is SUBMITTED else self._download
            self._waits.start_soon(self._run_step, row, step, self._waiting)

    def _hand_off(self, row: JobRow) -> None:
        """Move a job from the sending group to the waiting group; its claim is kept."""
        assert self._waits is not None
        self._waiting.add(row.key)
        self._waits.start_soon(self._run_step, row, self._wait, self._waiting)

    async def _guarded(self, work: Callable[..., Awaitable[None]], *args: Any) -> None:
        """Run ``work``; an error (a journal that failed, a bug) stops the whole run and
        :meth:`run` raises it as it is, not wrapped in an exception group."""
        try:
            await work(*args)
        except Exception as exc:
            if self._failure is None:
                self._failure = exc
            self._scope.cancel()

    async def _run_step(
        self, row: JobRow, step: Callable[[JobRow], Awaitable[None]], group: set[str]
    ) -> None:
        try:
            await self._guarded(step, row)
        finally:
            group.discard(row.key)
            if row.key not in self._sending and row.key not in self._waiting:
                self._held.discard(row.key)
            self._wake.set()

    # -- background -------------------------------------------------------------------------
    async def _keep_leases(self) -> None:
        while True:
            await anyio.sleep(self.lease / 3)
            await self.journal.renew(self.worker, self.lease)

    async def _report(self, started: float, initial: Mapping[str, int]) -> None:
        if self.on_progress is None:
            return
        while True:
            await self._emit(await self.journal.counts(), started, initial)
            await anyio.sleep(self.progress_interval)

    async def _emit(
        self, counts: Mapping[str, int], started: float, initial: Mapping[str, int]
    ) -> None:
        if self.on_progress is None:
            return
        elapsed = time.monotonic() - started
        ended = counts["done"] + counts["failed"] - initial["done"] - initial["failed"]
        total = sum(counts[state] for state in STATES)
        rate = ended / elapsed if ended > 0 and elapsed > 0 else None
        left = total - counts["done"] - counts["failed"]
        progress = Progress(
            counts=dict(counts),
            total=total,
            elapsed=elapsed,
            rate=rate,
            eta=left / rate if rate else None,
        )
        outcome = self.on_progress(progress)
        if inspect.isawaitable(outcome):
            await outcome
