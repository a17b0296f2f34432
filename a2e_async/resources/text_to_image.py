"""Text to image: ``client.text_to_image`` (A2E's ``userText2Image``)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from .._converter import decode_list
from ..config import PollPolicy
from ..errors import ResponseDecodeError
from ..models.text_to_image import TextToImageTask
from ..waiter import ProgressCallback
from ._base import MediaInput, media_list
from ._params import check_bool, check_choice, check_int, check_text, job_name, path_id, put_webhook
from ._records import Batched, Listed, RecordPaths

__all__ = ["ASPECT_RATIOS", "TextToImage"]

_PREFIX = "/api/v1/userText2Image"
ASPECT_RATIOS = ("1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9")
"""Aspect ratios the Seedream model accepts."""
# Reference images per model: A2E's model takes 2, Seedream up to 10.
_MAX_INPUTS = {"a2e": 2, "seedream": 10}


class TextToImage(Listed[TextToImageTask], Batched[TextToImageTask]):
    """Generate images from a prompt (A2E's model or Seedream)."""

    model = TextToImageTask
    paths = RecordPaths.common("text_to_image", _PREFIX)
    # Images take seconds to a minute.
    policy = PollPolicy(initial_delay=2.0, factor=1.5, max_interval=5.0, deadline=600.0)

    async def start(
        self,
        *,
        prompt: str,
        name: str | None = None,
        width: int | None = None,
        height: int | None = None,
        model_type: Literal["a2e", "seedream"] | None = None,
        input_images: Sequence[MediaInput] | None = None,
        aspect_ratio: str | None = None,
        max_images: int | None = None,
        skip_face_enhance: bool | None = None,
        webhook_url: str | None = None,
        webhook_token: str | None = None,
    ) -> builtins.list[TextToImageTask]:
        """Start generating: ``POST /api/v1/userText2Image/start``; one task per image.

        ``width``/``height`` default to 1024 on A2E's side; ``model_type`` is ``"a2e"``
        (default) or ``"seedream"``; ``input_images`` are reference images (URLs, local
        paths or ``(bytes, filename)``; at most 2 for ``a2e``, 10 for ``seedream``);
        ``aspect_ratio`` (Seedream) is one of :data:`ASPECT_RATIOS`; ``max_images`` (1–8)
        makes A2E create that many tasks. ``name`` defaults to a unique one. The older
        ``userText2image`` call with ``req_key`` from A2E's first docs is not used.

        Returns the created tasks (A2E answers an array). Raises ``ValidationError`` before
        sending, ``OutcomeUnknownError`` if the call may have reached A2E unanswered (never
        resent), ``APIError`` subclasses for A2E's refusals.
        """
        body: dict[str, Any] = {"name": job_name(name), "prompt": check_text("prompt", prompt)}
        if width is not None:
            body["width"] = check_int("width", width, minimum=1)
        if height is not None:
            body["height"] = check_int("height", height, minimum=1)
        if model_type is not None:
            body["model_type"] = check_choice("model_type", model_type, tuple(_MAX_INPUTS))
        images: builtins.list[MediaInput] = []
        if input_images is not None:
            limit = _MAX_INPUTS[model_type or "a2e"]
            images = media_list("input_images", input_images, minimum=1, maximum=limit)
        if aspect_ratio is not None:
            body["aspect_ratio"] = check_choice("aspect_ratio", aspect_ratio, ASPECT_RATIOS)
        if max_images is not None:
            body["max_images"] = check_int("max_images", max_images, minimum=1, maximum=8)
        if skip_face_enhance is not None:
            body["skip_face_enhance"] = check_bool("skip_face_enhance", skip_face_enhance)
        put_webhook(body, webhook_url, webhook_token)
        if images:
            body["input_images"] = await self._media_urls("input_images", images)
        path = _PREFIX + "/start"
        data = await self._call("POST", path, json=body, reference=body["name"])
        rows = [data] if isinstance(data, Mapping) else data
        tasks = decode_list(TextToImageTask, rows, endpoint=f"POST {path}")
        if not tasks:
            raise ResponseDecodeError("start answered no task", endpoint=f"POST {path}", raw=data)
        return tasks

    async def start_and_wait(
        self,
        *,
        poll_policy: PollPolicy | None = None,
        on_progress: ProgressCallback | None = None,
        cancel_remote: bool = False,
        **params: Any,
    ) -> builtins.list[TextToImageTask]:
        """:meth:`start`, then :meth:`wait` for every task; returns them completed
        (``image_urls``), in A2E's order.

        Takes every parameter of :meth:`start` and of :meth:`wait`. The first failure
        raises ``TaskFailed``; the other tasks keep running on A2E.
        """
        done = []
        # One after the other is as fast as all at once: the waits share one poller.
        for task in await self.start(**params):
            done.append(
                await self._wait_started(
                    task,
                    poll_policy=poll_policy,
                    on_progress=on_progress,
                    cancel_remote=cancel_remote,
                )
            )
        return done

    async def quick_add_avatar(
        self, task_id: str, *, gender: Literal["female", "male"] | None = None
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
        return await self._call("POST", _PREFIX + "/quickAddAvatar", json=body)
