"""Public voices and text to speech: ``anchor/voice_list`` and ``video/send_tts``.

``send_tts`` is synchronous: ``data`` is the audio URL as a bare string, hosted by the
emulator. The URL is derived from the inputs, so the same text and voice give the same URL.

Each ``send_tts`` also keeps a preview record, listed by ``tts/preview/list`` for 24 hours
(SK: "non-deleted TTS preview records created during the last 24 hours"; paged by
``current``/``pageSize`` <= 100) and soft-deleted by ``DELETE tts/preview/{id}``. A2E
documents no record body: ``{_id, msg, tts_id, user_voice_id, audio_url, createdAt}`` is
the emulator's pick. ``anchor/tts_list`` (no documented body or answer) answers the public
voices as ``{_id, name, locale, gender}`` items (the emulator's pick).
"""

from __future__ import annotations

import hashlib

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, read_params, state_of, user_of
from ..catalog import PUBLIC_VOICES, VOICE_IDS
from ..files import file_url
from ..params import Param, parse
from ..state import iso
from ._engine import check_id
from .voices import speaker_ids

__all__ = ["routes"]

routes = web.RouteTableDef()

_LIST = (Param("country"), Param("region"), Param("voice_map_type"))
_TTS = (
    # The schema allows 3000 characters, but "API users: maximum 1000 characters" (part1
    # §3.5, S-q; the spec's prose says the same for API-token callers), and every emulator
    # caller holds an API token.
    Param("msg", required=True, max_len=1000),
    Param("tts_id"),
    Param("user_voice_id"),
    Param("country", default="en"),
    Param("region", default="US"),
    Param("speechRate", "num", default=1.0, low=0.5, high=2.0),
    Param("type", choices=("turnstile", "aliyun_captcha")),
)
_GROUPS = (("female", "Female"), ("male", "Male"))


@routes.get("/api/v1/anchor/voice_list")
@routes.post("/api/v1/anchor/voice_list")
async def voice_list(request: web.Request) -> web.Response:
    """Voices of one locale (default en-US), grouped by gender; child ``value`` = tts_id."""
    fields = parse(await read_params(request), _LIST, coerce=True)
    locale = fields.get("voice_map_type") or (
        f"{fields.get('country') or 'en'}-{fields.get('region') or 'US'}"
    )
    groups = []
    for value, label in _GROUPS:
        children = [
            {"value": voice_id, "label": name}
            for voice_id, name, gender, voice_locale in PUBLIC_VOICES
            if gender == value and voice_locale.lower() == locale.lower()
        ]
        if children:
            groups.append({"value": value, "label": label, "children": children})
    return ok(groups)


_SCRIPTS = (("\u4e00", "\u9fff", "zh"), ("\u0600", "\u06ff", "ar"),
            ("\u3040", "\u30ff", "ja"), ("\uac00", "\ud7af", "ko"))  # fmt: skip


@routes.post("/api/v1/video/lang_classify")
async def lang_classify(request: web.Request) -> web.Response:
    """Guess the language of ``msg``; ``data`` is a bare language code such as ``"en"``.

    Path and shape come from public callers only (part2 appendix B, C×2): both read ``data``
    as a string, and one derives the TTS country from it as is and the region by upper-casing
    it, so it is a plain language code. A character-range guess is enough for a fake.
    """
    text = parse(await read_body(request), (Param("msg", required=True),))["msg"]
    for low, high, lang in _SCRIPTS:
        if any(low <= char <= high for char in text):
            return ok(lang)
    return ok("en")


@routes.post("/api/v1/video/send_tts")
async def send_tts(request: web.Request) -> web.Response:
    """Synthesize ``msg`` with a public voice (``tts_id``) or a cloned one (``user_voice_id``)."""
    body = await read_body(request)
    fields = parse(body, _TTS)
    tts_id, speaker = fields.get("tts_id") or "", fields.get("user_voice_id") or ""
    if not tts_id and not speaker:
        raise ApiError(400, "tts_id: either tts_id or user_voice_id is required")
    state = state_of(request)
    if speaker:
        for name in ("country", "region"):
            if not body.get(name):
                raise ApiError(400, f"{name}: is required with user_voice_id")
        if speaker not in speaker_ids(user_of(request), state.now()):
            raise ApiError(400, "user_voice_id: no completed voice clone with this speaker_id")
    elif tts_id not in VOICE_IDS:
        raise ApiError(400, "tts_id: unknown voice")
    key = "|".join(
        str(part)
        for part in (tts_id, speaker, fields["country"], fields["region"], fields["speechRate"])
    )
    digest = hashlib.sha1(f"{key}|{fields['msg']}".encode(), usedforsecurity=False).hexdigest()
    # A rough speaking rate, so videos made from this audio can report an audioLen.
    state.tts_seconds[digest] = max(1.0, len(fields["msg"]) / 15 / fields["speechRate"])
    url = file_url(origin(request), "tts", f"{digest}.mp3")
    preview_id = state.new_id()
    user_of(request).tts_previews[preview_id] = {
        "_id": preview_id,
        "msg": fields["msg"],
        "tts_id": tts_id,
        "user_voice_id": speaker,
        "audio_url": url,
        "created": state.now(),
    }
    return ok(url)


_DAY = 86_400.0
_PREVIEW_PAGE = (
    Param("current", "int", default=1, low=1),
    Param("pageSize", "int", default=20, low=1, high=100),
)


@routes.get("/api/v1/tts/preview/list")
async def preview_list(request: web.Request) -> web.Response:
    """The user's previews of the last 24 hours, newest first: ``{rows, count}``."""
    fields = parse(request.query, _PREVIEW_PAGE, coerce=True)
    now = state_of(request).now()
    scale = state_of(request).clock.time_scale
    fresh = [
        {key: value for key, value in record.items() if key != "created"}
        | {"createdAt": iso(record["created"])}
        for record in reversed(user_of(request).tts_previews.values())
        # A2E's 24 hours run on the emulator's clock, like every other duration.
        if now - record["created"] < _DAY * scale
    ]
    start = (fields["current"] - 1) * fields["pageSize"]
    return ok({"rows": fresh[start : start + fields["pageSize"]], "count": len(fresh)})


@routes.delete("/api/v1/tts/preview/{id}")
async def preview_delete(request: web.Request) -> web.Response:
    """Soft-delete one preview (gone from the list); 404 for an unknown id (SK)."""
    preview_id = check_id(request.match_info["id"])
    if user_of(request).tts_previews.pop(preview_id, None) is None:
        raise ApiError(404, "record not found")
    return ok(None)


@routes.post("/api/v1/anchor/tts_list")
async def tts_list(request: web.Request) -> web.Response:
    """The system voices (presets), one item per public voice."""
    return ok(
        [
            {"_id": voice_id, "name": name, "gender": gender, "locale": locale}
            for voice_id, name, gender, locale in PUBLIC_VOICES
        ]
    )
