"""Kling image, video and Omni (``userKlingImage``, ``klingVideo``, ``klingOmni``).

Kling image uses the ``detail/{id}`` layout; its list documents no paging parameters (the
whole list answers, the emulator's pick) and ``start`` makes ``n`` tasks, so it answers an
array ("one or more tasks", SK; an array even for one is the emulator's pick). Kling video
and Omni use the common layout plus a rename (``PUT {_id}`` ``{name}``, SK). Image and Omni
batchDetail take at most 200 ids (SK). Results: ``image_urls`` for images, ``result_url``
for videos (A2E documents neither; the emulator's pick after its documented families).
"""

from __future__ import annotations

from typing import Any

from .._web import ApiError
from ..params import Param
from ._checks import all_of, needs, objects
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILIES", "routes"]

_SECONDS = tuple(str(n) for n in range(3, 16))


def _storyboard(fields: Record) -> None:
    """Kling Omni's prose: ``prompt`` unless multi-shot ``customize``; ``shot_type`` with
    ``multi_shot``; ``multi_prompt`` (1-6 shots of ``prompt`` + ``duration``) with
    ``customize``, their durations adding up to ``duration`` (S-q)."""
    multi, shot = fields["multi_shot"], fields.get("shot_type")
    if multi and not shot:
        raise ApiError(400, "shot_type: required when multi_shot is true")
    if not (multi and shot == "customize") and not fields.get("prompt"):
        raise ApiError(400, "prompt: required unless multi_shot with shot_type customize")
    if shot == "customize":
        objects("multi_prompt", fields, ("prompt", "duration"))
        shots: list[dict[str, Any]] = fields.get("multi_prompt") or []
        if not 1 <= len(shots) <= 6:
            raise ApiError(400, "multi_prompt: 1-6 shots are required with shot_type customize")
        if sum(float(shot["duration"]) for shot in shots) != float(fields["duration"]):
            raise ApiError(400, "multi_prompt: the shots' durations must add up to duration")


_IMAGE = Family(
    name="kling_image",
    prefix="/api/v1/userKlingImage",
    params=(
        Param("name", required=True),
        Param("prompt", required=True),
        Param("input_images", "urls"),
        Param(
            "aspect_ratio",
            default="9:16",
            choices=("1:1", "16:9", "9:16", "4:3", "3:4", "2:3", "3:2", "21:9"),
        ),
        Param("resolution", default="1k", choices=("1k", "2k")),
        Param("n", "int", default=1, low=1, high=9),
        *WEBHOOK,
    ),
    results=(("image_urls", "png"),),
    list_path="/list",
    item_path="/detail/{id}",
    delete_path="/{id}",
    page_params=None,
    batch_max=200,
    copies=lambda fields: int(fields["n"]),
)
_VIDEO = Family(
    name="kling_video",
    prefix="/api/v1/klingVideo",
    params=(
        Param("name", default=""),
        Param("mode", required=True, choices=("text-to-video", "image-to-video", "motion-control")),
        Param("prompt", required=True),
        Param("version", default="2.6", choices=("2.6", "3.0")),
        Param("model_version", default="standard", choices=("standard", "fast")),
        Param("resolution", default="720p", choices=("720p", "1080p")),
        Param("quality_mode", default="std", choices=("std", "pro", "4k")),
        Param("duration", default="5", choices=_SECONDS),
        Param("image_url", "url"),
        Param("video_url", "url"),
        Param("aspect_ratio", default="16:9", choices=("16:9", "9:16", "1:1")),
        Param("sound", "bool", default=False),
        Param("end_image_url", "url"),
        Param("character_orientation", default="video", choices=("video", "image")),
        Param("negative_prompt"),
        Param("seed", "num"),
        *WEBHOOK,
    ),
    rename=True,
    check=all_of(
        needs("mode", ("image-to-video", "motion-control"), "image_url"),
        needs("mode", ("motion-control",), "video_url"),
    ),
)
_OMNI = Family(
    name="kling_omni",
    prefix="/api/v1/klingOmni",
    params=(
        Param("name", default=""),
        Param("prompt"),
        Param("image_list", "urls", max_items=7),
        Param("mode", default="std", choices=("std", "pro")),
        Param("duration", default="5", choices=_SECONDS),
        Param("aspect_ratio", default="16:9", choices=("16:9", "9:16", "1:1")),
        Param("sound", "bool", default=False),
        Param("multi_shot", "bool", default=False),
        Param("shot_type", choices=("intelligence", "customize")),
        Param("multi_prompt", "any"),
        *WEBHOOK,
    ),
    rename=True,
    batch_max=200,
    check=_storyboard,
)

FAMILIES = (_IMAGE, _VIDEO, _OMNI)
routes = [route for family in FAMILIES for route in family_routes(family)]
