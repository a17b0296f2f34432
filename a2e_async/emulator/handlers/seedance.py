"""Seedance 1.5 Pro and 2.x (``seedanceVideo``, ``seedance2Video``).

Seedance 1.5 has only ``start`` and ``allRecords`` in A2E's catalog: no detail, batch or
delete routes here either. Seedance 2.x has the common layout, a rename (``PUT {_id}``
``{name}``) and a 200-id batchDetail (SK). Results in ``result_url`` (the emulator's pick).
"""

from __future__ import annotations

from ..params import Param
from ._checks import all_of, needs
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILIES", "routes"]

_V15 = Family(
    name="seedance",
    prefix="/api/v1/seedanceVideo",
    params=(
        Param("name", default=""),
        Param("mode", default="text-to-video", choices=("text-to-video", "image-to-video")),
        Param("prompt", required=True),
        Param("image_url", "url"),
        Param("end_image_url", "url"),
        Param("duration", default="5", choices=("5", "10")),
        Param("aspect_ratio", default="16:9", choices=("16:9", "9:16", "1:1")),
        Param("resolution", default="720p", choices=("480p", "720p")),
        Param("camera_fixed", "bool", default=False),
        Param("generate_audio", "bool", default=False),
        *WEBHOOK,
    ),
    batch=False,
    item_path=None,
    delete_path=None,
    check=needs("mode", ("image-to-video",), "image_url"),
)
_V2 = Family(
    name="seedance2",
    prefix="/api/v1/seedance2Video",
    params=(
        Param("name", default=""),
        Param(
            "mode",
            default="text-to-video",
            choices=("text-to-video", "image-to-video", "first-last-frames", "reference"),
        ),
        Param("model_version", default="standard", choices=("standard", "mini", "fast", "2.5")),
        Param("omni_reference_task_type", choices=("reference", "edit", "extend")),
        Param("prompt", required=True),
        Param("image_url", "url"),
        Param("first_frame_url", "url"),
        Param("last_frame_url", "url"),
        Param("reference_urls", "urls", max_items=30),
        Param("video_urls", "urls", max_items=10),
        Param("audio_urls", "urls", max_items=10),
        Param("input_video_duration", "num", low=2, high=45.5),
        Param("duration", "int", default=5),
        Param(
            "aspect_ratio",
            default="16:9",
            choices=("adaptive", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"),
        ),
        Param("resolution", default="720p", choices=("480p", "720p", "1080p", "4k")),
        Param("generate_audio", "bool", default=True),
        Param("minor_suspected_skip", "bool", default=False),
        *WEBHOOK,
    ),
    rename=True,
    batch_max=200,
    check=all_of(
        needs("mode", ("image-to-video",), "image_url"),
        needs("mode", ("first-last-frames",), "first_frame_url", "last_frame_url"),
    ),
)

FAMILIES = (_V15, _V2)
routes = [route for family in FAMILIES for route in family_routes(family)]
