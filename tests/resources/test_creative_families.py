"""Every creative family is described as data: its waiter name matches the emulator's, and
its default poll policy fits how long it usually takes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.resources._records import RecordFamily

from .family_checks import stats

IMAGE_FAMILIES = ("text_to_image", "nano_banana", "try_on", "product_avatar", "image_edit")
VIDEO_FAMILIES = (
    "face_swap",
    "dubbing",
    "image_to_video",
    "caption_removal",
    "talking_photo",
    "talking_video",
    "video_to_video",
)


def family(client: A2EClient, name: str) -> RecordFamily[object]:
    area: RecordFamily[object] = getattr(client, name)
    return area


@pytest.mark.parametrize("name", IMAGE_FAMILIES + VIDEO_FAMILIES)
def test_family_name_matches_its_client_attribute(a2e_client: A2EClient, name: str) -> None:
    """``client.<area>`` waits on the family of the same name."""
    area = family(a2e_client, name)
    assert area.kind.family == area.paths.family == name
    assert area.kind.cancel is not None


@pytest.mark.parametrize("name", IMAGE_FAMILIES)
def test_image_families_poll_in_seconds(a2e_client: A2EClient, name: str) -> None:
    """Image families poll within seconds of starting and at most every 10 s."""
    policy = family(a2e_client, name).policy
    assert policy.initial_delay <= 3
    assert policy.max_interval <= 10


@pytest.mark.parametrize("name", VIDEO_FAMILIES)
def test_video_families_poll_in_minutes(a2e_client: A2EClient, name: str) -> None:
    """Video families start polling after seconds, back off to tens of seconds, wait an hour."""
    policy = family(a2e_client, name).policy
    assert 5 <= policy.initial_delay <= 10
    assert policy.max_interval >= 20
    assert policy.deadline >= 1800


def test_previews_poll_in_seconds(a2e_client: A2EClient) -> None:
    """Face-swap previews are their own quick family."""
    kind = a2e_client.face_swap.preview_kind
    assert kind.family == "face_swap_preview"
    assert kind.policy.initial_delay <= 3
    assert kind.cancel is None  # A2E has no call to delete a preview


async def test_families_are_counted_under_their_names(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Tasks started through the SDK are counted by the emulator under the SDK's family name."""
    url = "https://example.test/in.png"
    await a2e_client.try_on.start(person_image_url=url, clothing_image_url=url)
    await a2e_client.dubbing.start(source_url=url, target_lang="en")
    await a2e_client.face_swap.preview(face_url=url, video_url=url)
    created = (await stats(a2e_emulator))["created"]
    assert created == {"try_on": 1, "dubbing": 1, "face_swap_preview": 1}


async def test_results_download_with_client_download(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A finished image and a finished video both download with client.download."""
    url = "https://example.test/in.png"
    image = await a2e_client.try_on.start_and_wait(person_image_url=url, clothing_image_url=url)
    video = await a2e_client.talking_photo.start_and_wait(
        image_url=url, prompt="speak", negative_prompt="blur"
    )
    assert image.result_image_url
    assert video.result_url
    for result in (image.result_image_url, video.result_url):
        saved = await a2e_client.download(result, tmp_path)
        assert saved.parent == tmp_path
        assert saved.stat().st_size > 0


@pytest.mark.parametrize(
    ("name", "many_reads"),
    [("talking_video", "/batchDetail"), ("dubbing", "/allProcessing")],
)
async def test_many_waits_share_few_reads(
    a2e_client: A2EClient, a2e_emulator: Emulator, name: str, many_reads: str
) -> None:
    """Twenty concurrent waits of one family are refreshed together, not one by one."""
    url = "https://example.test/in.mp4"
    if name == "dubbing":
        started = [
            a2e_client.dubbing.start_and_wait(source_url=url, target_lang="en") for _ in range(20)
        ]
    else:
        started = [
            a2e_client.talking_video.start_and_wait(video_url=url, prompt="p", negative_prompt="n")
            for _ in range(20)
        ]
    done = await asyncio.gather(*started)
    assert {task.status for task in done} == {"completed"}
    prefix = family(a2e_client, name).paths.detail.split("{id}")[0]
    requests = (await stats(a2e_emulator))["requests"]
    shared = sum(n for route, n in requests.items() if route.endswith(prefix + many_reads[1:]))
    single = sum(n for route, n in requests.items() if route == f"GET {prefix}{{_id}}")
    assert shared > 0
    assert single + shared < 2 * 20  # one wait per task would poll each about 3-5 times
