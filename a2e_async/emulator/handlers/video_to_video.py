"""Video to video = motion transfer (``motionTransfer``): result in ``result_video_url``."""

from __future__ import annotations

from ..params import Param
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILY", "routes"]

FAMILY = Family(
    name="video_to_video",
    prefix="/api/v1/motionTransfer",
    params=(
        Param("name", default=""),
        Param("image_url", "url", required=True),
        Param("video_url", "url", required=True),
        Param("positive_prompt"),
        Param("negative_prompt"),
        Param("timeout", "num", default=300),
        *WEBHOOK,
    ),
    results=(("result_video_url", "mp4"),),
    texts=("name", "positive_prompt"),
)
routes = family_routes(FAMILY)
