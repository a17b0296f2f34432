"""The emulator is not stricter than A2E: values no document limits are accepted.

Each row was refused by an invented bound before (issue 10, item 9); the documented bounds
that remain are tested beside their endpoints.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api

IMG = "https://cdn.example/p.png"
IMG2 = "https://cdn.example/q.png"
MP4 = "https://cdn.example/v.mp4"
VIDEO = {"anchor_id": "660556b3cd492168141926d3", "anchor_type": 0, "audioSrc": MP4}

AVATAR = "676e1f054c86ff839eae2cc3"
PAIR = [IMG, IMG2]
ACCEPTED = [
    ("/api/v1/userText2Image/start", {"prompt": "p", "width": 32, "height": 8192}),
    (
        "/api/v1/userDubbing/startDubbing",
        {"source_url": MP4, "target_lang": "en", "num_speakers": 40},
    ),
    ("/api/v1/virtualTryOn/start", {"image_urls": PAIR, "timeout": 0}),
    ("/api/v1/motionTransfer/start", {"image_url": IMG, "video_url": MP4, "timeout": 0}),
    ("/api/v1/productAvatar/start", {"image_urls": PAIR, "product_rect": {}, "timeout": 0}),
    ("/api/v1/userImageEdit/start", {"edit_type": "product", "image_urls": PAIR, "timeout": 0}),
    ("/api/v1/streaming-avatar/agora-token", {"avatar_id": AVATAR, "expire_seconds": 10}),
    ("/api/v1/streaming-avatar/agora-token", {"avatar_id": AVATAR, "expire_seconds": 100_000}),
    ("/api/v1/video/generate", {**VIDEO, "resolution": 0, "web_people_x": -5}),
    ("/api/v1/user/add", {"username": "u" * 200}),
    ("/api/v1/userVideoTwin/startTraining", {"video_url": MP4, "gender": "other"}),
    (
        "/api/v1/r2/get_upload_presigned_url",
        {"key": "k" * 600, "fileSize": -1, "file_extension": "x" * 20},
    ),
]


@pytest.mark.parametrize(("path", "body"), ACCEPTED, ids=[p for p, _ in ACCEPTED])
async def test_values_no_document_limits_are_accepted(
    api: Api, path: str, body: dict[str, Any]
) -> None:
    """A value outside a bound that no A2E document states gets a success answer."""
    status, answer = await api("POST", path, json=body)
    assert (status, answer["code"]) == (200, 0), answer


async def test_batch_detail_takes_more_than_200_ids(api: Api) -> None:
    """The 200-id cap is stated only for other families, so 250 ids are read, not refused."""
    ids = [f"{n:024x}" for n in range(250)]
    assert await api.data("POST", "/api/v1/userImage2Video/batchDetail", json={"ids": ids}) == []


async def test_credits_history_page_size_has_no_maximum(api: Api) -> None:
    """SK gives creditsHistory a minimum page size and no maximum."""
    page = await api.data("GET", "/api/v1/transactionRecord/creditsHistory?pageSize=500")
    assert page["count"] == 1
    status, _ = await api("GET", "/api/v1/transactionRecord/creditsHistory?pageSize=0")
    assert status == 400
