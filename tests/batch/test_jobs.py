"""Job files and job objects: every bad job reported at once, names that carry the key."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from a2e_async.batch import Job, JobFileError, check_jobs, read_jobs, reference_for, start_calls
from a2e_async.batch.jobs import decode_params, encode_params, reference_limit, safe_name
from a2e_async.client import A2EClient
from a2e_async.errors import ValidationError
from a2e_async.resources import starters

from .conftest import ANCHOR, mixed_jobs

FAMILIES = {
    "video",
    "avatar",
    "voice_clone",
    "face_swap",
    "face_swap_preview",
    "dubbing",
    "image_to_video",
    "caption_removal",
    "text_to_image",
    "nano_banana",
    "talking_photo",
    "talking_video",
    "try_on",
    "video_to_video",
    "product_avatar",
    "image_edit",
    "watermark",
    # The spec catalog's model families.
    "kling_image",
    "kling_video",
    "kling_omni",
    "veo",
    "sora",
    "grok_video",
    "seedance",
    "seedance2",
    "flux2",
    "gpt_image",
    "qwen_image",
    "wan",
    "wan_spicy",
    "wan3",
    "happyhorse",
    "head_swap",
    "actor_swap",
    "photobook",
    "think_sound",
    "upscale",
}


def write_lines(path: Path, lines: list[Any]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


async def test_every_family_can_be_a_kind() -> None:
    """The kinds are exactly A2E's start families, the same calls the client's starters use."""
    calls = start_calls()
    assert set(calls) == FAMILIES
    async with A2EClient(api_key="sk_unused") as client:
        bound = starters(client)
    assert {kind: s.call for kind, s in bound.items()} == dict(calls)


def test_a_good_file_reads_with_line_numbers(tmp_path: Path) -> None:
    """Blank lines and comments are skipped; each job keeps its line number."""
    jobs = mixed_jobs(3)
    path = write_lines(tmp_path / "jobs.jsonl", ["# three jobs", jobs[0], "", jobs[1], jobs[2]])
    read = read_jobs(path)
    assert [job.key for job in read] == [job["key"] for job in jobs]
    assert [job.line for job in read] == [2, 4, 5]
    assert read[0].params == jobs[0]["params"]


def test_every_bad_line_is_reported_at_once(tmp_path: Path) -> None:
    """Bad JSON, an unknown kind, bad params, a duplicate key and more: all, with lines."""
    good = mixed_jobs(1)[0]
    lines: list[Any] = [
        good,
        "{not json",
        {"key": "k2", "kind": "vidoe", "params": {}},
        {"key": "k3", "kind": "video", "params": {"anchor_id": ANCHOR, "anchor_type": 7}},
        {**good},
        {"key": "k5", "kind": "text_to_image", "params": {"prompt": "x", "name": "mine"}},
        {"key": "k6", "kind": "text_to_image", "params": {"prompt": "x"}, "colour": "red"},
        ["not", "an", "object"],
        {"kind": "text_to_image", "params": {"prompt": "x"}},
        {"key": "k9", "kind": "text_to_image", "params": {"prompt": "x", "widht": 5}},
        {"key": "k10", "kind": "text_to_image", "params": {"prompt": "x"}, "download": "../x"},
    ]
    with pytest.raises(JobFileError) as caught:
        read_jobs(write_lines(tmp_path / "jobs.jsonl", lines))
    problems = {p.line: p for p in caught.value.problems}
    assert sorted(problems) == list(range(2, 12))
    assert "not valid JSON" in problems[2].message
    assert "unknown kind 'vidoe'; did you mean 'video'?" in problems[3].message
    assert problems[4].message.startswith("params.anchor_type:")
    assert "duplicate key (first on line 1)" in problems[5].message
    assert problems[6].message.startswith("params.name: is set by the runner")
    assert problems[7].message.startswith("colour: is not a job field")
    assert "must be a JSON object" in problems[8].message
    assert problems[9].message.startswith("key: is required")
    assert "did you mean 'width'" in problems[10].message
    assert problems[11].message.startswith("download:")
    assert caught.value.param == "jobs"
    assert "line 3 (k2): kind: unknown kind" in str(caught.value)


def test_missing_required_params_name_the_parameter() -> None:
    """A job without a parameter its start call requires names that parameter."""
    with pytest.raises(JobFileError) as caught:
        check_jobs([{"key": "a", "kind": "video", "params": {"anchor_id": ANCHOR}}])
    assert caught.value.problems[0].message.startswith("params.anchor_type: is required")


def test_two_jobs_cannot_download_to_one_file() -> None:
    """Two jobs naming the same download file are refused before anything runs."""
    jobs = [{**job, "download": "same.mp4"} for job in mixed_jobs(2)]
    with pytest.raises(JobFileError, match="also the file of line 1"):
        check_jobs(jobs)


def test_local_files_in_a_file_are_relative_to_it(tmp_path: Path) -> None:
    """``{"file": ...}`` is a local file next to the jobs file; a missing one is reported."""
    (tmp_path / "face.png").write_bytes(b"\x89PNG")
    params = {"image_url": {"file": "face.png"}, "prompt": "p", "negative_prompt": "n"}
    missing = {**params, "image_url": {"file": "nope.png"}}
    path = write_lines(
        tmp_path / "jobs.jsonl",
        [{"key": "a", "kind": "talking_photo", "params": params}],
    )
    [job] = read_jobs(path)
    assert job.params["image_url"] == {"file": str(tmp_path / "face.png")}
    write_lines(path, [{"key": "a", "kind": "talking_photo", "params": missing}])
    with pytest.raises(JobFileError, match="no such file"):
        read_jobs(path)


def test_python_jobs_take_paths_but_not_bytes(tmp_path: Path) -> None:
    """Job objects may give a Path (kept as an absolute file); bytes cannot be journaled."""
    image = tmp_path / "face.png"
    image.write_bytes(b"\x89PNG")
    params: dict[str, Any] = {"image_url": image, "prompt": "p", "negative_prompt": "n"}
    [job] = check_jobs([Job("a", "talking_photo", params)])
    assert job.params["image_url"] == {"file": str(image)}
    spec = start_calls()["talking_photo"].spec
    assert decode_params(spec, job.params)["image_url"] == image
    with pytest.raises(ValidationError, match="bytes cannot be kept"):
        encode_params(spec, {**params, "image_url": (b"x", "a.png")})


def test_a_missing_file_is_a_validation_error(tmp_path: Path) -> None:
    """An unreadable jobs file is a ValidationError naming ``jobs``."""
    with pytest.raises(ValidationError) as caught:
        read_jobs(tmp_path / "missing.jsonl")
    assert caught.value.param == "jobs"


def test_reference_limits_follow_each_family() -> None:
    """Video titles are capped at 40; names have the default cap; some families take none."""
    calls = start_calls()
    assert reference_limit(calls["video"].spec) == 40
    assert reference_limit(calls["talking_photo"].spec) == 100
    assert reference_limit(calls["watermark"].spec) is None
    assert reference_limit(calls["face_swap_preview"].spec) is None


def test_names_keep_simple_keys_readable() -> None:
    """A short key of safe characters appears as is after the batch id."""
    assert reference_for("0a1b2c3d", "intro-en_v2.1", 40) == "0a1b2c3d-intro-en_v2.1"
    assert re.fullmatch(r"0a1b2c3d-a_b~[0-9a-f]{10}", reference_for("0a1b2c3d", "a/b", 40))


@given(
    st.lists(st.text(min_size=1, max_size=80), min_size=2, max_size=2, unique=True),
    st.integers(min_value=20, max_value=100),
)
def test_names_are_unique_and_fit(keys: list[str], limit: int) -> None:
    """Two different keys never get one name, and every name fits the family's limit."""
    first, second = (reference_for("0a1b2c3d", key, limit) for key in keys)
    assert first != second
    assert len(first) <= limit
    assert len(second) <= limit
    assert safe_name(keys[0], limit - 9) == first.removeprefix("0a1b2c3d-")


def test_a_kind_no_call_can_see_finish_is_refused() -> None:
    """Wan 3.0 has a start call but no documented read: a batch could never see its jobs
    finish (nor tell them done), so such a kind is refused before anything is sent."""
    with pytest.raises(JobFileError) as caught:
        check_jobs([{"key": "a", "kind": "wan3", "params": {"prompt": "a cat"}}])
    message = caught.value.problems[0].message
    assert message.startswith("kind: wan3: A2E documents no call that reads such a task")
