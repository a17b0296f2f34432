"""Talking video (``talkingVideo``): 13 coins per started 5 s of ``duration`` (SK default 3).

Records match the documented start example, ``cover_url`` included (set on completion).
"""

from __future__ import annotations

import math

from ..params import Param
from ..state import UserState
from ._engine import WEBHOOK, Family, Record, family_routes

__all__ = ["FAMILY", "cost", "routes"]


def cost(fields: Record) -> int:
    """13 coins per 5 s, rounded up (the documented 5 s example cost 13)."""
    return 13 * math.ceil(int(fields["duration"]) / 5)


def _record(fields: Record, user: UserState) -> Record:
    return {
        "name": fields["name"],
        "video_url": fields["video_url"],
        "audio_url": fields.get("audio_url", ""),
        "duration": fields["duration"],
        "prompt": fields["prompt"],
        "negative_prompt": fields["negative_prompt"],
    }


FAMILY = Family(
    name="talking_video",
    prefix="/api/v1/talkingVideo",
    params=(
        Param("name", required=True),
        Param("video_url", "url", required=True),
        Param("audio_url", "url"),
        Param("duration", "int", default=3, low=1, high=20),
        Param("prompt", required=True),
        Param("negative_prompt", required=True),
        *WEBHOOK,
    ),
    results=(("result_url", "mp4"), ("cover_url", "png")),
    cost=cost,
    record=_record,
)
routes = family_routes(FAMILY)
