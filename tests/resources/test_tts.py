"""Public voices and speech synthesis against the emulator."""

from __future__ import annotations

import aiohttp
import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import APIError, ValidationError
from a2e_async.resources.tts import split_text


async def test_list_voices_groups_children(a2e_client: A2EClient) -> None:
    """Voices come grouped, each with an id usable as voice_id."""
    groups = await a2e_client.tts.list_voices()
    assert groups
    assert all(v.id and v.name for g in groups for v in g.voices)


async def test_generate_returns_hosted_audio(a2e_client: A2EClient) -> None:
    """send_tts answers a bare URL string; the SDK wraps it and the audio downloads."""
    voice = (await a2e_client.tts.list_voices())[0].voices[0]
    audio = await a2e_client.tts.generate(text="Hello", voice_id=voice.id, speech_rate=1.2)
    assert audio.url.startswith("http://127.0.0.1")
    async with aiohttp.ClientSession() as s, s.get(audio.url) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("audio/")


async def test_unknown_voice_is_refused_by_the_server(a2e_client: A2EClient) -> None:
    """The emulator, like A2E, refuses a voice id it does not list."""
    with pytest.raises(APIError) as info:
        await a2e_client.tts.generate(text="Hello", voice_id="no-such-voice")
    assert info.value.status == 400


@pytest.mark.parametrize(
    "kwargs",
    [
        {"text": "", "voice_id": "v"},
        {"text": "x" * 1001, "voice_id": "v"},
        {"text": "hi"},
        {"text": "hi", "voice_id": "v", "user_voice_id": "u"},
        {"text": "hi", "user_voice_id": "u"},
        {"text": "hi", "voice_id": "v", "speech_rate": 3},
    ],
)
async def test_generate_validates_before_sending(
    a2e_client: A2EClient, kwargs: dict[str, object]
) -> None:
    """Missing voice, both voices, too long text, cloned voice without locale: refused locally."""
    with pytest.raises(ValidationError):
        await a2e_client.tts.generate(**kwargs)  # type: ignore[arg-type]


async def test_generate_long_splits_at_sentences_in_order(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Long text becomes one send_tts call per piece of at most max_chars, in order."""
    voice = (await a2e_client.tts.list_voices())[0].voices[0]
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    clips = await a2e_client.tts.generate_long(text, voice_id=voice.id, max_chars=200)
    pieces = split_text(text, 200)
    assert len(clips) == len(pieces) > 1
    assert all(len(p) <= 200 and p.endswith(".") for p in pieces)
    assert " ".join(pieces) == text
    singles = [await a2e_client.tts.generate(text=p, voice_id=voice.id) for p in pieces]
    assert [c.url for c in clips] == [s.url for s in singles]
    assert a2e_emulator.stats()["requests"]["POST /api/v1/video/send_tts"] == 2 * len(pieces)


async def test_generate_long_validates_before_sending(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A bad voice or limit fails before any piece is sent."""
    with pytest.raises(ValidationError):
        await a2e_client.tts.generate_long("Hi. " * 400)
    with pytest.raises(ValidationError):
        await a2e_client.tts.generate_long("Hi.", voice_id="v", max_chars=1001)
    with pytest.raises(ValidationError):
        await a2e_client.tts.generate_long("  ", voice_id="v")
    assert not a2e_emulator.stats()["requests"]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One. Two! Three? Four.", 10, ["One. Two!", "Three?", "Four."]),
        (
            "A long clause, then more words here.",
            16,
            ["A long clause,", "then more words", "here."],
        ),
        ("你好。世界！再见。", 4, ["你好。", "世界！", "再见。"]),
        ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
        ("Pi is 3.14 today.", 100, ["Pi is 3.14 today."]),
    ],
)
def test_split_text_prefers_sentence_then_clause_then_space(
    text: str, limit: int, expected: list[str]
) -> None:
    """Cuts go at sentence ends first, then clause marks, then spaces, then anywhere."""
    assert split_text(text, limit) == expected
