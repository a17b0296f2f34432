"""Text-to-speech: ``client.tts`` (public voices and ``send_tts``)."""

from __future__ import annotations

from typing import Any

from .._converter import decode_list
from ..errors import ResponseDecodeError, ValidationError
from ..models.tts import TTSAudio, VoiceGroup
from ._base import Resource
from ._params import check_number, check_text, opt_text, put

__all__ = ["MAX_TTS_CHARS", "TTS"]

MAX_TTS_CHARS = 1000
"""A2E's documented limit for API users (its schema allows 3,000; the docs say 1,000)."""

_SEND_TTS = "/api/v1/video/send_tts"


class TTS(Resource):
    """Public voices and speech synthesis."""

    async def list_voices(
        self,
        *,
        country: str | None = None,
        region: str | None = None,
        locale: str | None = None,
    ) -> list[VoiceGroup]:
        """Public voices, grouped: ``GET /api/v1/anchor/voice_list``.

        ``country`` (e.g. ``en``), ``region`` (e.g. ``US``) and ``locale`` (wire
        ``voice_map_type``, e.g. ``en-US``) narrow the list. Each voice's ``id`` is the
        ``voice_id`` for :meth:`generate`.
        """
        params: dict[str, Any] = {}
        put(params, "country", opt_text("country", country, max_length=16))
        put(params, "region", opt_text("region", region, max_length=16))
        put(params, "voice_map_type", opt_text("locale", locale, max_length=32))
        data = await self._call("GET", "/api/v1/anchor/voice_list", params=params)
        return decode_list(VoiceGroup, data, endpoint="GET /api/v1/anchor/voice_list")

    async def generate(
        self,
        *,
        text: str,
        voice_id: str | None = None,
        user_voice_id: str | None = None,
        country: str | None = None,
        region: str | None = None,
        speech_rate: float | None = None,
    ) -> TTSAudio:
        """Synthesise speech: ``POST /api/v1/video/send_tts``; returns the audio's URL.

        Give exactly one voice: ``voice_id`` (a public voice, wire ``tts_id``) or
        ``user_voice_id`` (a cloned voice's ``speaker_id``; then ``country`` and ``region``
        are required, e.g. ``"en"`` and ``"US"``). ``text`` (wire ``msg``) is at most 1,000
        characters; ``speech_rate`` (wire ``speechRate``) is 0.5–2.0.
        """
        body: dict[str, Any] = {"msg": check_text("text", text, max_length=MAX_TTS_CHARS)}
        if (voice_id is None) == (user_voice_id is None):
            raise ValidationError("voice_id", "give exactly one of voice_id or user_voice_id")
        if voice_id is not None:
            body["tts_id"] = check_text("voice_id", voice_id, max_length=128)
        if user_voice_id is not None:
            body["user_voice_id"] = check_text("user_voice_id", user_voice_id, max_length=128)
            if country is None or region is None:
                raise ValidationError(
                    "country", "a cloned voice (user_voice_id) needs country and region"
                )
        put(body, "country", opt_text("country", country, max_length=16))
        put(body, "region", opt_text("region", region, max_length=16))
        if speech_rate is not None:
            body["speechRate"] = check_number("speech_rate", speech_rate, minimum=0.5, maximum=2.0)
        # Speech synthesis creates nothing lasting, so resending it is harmless.
        data = await self._call("POST", _SEND_TTS, json=body, idempotent=True)
        if not isinstance(data, str) or not data:
            raise ResponseDecodeError(
                "expected the audio URL as a string", endpoint=f"POST {_SEND_TTS}", raw=data
            )
        return TTSAudio(url=data)
