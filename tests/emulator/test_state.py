"""The task clock without sockets: phases, lazy in-flight tracking, scale, validation."""

from __future__ import annotations

import pytest

from a2e_async.emulator.state import (
    TASK_STATUSES,
    VOICE_STATUSES,
    EmulatorState,
    Task,
    iso,
)


def make_task(duration: float, failure: str | None = None) -> Task:
    return Task("x", "0" * 24, TASK_STATUSES, 1000.0, 1000.0, duration, failure, {})


def test_task_record_phases_follow_the_clock() -> None:
    """initialized → sent → pending → processing → completed, by share of the duration."""
    task = make_task(100)
    walk = [task.phase(1000 + t).status for t in (0, 6, 20, 50, 99.9, 100, 500)]
    assert walk == [
        "initialized", "sent", "pending", "processing", "processing", "completed", "completed"
    ]  # fmt: skip
    assert task.finished_at(1050) is None
    assert task.finished_at(1100) == 1100


def test_failing_task_fails_only_at_the_end() -> None:
    """A task marked to fail looks normal until its duration has passed."""
    task = make_task(10, failure="boom")
    assert task.phase(1009).status == "processing"
    assert task.phase(1010) == ("failed", 1.0, True, True)


def test_voice_clone_spells_pendding() -> None:
    """Voice clones use A2E's own spelling of the pending state."""
    assert "pendding" in [name for _, name in VOICE_STATUSES.phases]


def test_zero_duration_is_done_at_once() -> None:
    """A zero-length task (watermark) is terminal as soon as it exists."""
    assert make_task(0).phase(1000).done


def test_iso_has_milliseconds_and_z() -> None:
    """createdAt is ISO-8601 UTC with milliseconds and Z."""
    assert iso(1720000000.1234) == "2024-07-03T09:46:40.123Z"


def test_time_scale_multiplies_durations() -> None:
    """A family's A2E-seconds range is scaled into real seconds."""
    state = EmulatorState(time_scale=0.01, seed=1, durations={"video": (60, 60)})
    assert state.draw_duration("video") == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"durations": {"teleport": (1, 2)}}, "unknown family"),
        ({"durations": {"video": (5, 1)}}, "low <= high"),
        ({"time_scale": -1}, "time_scale"),
        ({"fail_rate": 1.5}, "fail_rate"),
        ({"coins": -1}, "coins"),
    ],
)
def test_bad_configuration_is_a_value_error(kwargs: dict[str, object], match: str) -> None:
    """Unknown families, inverted ranges and out-of-range rates are refused up front."""
    with pytest.raises(ValueError, match=match):
        EmulatorState(**kwargs)  # type: ignore[arg-type]


def test_ten_thousand_tasks_stay_cheap() -> None:
    """10,000 tasks are created, listed, paged and scanned for in-flight ones correctly (how
    fast is a benchmark's business: a wall-clock bound here failed on a busy machine)."""
    state = EmulatorState(time_scale=1.0, seed=1)
    user = state.user_for("sk_bulk")
    assert user is not None
    for n in range(10_000):
        state.new_task(user, "video", vocab=TASK_STATUSES, record={"title": f"t{n}"})
    store = user.store("video")
    assert len(store.in_flight(state.now())) == 10_000
    assert len(state.task_rows()) == 10_000
    assert [task.record["title"] for task in store.page(2, 3)] == ["t9996", "t9995", "t9994"]
    state.clock.advance(10_000)
    assert store.in_flight(state.now()) == []
    assert state.created["video"] == 10_000
