"""The spec catalog's model families end to end against the emulator, one table of cases.

Every family runs the same lifecycle: start and wait to completion, read back by id, list,
batch read, rename and delete where A2E has those calls; a task the emulator fails ends the
wait in ``TaskFailed``. The emulator runs each family in 1-5 A2E seconds, so the whole table
takes a few seconds.
"""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient, GeneratedImages, GeneratedMedia
from a2e_async.emulator.state import FAMILIES
from a2e_async.errors import NotFoundError
from a2e_async.resources._records import (
    IMAGE_POLICY,
    Batched,
    Deletable,
    Listed,
    ListedOnce,
    RecordFamily,
    RecordPaths,
    Renamable,
    StatusListed,
)

from .family_checks import FAIL, assert_fails

IMG, IMG2 = "https://cdn.example/person.png", "https://cdn.example/other.jpg"
MP4, MP3 = "https://cdn.example/clip.mp4", "https://cdn.example/voice.mp3"

# One valid start per family (the smallest the catalog allows).
CASES: dict[str, dict[str, Any]] = {
    "gpt_image": {"prompt": "a cat"},
    "flux2": {"prompt": "a cat"},
    "qwen_image": {"prompt": "a cat"},
    "kling_image": {"prompt": "a fox", "n": 2},
    "kling_video": {"mode": "text-to-video", "prompt": "a sunset"},
    "kling_omni": {"prompt": "a park"},
    "veo": {"prompt": ""},
    "sora": {"prompt": "a dog", "image_urls": [IMG]},
    "grok_video": {"prompt": "a cat"},
    "seedance": {"prompt": "a girl"},
    "seedance2": {"prompt": "a girl"},
    "wan": {"prompt": "wave", "image_url": IMG},
    "wan_spicy": {"prompt": "move", "image_url": IMG, "resolution": "720p", "duration": 5},
    "happyhorse": {"mode": "t2v", "prompt": "a horse"},
    "head_swap": {"image_url": IMG, "target_image_url": IMG2},
    "actor_swap": {"image_url": IMG, "video_url": MP4},
    "photobook": {"face_image_url": IMG, "total_count": 8},
    "think_sound": {"video_url": MP4},
    "upscale": {"source_url": MP4},
}
# Where the emulator's failure marker goes: the name, or an input URL (head swap has none).
FAILING = {
    family: {**case, "name": FAIL} for family, case in CASES.items() if family != "head_swap"
} | {"head_swap": {"image_url": f"https://cdn.example/{FAIL}.png", "target_image_url": IMG}}
# The catalog states a 200-id batchDetail cap for these; the others get 100.
BATCH_200 = {"qwen_image", "kling_image", "happyhorse", "seedance2", "kling_omni"}
IMAGE_FAMILIES = {"gpt_image", "flux2", "qwen_image", "kling_image", "photobook"}


@pytest.fixture
def a2e_emulator_options() -> dict[str, Any]:
    return {"time_scale": 0.001, "seed": 5, "durations": dict.fromkeys(FAMILIES, (1.0, 5.0))}


def area(client: A2EClient, family: str) -> RecordFamily[Any]:
    found: RecordFamily[Any] = getattr(client, family)
    return found


def _one(result: Any) -> Any:
    return result[0] if isinstance(result, list) else result


async def _every(family: RecordFamily[Any]) -> list[str]:
    return [task.id async for task in family.list()]  # type: ignore[attr-defined]


@pytest.mark.parametrize("family", sorted(CASES))
async def test_family_lifecycle(a2e_client: A2EClient, family: str) -> None:
    """A task completes with a result, reads back by id, lists, batch-reads, renames and
    deletes through exactly the calls A2E's catalog has for the family."""
    resource = area(a2e_client, family)
    done = await resource.start_and_wait(**CASES[family])  # type: ignore[attr-defined]
    task = _one(done)
    assert task.status == "completed"
    if isinstance(task, GeneratedImages):
        assert task.urls
    else:
        assert isinstance(task, GeneratedMedia)
        assert task.result_url
    assert (await resource.get(task.id)).status == "completed"
    assert task.id in await _every(resource)
    if isinstance(resource, Listed):
        page = await resource.list_page(1, 5)
        assert task.id in {item.id for item in page.items}
    if isinstance(resource, Batched):
        found = await resource.get_many([task.id, "0123456789abcdef01234567"])
        assert [item.id for item in found] == [task.id]
    if isinstance(resource, Renamable):
        assert (await resource.rename(task.id, "renamed")).name == "renamed"
    if isinstance(resource, Deletable):
        await resource.delete(task.id)
        with pytest.raises(NotFoundError):
            await resource.get(task.id)


@pytest.mark.parametrize("family", sorted(FAILING))
async def test_family_failure_ends_the_wait(a2e_client: A2EClient, family: str) -> None:
    """A task the emulator fails ends start_and_wait in TaskFailed with A2E's code/message."""
    resource = area(a2e_client, family)
    await assert_fails(resource.start_and_wait(**FAILING[family]), family)  # type: ignore[attr-defined]


# For the tests that only read a family's description: no emulator needed.
OFFLINE = A2EClient(api_key="sk_offline", base_url="http://127.0.0.1:9")


@pytest.mark.parametrize("family", sorted(CASES))
def test_family_is_described_by_its_catalog_data(family: str) -> None:
    """Each family waits under its own name, batch-reads at the catalog's stated size, offers
    delete exactly where the catalog has it, and polls at its kind's pace."""
    resource = area(OFFLINE, family)
    kind = resource.kind
    assert kind.family == resource.paths.family == family
    assert kind.batch_size == (200 if family in BATCH_200 else 100)
    assert (kind.cancel is not None) == isinstance(resource, Deletable)
    assert (resource.policy == IMAGE_POLICY) == (family in IMAGE_FAMILIES - {"photobook"})
    assert isinstance(resource, (Listed, ListedOnce))


@pytest.mark.parametrize(
    ("paths", "bases", "missing"),
    [
        (RecordPaths(family="x", detail="/x/{id}", delete="/x/{id}"), (), "Deletable"),
        (RecordPaths(family="x", detail="/x/{id}"), (Deletable,), "Deletable"),
        (RecordPaths(family="x", detail="/x/{id}", rename="/x/{id}"), (), "Renamable"),
        (RecordPaths(family="x", detail=None, list="/x/l", page_params=None), (Listed,), "Listed"),
    ],
)
def test_capabilities_follow_the_paths(
    paths: RecordPaths, bases: tuple[type, ...], missing: str
) -> None:
    """A family offers delete, rename and a paged list exactly when its paths name them:
    a mismatch fails when the class is defined."""
    with pytest.raises(TypeError, match=missing):
        type("Broken", (*bases, RecordFamily), {"model": GeneratedMedia, "paths": paths})


def test_list_shapes_follow_the_catalog() -> None:
    """Lists page by pageNum/pageSize, by page/page_size (GPT Image, Flux 2, with Flux 2's
    status filter), or not at all where the catalog names no paging (Qwen, Kling image)."""
    assert OFFLINE.gpt_image.paths.page_params == ("page", "page_size")
    assert isinstance(OFFLINE.flux2, StatusListed)
    assert OFFLINE.flux2.list_statuses == ("initialized", "processing", "completed", "failed")
    for once in (OFFLINE.qwen_image, OFFLINE.kling_image):
        assert isinstance(once, ListedOnce)
        assert not isinstance(once, Listed)
    assert OFFLINE.wan.paths.page_params == ("pageNum", "pageSize")


async def test_kling_image_answers_one_task_per_image(a2e_client: A2EClient) -> None:
    """Kling image's start creates ``n`` tasks and returns them all; each completes."""
    tasks = await a2e_client.kling_image.start_and_wait(prompt="a fox", n=3)
    assert len(tasks) == 3
    assert len({task.id for task in tasks}) == 3
    assert all(task.status == "completed" and task.urls for task in tasks)
