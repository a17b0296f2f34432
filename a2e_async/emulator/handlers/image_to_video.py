"""Image to video (``userImage2Video``): 100 coins per task, ``result_url``.

Its records start at ``sent`` (as the documented start example shows) and, as A2E's spec
says, a task that is sent/pending/processing cannot be deleted (HTTP 400).

The helpers around the family (SK) document no answer bodies; the emulator's picks:
``avgProcessingTime`` answers ``{"avgProcessingTime": seconds}`` (the middle of the family's
durations), ``unlimitedQueueLevel`` ``{"level": 0}``, ``mark{Shared,Downloaded,Copied}``
set ``isShared``/``isDownloaded``/``isCopied`` on the record and answer ``null``, and the
two prompt extensions check the spec's required fields (``template`` default | cinematic)
and answer ``{"prompt", "negative_prompt"}`` with the inputs extended.
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, ok, read_body, state_of
from ..params import Param, parse
from ..state import Vocabulary
from ._engine import WEBHOOK, Family, Record, family_routes, find

__all__ = ["COINS", "FAMILY", "routes"]

COINS = 100
_STATUSES = Vocabulary(
    "current_status",
    ((0.0, "sent"), (0.15, "pending"), (0.3, "processing")),
    "completed",
    "failed",
)


def _check(fields: Record) -> None:
    if fields.get("model_type") == "FLF2V" and not fields.get("end_image_url"):
        raise ApiError(400, "end_image_url: is required with model_type FLF2V")


FAMILY = Family(
    name="image_to_video",
    prefix="/api/v1/userImage2Video",
    params=(
        Param("name"),
        Param("image_url", "url", required=True),
        Param("prompt"),
        Param("negative_prompt"),
        Param("lora"),
        Param("model_type", default="GENERAL", choices=("GENERAL", "FLF2V")),
        Param("model_version", choices=("a2e", "a2e-v2", "a2e-v2-flash")),
        Param("end_image_url", "url"),
        Param("extend_prompt", "bool", default=True),
        Param("number_of_images", "int", default=1, low=1, high=8),
        Param("video_time", "int", default=5, choices=(5, 10, 15, 20)),
        Param("video_length", "int", low=1, high=1000),
        Param("skip_face_enhance", "bool", default=False),
        Param("mask_face", "bool"),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    vocab=_STATUSES,
    delete_running=False,
    check=_check,
    cost=lambda fields: COINS,
)
_PROMPT = (
    Param("reference_id", required=True),
    Param("image_url", "url", required=True),
    Param("prompt", required=True),
    Param("negative_prompt", required=True),
    Param("lang", default="en"),
    Param("max_length", "int"),
    Param("stream", "bool"),
)
_TEMPLATE = (
    Param("template", default="default", choices=("default", "cinematic")),
    Param("shot_count", "int", default=2),
    Param("with_audio", "bool", default=True),
)
_FLAGS = {"markShared": "isShared", "markDownloaded": "isDownloaded", "markCopied": "isCopied"}


async def avg_processing_time(request: web.Request) -> web.Response:
    low, high = state_of(request).durations[FAMILY.name]
    return ok({"avgProcessingTime": (low + high) / 2})


async def queue_level(request: web.Request) -> web.Response:
    return ok({"level": 0})


async def mark(request: web.Request) -> web.Response:
    task = find(request, FAMILY)
    task.record[_FLAGS[request.match_info["what"]]] = True
    return ok(None)


def _extended(fields: Record) -> web.Response:
    if fields.get("stream"):
        raise ApiError(400, "stream: the emulator answers JSON only")
    limit = fields.get("max_length") or 10_000
    prompt = f"{fields['prompt']}, cinematic lighting, smooth natural motion"[:limit]
    negative = f"{fields['negative_prompt']}, blurry, distorted"[:limit]
    return ok({"prompt": prompt, "negative_prompt": negative})


async def prompt_extension(request: web.Request) -> web.Response:
    return _extended(parse(await read_body(request), (*_PROMPT, *_TEMPLATE)))


async def flf2v_prompt_extension(request: web.Request) -> web.Response:
    spec = (*_PROMPT, Param("end_image_url", "url", required=True))
    return _extended(parse(await read_body(request), spec))


_PREFIX = FAMILY.prefix
routes = [
    web.get(f"{_PREFIX}/avgProcessingTime", avg_processing_time),
    web.get(f"{_PREFIX}/unlimitedQueueLevel", queue_level),
    web.post(f"{_PREFIX}/prompt_extension", prompt_extension),
    web.post(f"{_PREFIX}/flf2v_prompt_extension", flf2v_prompt_extension),
    web.post(f"{_PREFIX}/{{_id}}/{{what:markShared|markDownloaded|markCopied}}", mark),
    *family_routes(FAMILY),
]
