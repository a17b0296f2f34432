"""Talking photo (``talkingPhoto``): a portrait speaks ``audio_url``; ``result_url``."""

from __future__ import annotations

from ..params import Param
from ..state import UserState
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILY", "routes"]


def _record(fields: Record, user: UserState) -> Record:
    return {
        "name": fields["name"],
        "image_url": fields["image_url"],
        "audio_url": fields.get("audio_url", ""),
        "duration": fields["duration"],
        "prompt": fields["prompt"],
        "negative_prompt": fields["negative_prompt"],
    }


FAMILY = Family(
    name="talking_photo",
    prefix="/api/v1/talkingPhoto",
    params=(
        Param("name", required=True),
        Param("image_url", "url", required=True),
        Param("audio_url", "url"),
        Param("duration", "int", default=3, low=1, high=20),
        Param("prompt", required=True),
        Param("negative_prompt", required=True),
        *WEBHOOK,
    ),
    record=_record,
)
routes = family_routes(FAMILY)
