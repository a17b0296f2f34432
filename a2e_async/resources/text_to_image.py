"""Text to image: ``client.text_to_image`` (A2E's ``userText2Image``)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from typing_extensions import Required, Unpack

from .._fields import Items, JobParams, Media, Range, Text, WaitOptions, split_wait
from .._spec import Spec, StartCall
from ..config import PollPolicy
from ..errors import ValidationError
from ..models.text_to_image import TextToImageTask
from ._params import check_choice, path_id
from ._records import Batched, Deletable, Listed, RecordPaths

__all__ = ["ASPECT_RATIOS", "TextToImage", "TextToImageParams", "TextToImageWaitParams"]

_PREFIX = "/api/v1/userText2Image"
ASPECT_RATIOS = ("1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9")
"""Aspect ratios the Seedream model accepts."""
# Reference images per model: A2E's model takes 2, Seedream up to 10.
_MAX_INPUTS = {"a2e": 2, "seedream": 10}


class TextToImageParams(JobParams, total=False):
    """Parameters of :meth:`TextToImage.start` (``POST /api/v1/userText2Image/start``)."""

    prompt: Required[Annotated[str, Text()]]
    """What to draw."""
    width: Annotated[int, Range(1)] | None
    """Image width in pixels (A2E's default: 1024)."""
    height: Annotated[int, Range(1)] | None
    """Image height in pixels (A2E's default: 1024)."""
    model_type: Literal["a2e", "seedream"] | None
    """``"a2e"`` (A2E's default) or ``"seedream"``."""
    input_images: Annotated[Sequence[Media], Items(1, 10)] | None
    """Reference images: at most 2 for ``a2e``, 10 for ``seedream``."""
    aspect_ratio: Literal["1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9"] | None
    """Aspect ratio (Seedream)."""
    max_images: Annotated[int, Range(1, 8)] | None
    """How many images (A2E creates one task per image)."""
    skip_face_enhance: bool | None
    """Skip face-similarity enhancement when editing with A2E's model."""


class TextToImageWaitParams(TextToImageParams, WaitOptions[TextToImageTask], total=False):
    """:class:`TextToImageParams` and the wait options."""


def _check_inputs(values: Mapping[str, Any]) -> None:
    images = values.get("input_images")
    limit = _MAX_INPUTS[values.get("model_type") or "a2e"]
    if images is not None and len(images) > limit:
        raise ValidationError("input_images", f"takes at most {limit} items, got {len(images)}")


class TextToImage(Listed[TextToImageTask], Batched[TextToImageTask], Deletable[TextToImageTask]):
    """Generate images from a prompt (A2E's model or Seedream)."""

    model = TextToImageTask
    paths = RecordPaths.common("text_to_image", _PREFIX)
    # Images take seconds to a minute.
    policy = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)
    start_call = StartCall(
        "text_to_image", "start", _PREFIX + "/start", Spec(TextToImageParams, rules=[_check_inputs])
    )

    async def start(self, **params: Unpack[TextToImageParams]) -> builtins.list[TextToImageTask]:
        """Start generating: ``POST /api/v1/userText2Image/start``; one task per image.

        Parameters: :class:`TextToImageParams` (media may be URLs, local paths or
        ``(bytes, filename)``; ``name`` defaults to a unique one). The older
        ``userText2image`` call with ``req_key`` from A2E's first docs is not used.

        Returns the created tasks (A2E answers an array). Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never
        resent), ``APIError`` subclasses for A2E's refusals.
        """
        return await self._start_all_with(params)

    async def start_and_wait(
        self, **params: Unpack[TextToImageWaitParams]
    ) -> builtins.list[TextToImageTask]:
        """:meth:`start`, then wait for every task; returns them completed (``image_urls``),
        in A2E's order. The first failure raises ``TaskFailed``; the others keep running."""
        start, wait = split_wait(params)
        return await self._wait_all(await self.start(**start), wait)

    async def quick_add_avatar(
        self,
        task_id: str,
        *,
        gender: Literal["female", "male"] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> Any:
        """Make an avatar of a generated image: ``POST /api/v1/userText2Image/quickAddAvatar``.

        ``task_id`` (wire ``_id``) is a completed text-to-image task. A2E documents no
        answer body: its ``data`` is returned as sent (presumably the new avatar's record;
        see ``client.avatars``).
        """
        path_id("task_id", task_id)
        body: dict[str, Any] = {"_id": task_id}
        if gender is not None:
            body["gender"] = check_choice("gender", gender, ("female", "male"))
        return await self._call(
            "POST", _PREFIX + "/quickAddAvatar", json=body, extra_body=extra_body
        )
