"""A crash-safe batch: many jobs, a journal, downloads; run it again to resume.

Run: python examples/batch.py 24   (uses the emulator unless A2E_API_KEY is set)

With A2E_API_KEY set, the journal is ``batch-example.db`` in the current directory: stop the
script at any point (Ctrl-C, or even ``kill -9``) and run it again; jobs that A2E already
took are waited for, not paid for twice. Against the emulator (which forgets everything when
the script ends) the journal lives in a temporary directory.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from _common import open_client

from a2e_async.batch import BatchRunner, Job, Progress, open_journal


def show(progress: Progress) -> None:
    """One line per second: jobs ended out of all, and the rest by state."""
    counts = progress.counts
    waiting = ", ".join(f"{state} {counts[state]}" for state in ("pending", "submitted"))
    print(f"  {progress.ended}/{progress.total} ended ({waiting})")


async def main(count: int) -> None:
    # The same jobs a JSONL file would hold: a unique key, a family, its start parameters.
    jobs = [
        Job(key=f"cat-{i:02d}", kind="text_to_image", params={"prompt": f"a cat, style {i}"})
        for i in range(count)
    ]
    with tempfile.TemporaryDirectory() as scratch:
        real = bool(os.environ.get("A2E_API_KEY"))
        journal_path = "batch-example.db" if real else str(Path(scratch) / "run.db")
        out = Path("batch-example-out") if real else Path(scratch) / "out"
        async with open_client() as client, open_journal(journal_path) as journal:
            runner = BatchRunner(client, journal, concurrency=4, download_dir=out, on_progress=show)
            await runner.add(jobs)
            summary = await runner.run()
            failed = [row for row in await journal.rows() if row.state.value == "failed"]
        print(f"{summary.counts['done']}/{count} jobs done, {len(failed)} failed")
        for row in failed:
            print(f"  {row.key}: {row.error}")
        print(f"{len(list(out.iterdir()))} files downloaded")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 12))
