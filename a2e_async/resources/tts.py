"""Text-to-speech: ``client.tts`` (public voices, ``send_tts`` and its recent previews)."""

from __future__ import annotations

import builtins
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Annotated, Any, Literal

import anyio
from typing_extensions import Required, Unpack

from .._converter import decode_list
from .._fields import BodyParams, Range, Text, Wire, exactly_one, needs
from .._spec import Spec
from ..errors import ResponseDecodeError
from ..models.common import Page
from ..models.tts import TTSAudio, TTSPreview, VoiceGroup
from ._base import Resource, count_of, iterate_pages
from ._params import check_choice, check_int, check_text, opt_text, path_id, put
from ._record_paths import rows_of

__all__ = ["MAX_TTS_CHARS", "TTS", "TTSParams", "TTSVoiceParams", "split_text"]

MAX_TTS_CHARS = 1000
"""A2E's documented limit for API users (its schema allows 3,000; the docs say 1,000)."""

_SEND_TTS = "/api/v1/video/send_tts"
_VOICES = "/api/v1/anchor/voice_list"
_PREVIEWS = "/api/v1/tts/preview"
_LONG_CONCURRENCY = 4


class TTSVoiceParams(BodyParams, total=False):
    """The voice of :meth:`TTS.generate` and :meth:`TTS.generate_long`.

    Give exactly one voice: ``voice_id`` or ``user_voice_id`` (then ``country`` and
    ``region`` too)."""

    voice_id: Annotated[str, Text(max_length=128), Wire("tts_id")] | None
    """A public voice from :meth:`TTS.list_voices` (wire ``tts_id``)."""
    user_voice_id: Annotated[str, Text(max_length=128)] | None
    """A cloned voice's ``speaker_id`` (see ``client.voices``)."""
    country: Annotated[str, Text(max_length=16)] | None
    """The language part of the locale, e.g. ``"en"`` (A2E's default: ``en``)."""
    region: Annotated[str, Text(max_length=16)] | None
    """The region part of the locale, e.g. ``"US"`` (A2E's default: ``US``)."""
    speech_rate: Annotated[float, Range(0.5, 2.0), Wire("speechRate")] | None
    """Speed, 0.5-2.0 (wire ``speechRate``; A2E's default: 1)."""


class TTSParams(TTSVoiceParams, total=False):
    """Parameters of :meth:`TTS.generate` (``POST /api/v1/video/send_tts``)."""

    text: Required[Annotated[str, Text(max_length=MAX_TTS_CHARS), Wire("msg")]]
    """What to say, at most 1,000 characters (wire ``msg``)."""


_VOICE_RULES = (
    exactly_one("voice_id", "user_voice_id"),
    needs("user_voice_id", "country", "region", why="is required with a cloned voice"),
)
_SPEC = Spec(TTSParams, rules=_VOICE_RULES)


class TTS(Resource):
    """Public voices and speech synthesis."""

    async def list_voices(
        self,
        *,
        country: str | None = None,
        region: str | None = None,
        locale: str | None = None,
        method: Literal["GET", "POST"] = "GET",
        extra_query: Mapping[str, Any] | None = None,
    ) -> builtins.list[VoiceGroup]:
        """Public voices, grouped: ``GET /api/v1/anchor/voice_list``.

        ``country`` (e.g. ``en``), ``region`` (e.g. ``US``) and ``locale`` (wire
        ``voice_map_type``, e.g. ``en-US``) narrow the list. Each voice's ``id`` is the
        ``voice_id`` for :meth:`generate`. ``method="POST"`` sends the same fields as a
        body (A2E's spec lists both forms; ``extra_query`` then has nothing to add to).
        """
        check_choice("method", method, ("GET", "POST"))
        fields: dict[str, Any] = {}
        put(fields, "country", opt_text("country", country, max_length=16))
        put(fields, "region", opt_text("region", region, max_length=16))
        put(fields, "voice_map_type", opt_text("locale", locale, max_length=32))
        if method == "POST":
            # A read sent as POST: resending it is harmless.
            data = await self._call("POST", _VOICES, json=fields, idempotent=True)
        else:
            data = await self._call("GET", _VOICES, params=fields, extra_query=extra_query)
        return decode_list(VoiceGroup, data, endpoint=f"{method} {_VOICES}")

    async def list_presets(
        self, *, extra_body: Mapping[str, Any] | None = None
    ) -> builtins.list[dict[str, Any]]:
        """The system TTS voices (presets) for your account: ``POST /api/v1/anchor/tts_list``.

        A2E documents neither a body (``{}`` is sent) nor the answer: each item is returned
        as the dict A2E sends.
        """
        endpoint = "POST /api/v1/anchor/tts_list"
        data = await self._call(
            "POST", "/api/v1/anchor/tts_list", json={}, idempotent=True, extra_body=extra_body
        )
        return [dict(row) for row in rows_of(data, endpoint=endpoint) if isinstance(row, Mapping)]

    async def list_previews_page(
        self, page: int = 1, page_size: int = 20, *, extra_query: Mapping[str, Any] | None = None
    ) -> Page[TTSPreview]:
        """One page of your TTS previews of the last 24 hours:
        ``GET /api/v1/tts/preview/list`` (``current``, ``pageSize`` at most 100)."""
        check_int("page", page, minimum=1)
        check_int("page_size", page_size, minimum=1, maximum=100)
        endpoint = f"GET {_PREVIEWS}/list"
        query = {"current": page, "pageSize": page_size}
        data = await self._call("GET", f"{_PREVIEWS}/list", params=query, extra_query=extra_query)
        items = decode_list(TTSPreview, rows_of(data, endpoint=endpoint), endpoint=endpoint)
        return Page(items=items, page=page, page_size=page_size, total=count_of(data))

    def list_previews(
        self, *, page_size: int = 50, extra_query: Mapping[str, Any] | None = None
    ) -> AsyncIterator[TTSPreview]:
        """Every TTS preview of the last 24 hours, fetching pages lazily."""
        return iterate_pages(
            lambda n: self.list_previews_page(n, page_size, extra_query=extra_query)
        )

    async def delete_preview(self, preview_id: str) -> None:
        """Delete a TTS preview: ``DELETE /api/v1/tts/preview/{id}`` (A2E soft-deletes the
        record and keeps the audio file)."""
        quoted = path_id("preview_id", preview_id)
        await self._call("DELETE", f"{_PREVIEWS}/{quoted}", idempotent=True)

    async def generate(self, **params: Unpack[TTSParams]) -> TTSAudio:
        """Synthesise speech: ``POST /api/v1/video/send_tts``; returns the audio's URL.

        Parameters: :class:`TTSParams`. For longer text, see :meth:`generate_long`.
        """
        return await self._send(await _SPEC.body(params, self._media_urls))

    async def generate_long(
        self, text: str, *, max_chars: int = MAX_TTS_CHARS, **params: Unpack[TTSVoiceParams]
    ) -> list[TTSAudio]:
        """Synthesise text of any length as several clips, in order; opt-in splitting.

        The text is cut at sentence ends into pieces of at most ``max_chars`` characters
        (a sentence longer than that at clause marks, then at spaces), and each piece is one
        ``send_tts`` call with the voice of ``params`` (:class:`TTSVoiceParams`). Returns
        one :class:`TTSAudio` per piece; A2E has no call that joins them.
        """
        limit = check_int("max_chars", max_chars, minimum=1, maximum=MAX_TTS_CHARS)
        check_text("text", text)
        pieces = split_text(text, limit)
        bodies = [await _SPEC.body({**params, "text": piece}, self._media_urls) for piece in pieces]
        results: list[TTSAudio | None] = [None] * len(bodies)
        limiter = anyio.CapacityLimiter(_LONG_CONCURRENCY)

        async def one(index: int, body: dict[str, Any]) -> None:
            async with limiter:
                results[index] = await self._send(body)

        async with anyio.create_task_group() as group:
            for index, body in enumerate(bodies):
                group.start_soon(one, index, body)
        return [audio for audio in results if audio is not None]

    async def _send(self, body: dict[str, Any]) -> TTSAudio:
        # Speech synthesis creates nothing lasting, so resending it is harmless.
        data = await self._call("POST", _SEND_TTS, json=body, idempotent=True)
        if not isinstance(data, str) or not data:
            raise ResponseDecodeError(
                "expected the audio URL as a string", endpoint=f"POST {_SEND_TTS}", raw=data
            )
        return TTSAudio(url=data)


# Where a cut may go, best first: after a sentence end, after a clause mark, at a space.
_SENTENCE = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\s+|$)|[。！？]+[”’」』）]*\s*")
_CLAUSE = re.compile(r"[,;:—]\s+|[，、；：]\s*")
_SPACE = re.compile(r"\s+")


def split_text(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` characters, at sentence ends.

    Whole sentences are packed together while they fit; a longer sentence is cut at clause
    marks, then at spaces, then anywhere. Pieces are stripped; none is empty.
    """
    chunks: list[str] = []
    current = ""
    for unit in _fit(text, max_chars, (_SENTENCE, _CLAUSE, _SPACE)):
        if len((current + unit).strip()) <= max_chars:
            current += unit
            continue
        if current.strip():
            chunks.append(current.strip())
        current = unit
    if current.strip():
        chunks.append(current.strip())
    return chunks


def _fit(text: str, max_chars: int, cuts: tuple[re.Pattern[str], ...]) -> Iterator[str]:
    """``text`` in order, as units of at most ``max_chars`` (stripped), cut at ``cuts``."""
    if not cuts:
        for start in range(0, len(text), max_chars):
            yield text[start : start + max_chars]
        return
    start = 0
    for match in cuts[0].finditer(text):
        if match.end() > start:
            yield from _fit_one(text[start : match.end()], max_chars, cuts[1:])
            start = match.end()
    if start < len(text):
        yield from _fit_one(text[start:], max_chars, cuts[1:])


def _fit_one(unit: str, max_chars: int, finer: tuple[re.Pattern[str], ...]) -> Iterator[str]:
    if len(unit.strip()) <= max_chars:
        yield unit
    else:
        yield from _fit(unit, max_chars, finer)
