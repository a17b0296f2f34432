"""Veo 3.1, Sora 2 Pro and Grok Imagine video (``veoVideo``, ``soraVideo``, ``grokVideo``).

Common layout; results in ``result_url`` (A2E documents none; the emulator's pick). Veo's
``prompt`` must be sent but may be empty (SK prose). ``GET /veoVideo/{_id}/1080p`` (SK):
HTTP 400 unless the video was asked for at 16:9; HTTP 202 ("being processed, please try
again later") until the 1080p file is ready, which in the emulator is a fifth of the render
time after the video completed (the emulator's pick); then ``data: {"video_url"}`` (the
answer body is undocumented: the emulator's pick).
"""

from __future__ import annotations

from aiohttp import web

from .._web import ApiError, dumps, ok, origin, state_of
from ..files import file_url
from ..params import Param
from ._checks import all_of, needs
from ._engine import WEBHOOK, Family, Record, family_routes, find

__all__ = ["FAMILIES", "routes"]


def _veo_prompt(fields: Record) -> None:
    if fields.get("prompt") is None:
        raise ApiError(400, "prompt: is required (it may be empty)")


_VEO = Family(
    name="veo",
    prefix="/api/v1/veoVideo",
    params=(
        Param("name", default=""),
        # Not "required" to the parser: A2E takes an empty prompt (checked below).
        Param("prompt"),
        Param(
            "generationType",
            default="TEXT_2_VIDEO",
            choices=("TEXT_2_VIDEO", "FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO"),
        ),
        Param("imageUrls", "urls", max_items=3),
        Param("model", default="veo3_fast", choices=("veo3", "veo3_fast")),
        Param("aspectRatio", default="Auto", choices=("16:9", "9:16", "Auto")),
        Param("watermark"),
        Param("seeds", "num", low=10000, high=99999),
        *WEBHOOK,
    ),
    check=all_of(
        _veo_prompt,
        needs(
            "generationType",
            ("FIRST_AND_LAST_FRAMES_2_VIDEO", "REFERENCE_2_VIDEO"),
            "imageUrls",
        ),
    ),
)
_SORA = Family(
    name="sora",
    prefix="/api/v1/soraVideo",
    params=(
        Param("name", default=""),
        Param("model_type", default="image-to-video", choices=("text-to-video", "image-to-video")),
        Param("prompt", required=True),
        Param("image_urls", "urls"),
        Param("aspect_ratio", default="landscape", choices=("portrait", "landscape")),
        Param("duration_seconds", default="5", choices=("5", "10", "15")),
        Param("quality", default="standard", choices=("standard", "high")),
        *WEBHOOK,
    ),
    check=needs("model_type", ("image-to-video",), "image_urls"),
)


def _grok_images(fields: Record) -> None:
    if fields["model_type"] == "image-to-video" and not (
        fields.get("image_urls") or fields.get("image_url")
    ):
        raise ApiError(400, "image_urls: at least one image is required for image-to-video")


def _grok_version(fields: Record) -> None:
    """ "1.5 uses Grok Imagine Video 1.5 and only supports image-to-video" (S-q)."""
    if fields["model_version"] == "1.5" and fields["model_type"] != "image-to-video":
        raise ApiError(400, "model_version: 1.5 supports image-to-video only")


_GROK = Family(
    name="grok_video",
    prefix="/api/v1/grokVideo",
    params=(
        Param("name", default=""),
        Param("model_type", default="text-to-video", choices=("text-to-video", "image-to-video")),
        Param("model_version", default="legacy", choices=("legacy", "1.5")),
        Param("prompt"),
        Param("mode", default="normal", choices=("fun", "normal", "spicy")),
        Param("image_urls", "urls"),
        Param("image_url", "url"),
        Param(
            "aspect_ratio",
            default="16:9",
            choices=("auto", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"),
        ),
        Param("duration", default="6", choices=("6", "10", "15")),
        Param("nsfw_checker", "bool", default=False),
        *WEBHOOK,
    ),
    check=all_of(
        needs("model_type", ("text-to-video",), "prompt"),
        _grok_images,
        _grok_version,
    ),
)


async def veo_1080p(request: web.Request) -> web.Response:
    """The 1080p version of a 16:9 Veo video: 202 while it is made, then its URL."""
    task = find(request, _VEO)
    if task.record.get("aspectRatio") != "16:9":
        raise ApiError(400, "aspectRatio: 1080P is only available for 16:9 videos")
    now = state_of(request).now()
    done = task.finished_at(now)
    if task.phase(now).failed:
        raise ApiError(400, "_id: the video failed")
    if done is None or now < done + task.duration / 5:
        body = {
            "code": 0,
            "data": None,
            "msg": "1080P video is being processed, please try again later",
        }
        return web.Response(text=dumps(body), status=202, content_type="application/json")
    return ok({"video_url": file_url(origin(request), _VEO.name, f"{task.id}_1080p.mp4")})


FAMILIES = (_VEO, _SORA, _GROK)
routes = [
    web.get("/api/v1/veoVideo/{_id}/1080p", veo_1080p),
    *(route for family in FAMILIES for route in family_routes(family)),
]
