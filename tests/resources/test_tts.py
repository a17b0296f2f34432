"""Public voices and speech synthesis against the emulator."""

from __future__ import annotations

import aiohttp
import pytest

from a2e_async import A2EClient
from a2e_async.errors import APIError, ValidationError


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
    with pytest.raises(APIError):
        await a2e_client.tts.generate(text="Hello", voice_id="no-such-voice")


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
