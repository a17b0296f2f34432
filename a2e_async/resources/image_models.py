"""GPT Image, Flux 2 and Qwen image: ``client.gpt_image``, ``client.flux2``,
``client.qwen_image`` (A2E's ``userGptImage``, ``userFlux2``, ``userQwen2Image``).

Every parameter, limit and rule here is from A2E's spec catalog (SK; the rules from its
prose, quoted in full by a public copy of the reference, S-q). The three families share
the ``detail/{id}`` layout (:meth:`RecordPaths.by_detail`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Text, WaitOptions
from .._spec import Spec, StartCall
from ..models.image_models import Flux2Task, GptImageTask, QwenImageTask
from ._records import (
    IMAGE_POLICY,
    Batched,
    Deletable,
    Listed,
    ListedOnce,
    RecordPaths,
    Startable,
    StatusListed,
)
from ._rules import forbidden_with

__all__ = [
    "Flux2",
    "Flux2Params",
    "Flux2WaitParams",
    "GptImage",
    "GptImageParams",
    "GptImageWaitParams",
    "QwenImage",
    "QwenImageParams",
    "QwenImageWaitParams",
]

_GPT = "/api/v1/userGptImage"
_FLUX = "/api/v1/userFlux2"
_QWEN = "/api/v1/userQwen2Image"


class GptImageParams(JobParams, total=False):
    """Parameters of :meth:`GptImage.start` (``POST /api/v1/userGptImage/start``)."""

    prompt: Required[Annotated[str, Text(max_length=3000)]]
    """What to generate, or how to edit ``input_images`` (at most 3,000 characters)."""
    input_images: Annotated[Sequence[Media], Items(1, 16)] | None
    """Images to edit (image-to-image); up to 16 with gpt-image-1.5."""
    model: Literal["gpt-image-1.5", "gpt-image-2"] | None
    """The model (A2E's default: ``gpt-image-1.5``, 20/35 coins; ``gpt-image-2`` costs
    25/35/45 coins by resolution)."""
    aspect_ratio: Literal["auto", "1:1", "9:16", "21:9", "16:9", "4:3", "3:2", "3:4", "2:3"] | None
    """Aspect ratio (A2E's default: ``1:1``); gpt-image-1.5 makes 1:1, 3:2 and 2:3 only and
    quietly makes any other ratio 1:1."""
    quality: Literal["medium", "high"] | None
    """Quality (A2E's default: ``medium``); only gpt-image-1.5 uses it."""
    resolution: Literal["1K", "2K", "4K"] | None
    """Resolution (A2E's default: ``1K``); only gpt-image-2 uses it. 2K and 4K need an
    ``aspect_ratio`` other than ``auto``, and 4K is not made at ``1:1`` (A2E refuses both)."""
    force_generate: bool | None
    """Generate even when NSFW content is detected. A2E's spec states no default for this
    family (for Nano Banana and Flux 2 it is **true** for API users): pass ``False`` to have
    A2E refuse such content."""


class GptImageWaitParams(GptImageParams, WaitOptions[GptImageTask], total=False):
    """:class:`GptImageParams` and the wait options."""


class Flux2Params(JobParams, total=False):
    """Parameters of :meth:`Flux2.start` (``POST /api/v1/userFlux2/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What to generate, or how to edit ``input_images``."""
    input_images: Annotated[Sequence[Media], Items(1, 8)] | None
    """Up to 8 images to edit or compose (switches to image-to-image)."""
    aspect_ratio: (
        Literal["1:1", "16:9", "9:16", "4:3", "3:4", "2:3", "3:2", "custom", "match_input_image"]
        | None
    )
    """Aspect ratio (A2E's default: ``9:16``)."""
    resolution: Literal["1K", "2K"] | None
    """About 1 or 2 megapixels (A2E's default: ``1K``)."""
    force_generate: bool | None
    """Generate even when NSFW content is detected. A2E's default for API users is
    **true** (false for web users): pass ``False`` to have A2E refuse such content."""


class Flux2WaitParams(Flux2Params, WaitOptions[Flux2Task], total=False):
    """:class:`Flux2Params` and the wait options."""


_QWEN_2K = (
    "2048*2048",
    "2048*1365",
    "1365*2048",
    "2048*1536",
    "1536*2048",
    "2048*1152",
    "1152*2048",
)


class QwenImageParams(JobParams, total=False):
    """Parameters of :meth:`QwenImage.start` (``POST /api/v1/userQwen2Image/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What to generate, or how to edit ``input_images``."""
    model: (
        Literal["qwen-image-2.0", "qwen-image-2.0-pro", "qwen-image-3.0", "qwen-image-3.0-pro"]
        | None
    )
    """The model (A2E's default: ``qwen-image-2.0``)."""
    input_images: Annotated[Sequence[Media], Items(1)] | None
    """Reference images (editing)."""
    size: (
        Literal[
            "1024*1024", "1328*880", "880*1328", "1152*864", "864*1152", "1280*720", "720*1280",
            "1512*648", "2048*2048", "2048*1365", "1365*2048", "2048*1536", "1536*2048",
            "2048*1152", "1152*2048",
        ]
        | None
    )  # fmt: skip
    """Width*height (A2E's default: ``1024*1024``); the 2K sizes (``2048*...``) need
    ``qwen-image-3.0-pro``."""


class QwenImageWaitParams(QwenImageParams, WaitOptions[QwenImageTask], total=False):
    """:class:`QwenImageParams` and the wait options."""


# What the prose says A2E refuses; what it says A2E ignores ("only used by") or quietly
# changes (gpt-image-1.5 normalises other ratios to 1:1) is passed through, as documented.
_GPT_RULES = (
    forbidden_with("resolution", ("4K",), "aspect_ratio", ("1:1",), why="4K is not made at 1:1"),
    # "aspect_ratio=auto (or omitted) only supports 1K, otherwise upstream will reject".
    forbidden_with(
        "resolution",
        ("2K", "4K"),
        "aspect_ratio",
        ("auto", None),
        why="is 1K only unless an aspect_ratio other than 'auto' is given",
    ),
)
_QWEN_RULES = (
    forbidden_with(
        "size",
        _QWEN_2K,
        "model",
        ("qwen-image-2.0", "qwen-image-2.0-pro", "qwen-image-3.0"),
        default="qwen-image-2.0",
        why="the 2K sizes need model='qwen-image-3.0-pro'",
    ),
)


class GptImage(
    Startable[GptImageTask], Listed[GptImageTask], Batched[GptImageTask], Deletable[GptImageTask]
):
    """Generate images from text, or edit images, with GPT Image (results kept 3 days)."""

    model = GptImageTask
    paths = RecordPaths.by_detail("gpt_image", _GPT)
    policy = IMAGE_POLICY
    start_call = StartCall(
        "gpt_image", "start", _GPT + "/start", Spec(GptImageParams, rules=_GPT_RULES)
    )

    async def start(self, **params: Unpack[GptImageParams]) -> GptImageTask:
        """Start a GPT Image task: ``POST /api/v1/userGptImage/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[GptImageWaitParams]) -> GptImageTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``urls``)."""
        return await self._start_and_wait(params)


class Flux2(
    Startable[Flux2Task], StatusListed[Flux2Task], Batched[Flux2Task], Deletable[Flux2Task]
):
    """Generate or edit images with Flux 2 Pro (usually 20-60 s; results kept 7 days)."""

    model = Flux2Task
    paths = RecordPaths.by_detail("flux2", _FLUX)
    list_statuses = ("initialized", "processing", "completed", "failed")
    policy = IMAGE_POLICY
    start_call = StartCall("flux2", "start", _FLUX + "/start", Spec(Flux2Params))

    async def start(self, **params: Unpack[Flux2Params]) -> Flux2Task:
        """Start a Flux 2 task: ``POST /api/v1/userFlux2/start`` (see :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[Flux2WaitParams]) -> Flux2Task:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``urls``)."""
        return await self._start_and_wait(params)


class QwenImage(
    Startable[QwenImageTask],
    ListedOnce[QwenImageTask],
    Batched[QwenImageTask],
    Deletable[QwenImageTask],
):
    """Generate or edit images with Qwen Image 2.0 / 3.0."""

    model = QwenImageTask
    paths = RecordPaths.by_detail("qwen_image", _QWEN, page_params=None, batch_size=200)
    policy = IMAGE_POLICY
    start_call = StartCall(
        "qwen_image", "start", _QWEN + "/start", Spec(QwenImageParams, rules=_QWEN_RULES)
    )

    async def start(self, **params: Unpack[QwenImageParams]) -> QwenImageTask:
        """Start a Qwen image task: ``POST /api/v1/userQwen2Image/start`` (see
        :class:`Startable`)."""
        return await self._start_with(params)

    async def start_and_wait(self, **params: Unpack[QwenImageWaitParams]) -> QwenImageTask:
        """:meth:`start`, then :meth:`wait`; returns the completed task (``urls``)."""
        return await self._start_and_wait(params)
