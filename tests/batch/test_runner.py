"""BatchRunner against the emulator: exactly one create per job, whatever happens."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async.batch import (
    BatchRunner,
    BudgetError,
    JobFileError,
    JobRow,
    JobState,
    Journal,
    Progress,
    open_journal,
)
from a2e_async.batch.journal import JobEntry
from a2e_async.emulator import Emulator

from .conftest import ANCHOR, creates, mixed_jobs

SQLITE_ONLY = pytest.mark.parametrize("journal_target", ["sqlite"], indirect=True)
"""For behaviour that does not depend on the backend (the journal's contract is tested on
both in test_journal.py, and the core runs below on both)."""


def runner(client: A2EClient, journal: Journal, **options: Any) -> BatchRunner:
    """A runner tuned to the emulator's fast clock."""
    options.setdefault("settle", 0.05)
    options.setdefault("lease", 5.0)
    options.setdefault("poll_interval", 0.05)
    return BatchRunner(client, journal, concurrency=8, **options)


async def test_every_job_ends_done_with_one_create(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """A mixed batch ends with every job done, its task id and result, one create each."""
    seen: list[Progress] = []
    batch = runner(client, journal, on_progress=seen.append, progress_interval=0.05)
    await batch.add(mixed_jobs(24))
    summary = await batch.run()
    assert summary.ok
    assert summary.counts["done"] == 24
    assert a2e_emulator.stats()["created"] == {"video": 8, "talking_photo": 8, "text_to_image": 8}
    rows = await journal.rows()
    assert all(row.task_id and row.result_url for row in rows)
    assert all(row.owner is None for row in rows)
    titles = {video.title for video in (await client.videos.list_page(1, 100)).items}
    assert f"{journal.batch_id}-job-000" in titles
    assert seen[0].total == 24
    assert seen[-1].counts["done"] == 24
    assert seen[-1].eta == 0


@SQLITE_ONLY
async def test_a_second_run_sends_nothing_again(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """Running a finished batch again (the same jobs added) creates nothing."""
    jobs = mixed_jobs(6)
    first = runner(client, journal)
    await first.add(jobs)
    await first.run()
    again = runner(client, journal)
    await again.add(jobs)
    assert (await again.run()).ok
    assert sum(a2e_emulator.stats()["created"].values()) == 6


@SQLITE_ONLY
async def test_a_changed_job_under_the_same_key_is_refused(
    client: A2EClient, journal: Journal
) -> None:
    """A key already journaled with other params is reported, not silently re-run."""
    batch = runner(client, journal)
    await batch.add(mixed_jobs(2))
    changed = mixed_jobs(2)
    changed[1]["params"]["prompt"] = "something else"
    with pytest.raises(JobFileError, match="already in the journal with other content"):
        await batch.add(changed)


class Crash(Exception):
    """Stands for the process dying: after it, the dead worker writes nothing more."""


class CrashingJournal(Journal):
    """Forwards to a real journal until the task id of job ``key`` is written: that write
    (and every later one) is lost, as if the process died between the create call's answer
    and its journal write."""

    def __init__(self, inner: Journal, key: str) -> None:
        self.inner, self.key, self.dead = inner, key, False

    @property
    def batch_id(self) -> str:
        return self.inner.batch_id

    async def open(self) -> None:
        await self.inner.open()

    async def close(self) -> None:
        await self.inner.close()

    def _alive(self) -> None:
        if self.dead:
            raise Crash("the process is gone")

    async def add(self, entries: Sequence[JobEntry]) -> list[str]:
        return await self.inner.add(entries)

    async def claim(
        self, worker: str, *, submit: int, other: int, lease: float, downloads: bool
    ) -> list[JobRow]:
        self._alive()
        return await self.inner.claim(
            worker, submit=submit, other=other, lease=lease, downloads=downloads
        )

    async def renew(self, worker: str, lease: float) -> int:
        self._alive()
        return await self.inner.renew(worker, lease)

    async def release(self, worker: str, key: str | None = None) -> None:
        self._alive()
        await self.inner.release(worker, key)

    async def update(self, key: str, worker: str, **kwargs: Any) -> bool:
        self._alive()
        if key == self.key and kwargs.get("state") is JobState.SUBMITTED:
            self.dead = True
            raise Crash("died before writing the task id")
        return await self.inner.update(key, worker, **kwargs)

    async def counts(self) -> dict[str, int]:
        return await self.inner.counts()

    async def remaining(self, *, pending: bool, downloads: bool) -> int:
        return await self.inner.remaining(pending=pending, downloads=downloads)

    async def rows(self) -> list[JobRow]:
        return await self.inner.rows()

    async def resolve(self, key: str, *, task_id: str | None, resubmit: bool) -> JobRow:
        return await self.inner.resolve(key, task_id=task_id, resubmit=resubmit)


@pytest.mark.parametrize(
    ("journal_target", "victim"),
    [("sqlite", "job-003"), ("sqlite", "job-004"), ("sqlite", "job-005"), ("postgres", "job-004")],
    indirect=["journal_target"],
)
async def test_a_crash_between_create_and_journal_write_is_reconciled(
    client: A2EClient,
    journal_target: tuple[str, Any],
    a2e_emulator: Emulator,
    victim: str,
) -> None:
    """The job whose task id was never written is found by its name: no second create."""
    target, schema = journal_target
    jobs = mixed_jobs(9)
    async with open_journal(target, schema=schema) as inner:
        dying = runner(client, CrashingJournal(inner, victim), lease=0.3)
        await dying.add(jobs)
        with pytest.raises(Crash):
            await dying.run()
        [stuck] = [row for row in await inner.rows() if row.key == victim]
        assert stuck.state is JobState.SUBMITTING
        assert stuck.owner is not None  # its claim outlives the dead worker until the lease
    async with open_journal(target, schema=schema) as journal:
        summary = await runner(client, journal, lease=0.3).run()
        rows = {row.key: row for row in await journal.rows()}
    assert summary.ok
    assert sum(a2e_emulator.stats()["created"].values()) == 9
    assert "found at A2E by its name" in (rows[victim].note or "")
    assert rows[victim].attempts == 1


async def test_unanswered_creates_are_looked_up_and_only_absent_ones_resent(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """Dropped connections around creates: the created are found, the lost are sent again."""
    routes = (
        "/api/v1/talkingPhoto/start",
        "/api/v1/video/generate",
        "/api/v1/userText2Image/start",
    )
    a2e_emulator.set_faults(",".join(f"reset_after@{r}=0.3,reset_before@{r}=0.3" for r in routes))
    batch = runner(client, journal)
    await batch.add(mixed_jobs(15))
    summary = await batch.run()
    stats = a2e_emulator.stats()
    rows = await journal.rows()
    assert summary.ok
    # Both faults struck; yet every job exists once: the answers lost after a create were
    # found by name (never resent), the requests lost before one were sent again.
    assert stats["faults"]["reset_after"] >= 1
    assert stats["faults"]["reset_before"] >= 1
    assert sum(stats["created"].values()) == 15
    assert (
        creates(stats) == sum(row.attempts for row in rows) == 15 + stats["faults"]["reset_before"]
    )
    assert any("found at A2E" in (row.note or "") for row in rows)


@SQLITE_ONLY
async def test_a_family_without_a_list_is_never_resent_blindly(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """A watermark whose answer was lost waits for a person; resolving it lets it finish."""
    a2e_emulator.set_faults("reset_after@/api/v1/watermark/start=1")
    jobs = [
        {
            "key": f"w{i}",
            "kind": "watermark",
            "params": {"media_url": "https://e.com/v.mp4", "text": "x"},
        }
        for i in range(2)
    ]
    batch = runner(client, journal)
    await batch.add(jobs)
    summary = await batch.run()
    assert not summary.complete
    assert [row.key for row in summary.attention] == ["w0", "w1"]
    assert "no list of watermark tasks" in (summary.attention[0].note or "")
    assert a2e_emulator.stats()["created"] == {"watermark": 2}
    a2e_emulator.set_faults(None)
    await journal.resolve("w0", task_id="0123456789abcdef01234567", resubmit=False)
    await journal.resolve("w1", task_id=None, resubmit=True)
    assert (await runner(client, journal).run()).ok
    assert a2e_emulator.stats()["created"] == {"watermark": 3}


@SQLITE_ONLY
async def test_a2e_failures_and_refusals_are_recorded(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """A task A2E fails keeps its code and message; a create A2E refuses is failed unsent."""
    failing = {
        "image_url": "https://e.com/f.png",
        "prompt": "emulator:fail",
        "negative_prompt": "n",
    }
    refused = {
        "anchor_id": "ffffffffffffffffffffffff",
        "anchor_type": 0,
        "audio_url": "https://e.com/a.mp3",
    }
    batch = runner(client, journal)
    await batch.add(
        [
            {"key": "fails", "kind": "talking_photo", "params": failing},
            {"key": "refused", "kind": "video", "params": refused},
        ]
    )
    summary = await batch.run()
    rows = {row.key: row for row in await journal.rows()}
    assert summary.complete
    assert not summary.ok
    assert summary.counts["failed"] == 2
    assert rows["fails"].error_code == "EMULATOR_FAIL"
    assert "marker" in (rows["fails"].error or "")
    assert rows["fails"].task_id
    assert rows["refused"].task_id is None
    assert "anchor_id" in (rows["refused"].error or "")
    assert a2e_emulator.stats()["created"] == {"talking_photo": 1}


@SQLITE_ONLY
@pytest.mark.parametrize("a2e_emulator_options", [{"time_scale": 0.001, "coins": 250}])
async def test_the_budget_guard_refuses_a_batch_it_cannot_pay(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """Five 100-coin clips against 250 coins: refused unsent; forced, it halts at the 402."""
    params = {"image_url": "https://e.com/i.png", "prompt": "wave", "negative_prompt": "blur"}
    jobs = [{"key": f"clip{i}", "kind": "image_to_video", "params": params} for i in range(5)]
    batch = runner(client, journal)
    await batch.add(jobs)
    with pytest.raises(BudgetError) as caught:
        await batch.run()
    assert caught.value.budget.coins == 500
    assert caught.value.budget.credits.coins == 250
    assert not a2e_emulator.stats()["created"]
    forced = await runner(client, journal, force=True).run()
    assert forced.halted is not None
    assert "credits ran out" in forced.halted
    assert forced.counts["done"] == 2
    assert forced.counts["pending"] == 3
    assert a2e_emulator.stats()["created"] == {"image_to_video": 2}


async def test_stop_finishes_creates_in_flight_and_resumes(
    client: A2EClient, journal: Journal, a2e_emulator: Emulator
) -> None:
    """A clean stop (Ctrl-C) leaves no claim and no create in doubt; a new run finishes."""
    batch = runner(client, journal, progress_interval=0.01)

    def stop_early(progress: Progress) -> None:
        if progress.counts["submitted"] + progress.counts["done"] >= 4:
            batch.stop()

    batch.on_progress = stop_early
    await batch.add(mixed_jobs(30))
    summary = await batch.run()
    rows = await journal.rows()
    assert summary.interrupted
    assert summary.counts["pending"] > 0
    assert summary.counts["submitting"] == 0
    assert all(row.owner is None for row in rows)
    created = sum(a2e_emulator.stats()["created"].values())
    assert created == sum(1 for row in rows if row.task_id)
    assert (await runner(client, journal).run()).ok
    assert sum(a2e_emulator.stats()["created"].values()) == 30


@SQLITE_ONLY
async def test_results_are_downloaded(client: A2EClient, journal: Journal, tmp_path: Path) -> None:
    """Results land in the download directory under the job's file name or its key."""
    jobs = mixed_jobs(3)
    jobs[0]["download"] = "first.mp4"
    jobs[2]["params"]["max_images"] = 2
    out = tmp_path / "out"
    batch = runner(client, journal, download_dir=out)
    await batch.add(jobs)
    assert (await batch.run()).ok
    assert sorted(p.name for p in out.iterdir()) == [
        "first.mp4",
        "job-001.mp4",
        "job-002-2.png",
        "job-002.png",
    ]
    rows = {row.key: row for row in await journal.rows()}
    assert rows["job-002"].task_id is not None
    assert len(rows["job-002"].task_id.split(",")) == 2
    assert rows["job-000"].downloaded == str(out / "first.mp4")


@SQLITE_ONLY
async def test_local_files_are_uploaded_before_the_create(
    client: A2EClient, journal: Journal, tmp_path: Path, a2e_emulator: Emulator
) -> None:
    """A job's local file goes to A2E's storage first; the create sends its URL."""
    image = tmp_path / "face.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    params = {"image_url": image, "prompt": "smile", "negative_prompt": "blur"}
    batch = runner(client, journal)
    await batch.add([{"key": "local", "kind": "talking_photo", "params": params}])
    assert (await batch.run()).ok
    requests = a2e_emulator.stats()["requests"]
    assert requests["POST /api/v1/r2/get_upload_presigned_url"] == 1
    assert a2e_emulator.stats()["created"] == {"talking_photo": 1}
    [row] = await journal.rows()
    assert row.params["image_url"] == {"file": str(image)}
    assert row.result is not None
    assert "/r2/" in row.result["image_url"]


@SQLITE_ONLY
async def test_a_video_job_keeps_its_anchor(client: A2EClient, journal: Journal) -> None:
    """The params of a job reach A2E as given, with the job's title added."""
    params = {"anchor_id": ANCHOR, "anchor_type": 0, "audio_url": "https://e.com/a.mp3"}
    batch = runner(client, journal)
    await batch.add([{"key": "one", "kind": "video", "params": params}])
    assert (await batch.run()).ok
    [row] = await journal.rows()
    assert row.result is not None
    assert row.result["anchor_id"] == ANCHOR
    assert row.result["title"] == f"{journal.batch_id}-one"


@SQLITE_ONLY
async def test_a_later_run_downloads_what_an_earlier_one_did_not(
    client: A2EClient, journal: Journal, tmp_path: Path, a2e_emulator: Emulator
) -> None:
    """Done jobs not downloaded yet are picked up by a run with a download directory."""
    batch = runner(client, journal)
    await batch.add(mixed_jobs(3))
    assert (await batch.run()).ok
    out = tmp_path / "later"
    assert (await runner(client, journal, download_dir=out).run()).ok
    assert len(list(out.iterdir())) == 3
    assert all(row.downloaded for row in await journal.rows())
    assert sum(a2e_emulator.stats()["created"].values()) == 3


@SQLITE_ONLY
async def test_a_task_gone_at_a2e_fails_the_job(client: A2EClient, journal: Journal) -> None:
    """A job whose task id A2E no longer knows ends failed, saying so."""
    batch = runner(client, journal)
    await batch.add(mixed_jobs(2)[1:])
    await journal.claim("me", submit=1, other=0, lease=5, downloads=False)
    await journal.update("job-001", "me", state=JobState.SUBMITTING)
    await journal.update("job-001", "me", release=True, needs_check=True)
    await journal.resolve("job-001", task_id="0123456789abcdef01234567", resubmit=False)
    summary = await batch.run()
    [row] = await journal.rows()
    assert summary.counts["failed"] == 1
    assert "the task is gone at A2E" in (row.error or "")


@SQLITE_ONLY
@pytest.mark.parametrize("a2e_emulator_options", [{"time_scale": 0.001, "seed": 3}])
async def test_a_step_that_keeps_failing_is_marked_for_a_check(
    journal: Journal, a2e_emulator: Emulator
) -> None:
    """A look-up that fails for the eighth time in a row stops retrying and asks a person."""
    from a2e_async import RetryPolicy
    from a2e_async.batch._steps import MAX_TRIES

    async with A2EClient(
        api_key="sk_batch_test",
        base_url=a2e_emulator.url,
        retry=RetryPolicy(max_retries=0),
    ) as client:
        batch = runner(client, journal)
        await batch.add(mixed_jobs(2)[1:])
        await journal.claim("me", submit=1, other=0, lease=5, downloads=False)
        await journal.update("job-001", "me", state=JobState.SUBMITTING, tries=MAX_TRIES - 1)
        await journal.release("me")
        a2e_emulator.set_faults("5xx@/api/v1/talkingPhoto/allRecords=1")
        summary = await batch.run()
    [row] = summary.attention
    assert row.tries == MAX_TRIES
    assert "failures in a row while submitting" in (row.note or "")
    assert not a2e_emulator.stats()["created"]


@SQLITE_ONLY
@pytest.mark.parametrize("a2e_emulator_options", [{"time_scale": 0.001, "token": "sk_right"}])
async def test_a_refused_token_stops_the_batch(journal: Journal, a2e_emulator: Emulator) -> None:
    """A 401 to a create halts the run; the job goes back to pending, nothing is created."""
    async with A2EClient(api_key="sk_wrong", base_url=a2e_emulator.url) as client:
        batch = runner(client, journal, force=True)
        await batch.add(mixed_jobs(3))
        summary = await batch.run()
    assert summary.halted is not None
    assert "token was refused" in summary.halted
    assert summary.counts["pending"] == 3
    assert not a2e_emulator.stats()["created"]


async def test_a_job_whose_lease_lapsed_in_hand_is_not_started_twice(
    client: A2EClient,
    journal: Journal,
    a2e_emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Renewals that come late (a loaded machine): this worker's own claim on a job whose
    create is in flight lapses, and its next claim takes the job again. That must not start
    a second step for it (which would look the task up, find nothing yet, and send it again)."""
    release = asyncio.Event()
    calls = 0
    original = client.text_to_image.start

    async def held_start(**params: Any) -> Any:
        nonlocal calls
        calls += 1
        await release.wait()
        return await original(**params)

    async def no_renewal(worker: str, lease: float) -> None:
        return None

    monkeypatch.setattr(client.text_to_image, "start", held_start)
    monkeypatch.setattr(journal, "renew", no_renewal)
    batch = runner(client, journal, lease=0.2)
    await batch.add([{"key": "only", "kind": "text_to_image", "params": {"prompt": "a cat"}}])
    running = asyncio.ensure_future(batch.run())
    for _ in range(20_000):  # a safety cap, not a timing assertion
        [row] = await journal.rows()
        if calls == 1 and row.lease_until is not None:
            break
        await asyncio.sleep(0.005)
    first = row.lease_until
    assert first is not None
    # Renewals are off, so only a claim moves the lease on: once it has, the lapsed job
    # was claimed again while its create is held.
    for _ in range(20_000):
        [row] = await journal.rows()
        if row.lease_until is not None and row.lease_until > first:
            break
        await asyncio.sleep(0.005)
    else:
        raise AssertionError("the lapsed job was never claimed again")
    release.set()
    summary = await asyncio.wait_for(running, 60)
    assert summary.ok
    assert calls == 1
    assert creates(a2e_emulator.stats()) == 1
