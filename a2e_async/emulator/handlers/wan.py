"""Wan 2.5-2.7, Wan Spicy, Wan 3.0 and HappyHorse (``userWan25``, ``userWanSpicy``,
``userWan30``, ``userHappyhorseVideo``).

Wan 2.x, Spicy and HappyHorse use the common layout (HappyHorse's batchDetail takes at most
200 ids, SK). Wan 3.0 has only ``start`` in A2E's catalog, so the emulator has no route to
read its tasks either. Results in ``result_url`` (A2E documents none; one public caller of
the live API reads Wan's from there, C×1).

Rules kept, from the spec's prose (S-q): Wan 2.7's ``task_type`` needs its media
(``first_frame``: ``image_url``; ``first_last_frame``: also ``last_frame_url``;
``reference_image``: ``reference_media`` or ``reference_image_urls``; ``video_extend``:
``first_clip_url``; ``video_edit``: ``edit_video_url``), and every task type but
``first_frame`` needs ``model=wan2.7-i2v``. Wan Spicy: wan2.7 makes 720p/1080p for 2-15 s,
wan2.2 480p/720p for 5 or 8 s. HappyHorse: each mode's media and prompt.
"""

from __future__ import annotations

from .._web import ApiError
from ..params import Param
from ._checks import all_of, needs, objects
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILIES", "routes"]

_TASK_TYPES = (
    "text_to_video",
    "first_frame",
    "first_last_frame",
    "reference_image",
    "video_extend",
    "video_edit",
)
_SEED = Param("seed", "int", low=0, high=2147483647)


def _wan_task(fields: Record) -> None:
    task = fields["task_type"]
    if task != "first_frame" and fields["model"] != "wan2.7-i2v":
        raise ApiError(400, f"task_type: {task} is only available with model wan2.7-i2v")
    if task == "reference_image" and not (
        fields.get("reference_media") or fields.get("reference_image_urls")
    ):
        raise ApiError(400, "reference_media: 1-5 items are required for reference_image")
    objects("reference_media", fields)
    media = fields.get("reference_media")
    if media is not None and not 1 <= len(media) <= 5:
        raise ApiError(400, "reference_media: 1-5 items")


_WAN = Family(
    name="wan",
    prefix="/api/v1/userWan25",
    params=(
        Param("name", default=""),
        Param("image_url", "url"),
        Param("prompt", required=True),
        Param("negative_prompt"),
        Param("duration", default="5", choices=tuple(str(n) for n in range(2, 16))),
        Param("resolution", default="720p", choices=("480p", "720p", "1080p")),
        Param("ratio", default="16:9", choices=("16:9", "9:16", "1:1", "4:3", "3:4")),
        Param("enable_prompt_expansion", "bool", default=False),
        Param("multi_shots", "bool", default=False),
        Param(
            "model",
            default="wan2.5-i2v-preview",
            choices=("wan2.5-i2v-preview", "wan2.6-i2v", "wan2.6-i2v-flash", "wan2.7-i2v"),
        ),
        Param("task_type", default="first_frame", choices=_TASK_TYPES),
        Param("last_frame_url", "url"),
        Param("first_clip_url", "url"),
        Param("edit_video_url", "url"),
        Param("reference_image_urls", "urls"),
        Param("reference_media", "any"),
        _SEED,
        Param("audio", "bool", default=True),
        Param("audio_url", "url"),
        *WEBHOOK,
    ),
    check=all_of(
        needs("task_type", ("first_frame", "first_last_frame"), "image_url"),
        needs("task_type", ("first_last_frame",), "last_frame_url"),
        needs("task_type", ("video_extend",), "first_clip_url"),
        needs("task_type", ("video_edit",), "edit_video_url"),
        _wan_task,
    ),
)


def _spicy(fields: Record) -> None:
    if fields["model"] == "wan2.2-i2v-spicy":
        if fields["resolution"] == "1080p" or fields["duration"] not in (5, 8):
            raise ApiError(400, "resolution: wan2.2 makes 480p/720p clips of 5 or 8 s")
    elif fields["resolution"] == "480p" or not 2 <= fields["duration"] <= 15:
        raise ApiError(400, "resolution: wan2.7 makes 720p/1080p clips of 2-15 s")


_SPICY = Family(
    name="wan_spicy",
    prefix="/api/v1/userWanSpicy",
    params=(
        Param(
            "model", default="wan2.7-i2v-spicy", choices=("wan2.7-i2v-spicy", "wan2.2-i2v-spicy")
        ),
        Param("name", default=""),
        Param("prompt", required=True),
        Param("negative_prompt"),
        Param("image_url", "url", required=True),
        Param("audio_url", "url"),
        Param("resolution", required=True, choices=("480p", "720p", "1080p")),
        Param("duration", "num", required=True),
        Param("prompt_extend", "bool", default=True),
        Param("seed", "int"),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    check=_spicy,
)
_WAN3 = Family(
    name="wan3",
    prefix="/api/v1/userWan30",
    params=(
        Param("name", default=""),
        Param("model", required=True, choices=("wan3.0-video", "wan3.0-video-prime")),
        Param(
            "mode",
            default="text-to-video",
            choices=("text-to-video", "first-frame", "first-last-frames", "reference"),
        ),
        Param("input", "obj", required=True),
        Param("parameters", "obj", required=True),
        *WEBHOOK,
    ),
    list_path=None,
    batch=False,
    item_path=None,
    delete_path=None,
)


def _horse(fields: Record) -> None:
    mode, images = fields["mode"], fields.get("reference_image_urls") or []
    if mode == "r2v" and not 1 <= len(images) <= 9:
        raise ApiError(400, "reference_image_urls: r2v requires 1-9 images")
    if mode == "video-edit" and len(images) > 5:
        raise ApiError(400, "reference_image_urls: video-edit allows 0-5 images")


_HORSE = Family(
    name="happyhorse",
    prefix="/api/v1/userHappyhorseVideo",
    params=(
        Param("mode", required=True, choices=("t2v", "i2v", "r2v", "video-edit")),
        Param("name", default=""),
        Param("model_version", default="1.0", choices=("1.0", "1.1")),
        Param("prompt"),
        Param("image_url", "url"),
        Param("reference_image_urls", "urls"),
        Param("edit_video_url", "url"),
        Param("input_video_seconds", "num"),
        Param("duration", default="5", choices=tuple(str(n) for n in range(3, 16))),
        Param("resolution", default="720P", choices=("480P", "720P", "1080P")),
        Param(
            "ratio",
            default="16:9",
            choices=("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"),
        ),
        Param("audio_setting", default="auto", choices=("auto", "origin")),
        _SEED,
        Param("watermark", "bool", default=True),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    batch_max=200,
    check=all_of(
        needs("mode", ("t2v", "r2v", "video-edit"), "prompt"),
        needs("mode", ("i2v",), "image_url"),
        needs("mode", ("video-edit",), "edit_video_url"),
        _horse,
    ),
)

FAMILIES = (_WAN, _SPICY, _WAN3, _HORSE)
routes = [route for family in FAMILIES for route in family_routes(family)]
