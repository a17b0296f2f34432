"""What A2E documents about prices, as data a budget guard can read.

A2E publishes almost no price list. Each :class:`Price` below is one documented fact, with
what it covers and where it was stated; everything else is unknown, and
:func:`estimate_cost` says so by returning ``None`` rather than guessing. The ``coins`` field
of every finished task record remains the authority on what a job really cost.

Families are the SDK's names (``image_to_video``, ``talking_video``...); ``params`` are the
keyword arguments of that family's start call (``video_time=5``, ``duration=5``...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = [
    "AVATAR_CONTINUE_TRAINING",
    "AVATAR_IMAGE_MODE",
    "AVATAR_VIDEO_MODE",
    "GPT_IMAGE_2_1K",
    "GPT_IMAGE_2_2K",
    "GPT_IMAGE_2_4K",
    "IMAGE_TO_VIDEO_5S_720P",
    "PRICES",
    "TALKING_VIDEO_5S",
    "WATERMARK",
    "Cost",
    "Price",
    "estimate_cost",
]

Currency = Literal["coins", "diamonds"]


@attrs.frozen
class Price:
    """One documented price: ``amount`` of ``currency`` for one job as described."""

    family: str
    """The SDK family (or operation) it prices."""
    amount: float
    """How much one such job costs."""
    currency: Currency
    """``coins`` (A2E's credits) or ``diamonds``."""
    covers: str
    """What one job at this price is (e.g. "one 5 s clip at 720p")."""
    source: str
    """Where A2E states it."""
    seconds: float | None = None
    """Length of output the price covers, when it is priced by a clip length."""


@attrs.frozen
class Cost:
    """An estimate of what one start call will cost."""

    coins: float = 0.0
    """Credits."""
    diamonds: float = 0.0
    """Diamonds."""
    basis: tuple[Price, ...] = ()
    """The documented prices the estimate rests on."""


IMAGE_TO_VIDEO_5S_720P = Price(
    "image_to_video",
    100,
    "coins",
    "one 5 s clip at 720p (model a2e; a2e-v2 costs more per second)",
    "docs: Start Image-to-Video example (coins: 100)",
    seconds=5,
)
TALKING_VIDEO_5S = Price(
    "talking_video",
    13,
    "coins",
    "one talking video of duration=5",
    "docs: Talking Video Start example (coins: 13)",
    seconds=5,
)
WATERMARK = Price(
    "watermark", 1, "coins", "one watermarked file", "docs: Add Watermark example (coins: 1)"
)
AVATAR_CONTINUE_TRAINING = Price(
    "avatar_continue",
    1,
    "diamonds",
    "one continued training (personalised lip-sync)",
    "docs: Train a Personalized Lip-sync Model",
)
AVATAR_IMAGE_MODE = Price(
    "avatar", 1, "diamonds", "one image-mode avatar (v2)", "docs: startTraining page"
)
AVATAR_VIDEO_MODE = Price(
    "avatar", 0, "diamonds", "one video-mode avatar (free)", "docs: startTraining page"
)

# The catalog's model description (operations.json, userGptImage/start) prices gpt-image-2
# per resolution. Its "20/35 coins" for gpt-image-1.5 does not say which setting costs which,
# so that model stays unpriced.
_GPT_IMAGE_2_SOURCE = "A2E operation catalog: userGptImage/start, model gpt-image-2"
GPT_IMAGE_2_1K = Price("gpt_image", 25, "coins", "one gpt-image-2 image at 1K", _GPT_IMAGE_2_SOURCE)
GPT_IMAGE_2_2K = Price("gpt_image", 35, "coins", "one gpt-image-2 image at 2K", _GPT_IMAGE_2_SOURCE)
GPT_IMAGE_2_4K = Price("gpt_image", 45, "coins", "one gpt-image-2 image at 4K", _GPT_IMAGE_2_SOURCE)

PRICES: tuple[Price, ...] = (
    IMAGE_TO_VIDEO_5S_720P,
    TALKING_VIDEO_5S,
    WATERMARK,
    AVATAR_CONTINUE_TRAINING,
    AVATAR_IMAGE_MODE,
    AVATAR_VIDEO_MODE,
    GPT_IMAGE_2_1K,
    GPT_IMAGE_2_2K,
    GPT_IMAGE_2_4K,
)
"""Every documented price."""


def _cost(price: Price, count: int = 1) -> Cost:
    amount = price.amount * count
    if price.currency == "coins":
        return Cost(coins=amount, basis=(price,))
    return Cost(diamonds=amount, basis=(price,))


def estimate_cost(family: str, params: Mapping[str, Any] | None = None) -> Cost | None:
    """What one start call of ``family`` with ``params`` costs, or ``None`` if unknown.

    Only documented cases are answered; a price per second is never extrapolated from a
    single example. Image to video is answered for 5 s clips without a LoRA, with
    ``model_version`` ``a2e``, ``a2e-v2-flash`` (priced like ``a2e``) or unset: note that
    A2E's default for Ultra-plan users is ``a2e-v2``, which costs more. Talking video is
    answered for ``duration=5``. Avatar training: image mode (``image_url`` given) 1
    diamond, video mode free; ``avatar_continue`` 1 diamond. ``watermark``: 1 coin.
    ``gpt_image`` with ``model="gpt-image-2"``: 25, 35 or 45 coins for 1K, 2K or 4K, where
    ``aspect_ratio="auto"`` is billed as 1K and 1:1 at 4K as 2K (A2E's catalog); gpt-image-1.5
    (the default model) is not answered.
    """
    given = dict(params or {})
    if family == "image_to_video":
        if given.get("video_time", 5) != 5 or given.get("lora") is not None:
            return None
        if given.get("model_version") not in (None, "a2e", "a2e-v2-flash"):
            return None
        return _cost(IMAGE_TO_VIDEO_5S_720P)
    if family == "talking_video":
        return _cost(TALKING_VIDEO_5S) if given.get("duration") == 5 else None
    if family == "watermark":
        return _cost(WATERMARK)
    if family == "gpt_image":
        return _gpt_image_cost(given)
    if family == "avatar_continue":
        return _cost(AVATAR_CONTINUE_TRAINING)
    if family == "avatar":
        if given.get("image_url") is not None and given.get("video_url") is None:
            return _cost(AVATAR_IMAGE_MODE)
        if given.get("video_url") is not None:
            return _cost(AVATAR_VIDEO_MODE)
    return None


def _gpt_image_cost(given: Mapping[str, Any]) -> Cost | None:
    if given.get("model") != "gpt-image-2":
        return None
    ratio = given.get("aspect_ratio", "1:1")
    resolution = given.get("resolution", "1K")
    if ratio == "auto":
        resolution = "1K"
    elif ratio == "1:1" and resolution == "4K":
        resolution = "2K"
    by_resolution = {"1K": GPT_IMAGE_2_1K, "2K": GPT_IMAGE_2_2K, "4K": GPT_IMAGE_2_4K}
    price = by_resolution.get(resolution)
    return _cost(price) if price is not None else None
