"""Documented prices as data: estimates only where A2E's docs allow, None elsewhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from a2e_async import Cost, estimate_cost
from a2e_async.costs import (
    AVATAR_CONTINUE_TRAINING,
    AVATAR_IMAGE_MODE,
    GPT_IMAGE_2_1K,
    GPT_IMAGE_2_2K,
    GPT_IMAGE_2_4K,
    IMAGE_TO_VIDEO_5S_720P,
    PRICES,
    TALKING_VIDEO_5S,
    WATERMARK,
)

from .conftest import load_fixture


def test_prices_match_the_documented_examples() -> None:
    """The image-to-video and talking-video prices are the coins of A2E's own examples."""
    i2v = load_fixture("userImage2Video_start.response.json")["data"]
    talking = load_fixture("talkingVideo_start.response.json")["data"]
    watermark = load_fixture("watermark_start.response.json")["data"]
    assert IMAGE_TO_VIDEO_5S_720P.amount == i2v["coins"]
    assert (TALKING_VIDEO_5S.amount, TALKING_VIDEO_5S.seconds) == (
        talking["coins"],
        talking["duration"],
    )
    assert WATERMARK.amount == watermark["coins"]


def test_prices_are_frozen_values() -> None:
    """Prices cannot be changed at run time by accident."""
    assert len({id(p) for p in PRICES}) == len(PRICES)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        WATERMARK.amount = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("family", "params", "expected"),
    [
        ("image_to_video", {}, Cost(coins=100, basis=(IMAGE_TO_VIDEO_5S_720P,))),
        ("image_to_video", {"video_time": 5, "model_version": "a2e-v2-flash"}, 100),
        ("image_to_video", {"video_time": 10}, None),
        ("image_to_video", {"model_version": "a2e-v2"}, None),
        ("image_to_video", {"lora": "wave"}, None),
        ("talking_video", {"duration": 5}, Cost(coins=13, basis=(TALKING_VIDEO_5S,))),
        ("talking_video", {}, None),
        ("talking_video", {"duration": 10}, None),
        ("watermark", None, 1),
        ("avatar_continue", {}, Cost(diamonds=1, basis=(AVATAR_CONTINUE_TRAINING,))),
        (
            "avatar",
            {"image_url": "https://x.test/a.png"},
            Cost(diamonds=1, basis=(AVATAR_IMAGE_MODE,)),
        ),
        ("avatar", {"video_url": "https://x.test/a.mp4"}, 0),
        ("avatar", {}, None),
        ("face_swap", {}, None),
        ("gpt_image", {"model": "gpt-image-2"}, Cost(coins=25, basis=(GPT_IMAGE_2_1K,))),
        ("gpt_image", {"model": "gpt-image-2", "resolution": "2K", "aspect_ratio": "16:9"}, 35),
        (
            "gpt_image",
            {"model": "gpt-image-2", "resolution": "4K", "aspect_ratio": "16:9"},
            Cost(coins=45, basis=(GPT_IMAGE_2_4K,)),
        ),
        (
            "gpt_image",
            {"model": "gpt-image-2", "resolution": "4K"},
            Cost(coins=35, basis=(GPT_IMAGE_2_2K,)),
        ),
        ("gpt_image", {"model": "gpt-image-2", "resolution": "4K", "aspect_ratio": "auto"}, 25),
        ("gpt_image", {"model": "gpt-image-1.5", "quality": "high"}, None),
        ("gpt_image", {}, None),
        ("nano_banana", {"prompt": "x"}, None),
    ],
)
def test_estimates_only_what_is_documented(
    family: str, params: dict[str, Any] | None, expected: Cost | float | None
) -> None:
    """estimate_cost answers documented cases and returns None for everything else."""
    cost = estimate_cost(family, params)
    if expected is None or isinstance(expected, Cost):
        assert cost == expected
    else:
        assert cost is not None
        assert cost.coins + cost.diamonds == expected
        assert cost.basis


def test_gpt_image_2_prices_are_the_catalogs() -> None:
    """The gpt-image-2 prices are the ones A2E's catalog states in the model's description."""
    catalog = json.loads((Path(__file__).parent / "fixtures" / "operations.json").read_text())
    (start,) = [op for op in catalog if op["path"] == "/api/v1/userGptImage/start"]
    (model,) = [p for p in start["params"] if p["name"] == "model"]
    one_k, two_k, four_k = (p.amount for p in (GPT_IMAGE_2_1K, GPT_IMAGE_2_2K, GPT_IMAGE_2_4K))
    stated = f"1K={one_k:g}, 2K={two_k:g}, 4K={four_k:g}"
    assert stated in model["description"]
