"""Public voices and text to speech: ``anchor/voice_list`` and ``video/send_tts``.

``send_tts`` is synchronous: ``data`` is the audio URL as a bare string, hosted by the
emulator. The URL is derived from the inputs, so the same text and voice give the same URL.
"""

from __future__ import annotations

import hashlib

from aiohttp import web

from .._web import ApiError, ok, origin, read_body, read_params, state_of, user_of
from ..catalog import PUBLIC_VOICES, VOICE_IDS
from ..files import file_url
from ..params import Param, parse
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
    return ok(file_url(origin(request), "tts", f"{digest}.mp3"))
