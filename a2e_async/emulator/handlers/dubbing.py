"""AI dubbing (``userDubbing``): start, list, in-flight list, detail, delete; no batchDetail.

A2E's spec documents only the webhook fields; these follow its public callers (C×3,
ElevenLabs-like names, part2 §3.1), with no ranges. The emulator requires ``source_url`` and
``target_lang``, without which nothing can be dubbed: its pick, as A2E states no required
field.
"""

from __future__ import annotations

from ..params import Param
from ._engine import WEBHOOK, Family, family_routes

__all__ = ["FAMILY", "routes"]

FAMILY = Family(
    name="dubbing",
    prefix="/api/v1/userDubbing",
    params=(
        Param("name", default=""),
        Param("source_url", "url", required=True),
        Param("source_lang", default="auto"),
        Param("target_lang", required=True),
        Param("num_speakers", "int", default=1),
        Param("drop_background_audio", "bool", default=False),
        *WEBHOOK,
    ),
    start="/startDubbing",
    processing_path="/allProcessing",
    batch=False,
    record=lambda fields, user: {
        key: value for key, value in fields.items() if "webhook" not in key
    },
)
routes = family_routes(FAMILY)
