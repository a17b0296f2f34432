"""Crash-safe batch fan-out: run hundreds of jobs, survive a crash, never pay twice.

::

    from a2e_async import A2EClient
    from a2e_async.batch import BatchRunner, open_journal, read_jobs

    async with A2EClient() as client, open_journal("run.db") as journal:
        runner = BatchRunner(client, journal, concurrency=8, download_dir="out")
        await runner.add_checked(read_jobs("jobs.jsonl"))
        summary = await runner.run()

Run it again after a crash: nothing with a task id is sent again, and a job whose create
call went unanswered is looked up by its name before it is. ``open_journal`` takes a SQLite
path (one machine) or a ``postgresql://`` DSN (many workers; extra ``postgres``). The
command line is ``a2e batch run|status|export|resolve``.
"""

from __future__ import annotations

from .budget import Budget, BudgetError
from .jobs import Job, JobFileError, JobProblem, check_jobs, read_jobs, reference_for, start_calls
from .journal import STATES, JobRow, JobState, Journal, open_journal
from .results import EXPORT_FIELDS, export
from .runner import DEFAULT_SETTLE, BatchRunner, BatchSummary, Progress, ProgressCallback

__all__ = [
    "DEFAULT_SETTLE",
    "EXPORT_FIELDS",
    "STATES",
    "BatchRunner",
    "BatchSummary",
    "Budget",
    "BudgetError",
    "Job",
    "JobFileError",
    "JobProblem",
    "JobRow",
    "JobState",
    "Journal",
    "Progress",
    "ProgressCallback",
    "check_jobs",
    "export",
    "open_journal",
    "read_jobs",
    "reference_for",
    "start_calls",
]
