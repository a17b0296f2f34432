"""Voice clones end to end against the emulator: train, wait, list, rename, delete, use in TTS."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from a2e_async import A2EClient, VoiceClone
from a2e_async.emulator import Emulator
from a2e_async.errors import NotFoundError, TaskFailed, ValidationError

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost

SAMPLE = "https://example.com/voice-sample.wav"


async def test_train_and_wait_gives_a_speaker_for_tts(a2e_client: A2EClient) -> None:
    """A completed clone has a speaker_id that send_tts accepts as user_voice_id."""
    clone = await a2e_client.voices.train_and_wait(
        name="narrator", audio_urls=[SAMPLE], gender="male", model="a2e", language="en-US"
    )
    assert clone.status == "completed"
    assert clone.speaker_id
    assert clone.audio_urls == [SAMPLE]
    assert clone.gender == "male"
    completed = await a2e_client.voices.list_completed()
    assert [c.id for c in completed] == [clone.id]
    audio = await a2e_client.tts.generate(
        text="Hello", user_voice_id=clone.speaker_id, country="en", region="US"
    )
    assert audio.url.endswith(".mp3")


async def test_training_clone_is_listed_until_done(a2e_client: A2EClient) -> None:
    """A fresh clone shows in the training list and not yet in the completed one."""
    clone = await a2e_client.voices.train(audio_urls=[SAMPLE], denoise=True)
    assert clone.status in {"initialized", "sent", "pendding", "processing"}
    assert clone.name
    assert clone.name.startswith("a2e-")
    assert clone.id in [c.id for c in await a2e_client.voices.list_training()]
    assert clone.id not in [c.id for c in await a2e_client.voices.list_completed()]
    done = await a2e_client.voices.wait(clone.id)
    assert done.speaker_id
    assert clone.id not in [c.id for c in await a2e_client.voices.list_training()]
    assert [c.id async for c in a2e_client.voices.list()] == [clone.id]


async def test_coalesced_waits_poll_the_training_list(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """Several waits share the trainingRecord list instead of one detail GET per poll."""
    clones = await asyncio.gather(*(a2e_client.voices.train(audio_urls=[SAMPLE]) for _ in range(4)))
    done = await asyncio.gather(*(a2e_client.voices.wait(c.id) for c in clones))
    assert all(c.status == "completed" and c.speaker_id for c in done)
    requests = a2e_emulator.stats()["requests"]
    assert requests.get("GET /api/v1/userVoice/trainingRecord", 0) >= 1


async def test_local_audio_is_uploaded_with_its_type(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A local path and (bytes, name) are uploaded first; the clone trains on their URLs."""
    wav = tmp_path / "my voice.wav"
    wav.write_bytes(b"RIFF" + bytes(range(256)) * 8)
    clone = await a2e_client.voices.train(audio_urls=[wav, (b"ID3 mp3 bytes", "take2.mp3")])
    assert len(clone.audio_urls) == 2
    async with aiohttp.ClientSession() as session:
        async with session.get(clone.audio_urls[0]) as resp:
            assert await resp.read() == wav.read_bytes()
            assert resp.headers["Content-Type"].startswith("audio/")
        async with session.get(clone.audio_urls[1]) as resp:
            assert await resp.read() == b"ID3 mp3 bytes"
            assert resp.headers["Content-Type"] == "audio/mpeg"
    assert " " not in clone.audio_urls[0]


async def test_get_rename_and_delete(a2e_client: A2EClient) -> None:
    """A clone reads by id, takes a new name, and is gone after delete."""
    clone = await a2e_client.voices.train(name="first", audio_urls=[SAMPLE])
    assert (await a2e_client.voices.get(clone.id)).name == "first"
    renamed = await a2e_client.voices.rename(clone.id, "second")
    assert renamed.id == clone.id
    assert renamed.name == "second"
    assert (await a2e_client.voices.get(clone.id)).name == "second"
    await a2e_client.voices.delete(clone.id)
    with pytest.raises(NotFoundError):
        await a2e_client.voices.get(clone.id)


async def test_failed_training_raises_task_failed(a2e_client: A2EClient) -> None:
    """A clone A2E fails ends the wait with TaskFailed and A2E's message."""
    with pytest.raises(TaskFailed) as info:
        await a2e_client.voices.train_and_wait(name="emulator:fail", audio_urls=[SAMPLE])
    assert info.value.family == "voice_clone"
    assert info.value.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"audio_urls": []},
        {"audio_urls": SAMPLE},
        {"audio_urls": ["not a url"]},
        {"audio_urls": [SAMPLE], "gender": "other"},
        {"audio_urls": [SAMPLE], "model": "gpt"},
        {"audio_urls": [SAMPLE], "denoise": "yes"},
        {"audio_urls": [SAMPLE], "name": ""},
        {"audio_urls": [SAMPLE], "webhook_url": "http://hooks.example.com/a2e"},
        {"audio_urls": [SAMPLE], "webhook_token": "t" * 257},
        {"audio_urls": [SAMPLE, Path("/no/such/file.wav")]},
    ],
)
async def test_train_validates_before_sending(
    a2e_client: A2EClient, a2e_emulator: Emulator, kwargs: dict[str, Any]
) -> None:
    """Bad parameters raise ValidationError and nothing reaches the server."""
    with pytest.raises(ValidationError):
        await a2e_client.voices.train(**kwargs)
    assert not a2e_emulator.stats()["requests"]


async def test_training_sends_the_wire_names(a2e_client: A2EClient) -> None:
    """enhance_similarity and webhooks go out under A2E's names and are accepted."""
    clone = await a2e_client.voices.train(
        audio_urls=[SAMPLE],
        enhance_similarity=True,
        webhook_url="https://hooks.example.com/a2e",
        webhook_token="secret",
    )
    assert clone.status


@pytest.mark.parametrize("fixture", ["derived/userVoice_completedRecord.json"])
def test_completed_record_example_decodes_strictly(fixture: str) -> None:
    """The (derived) completedRecord item decodes with no key unknown or lost."""
    payload = load_fixture(fixture)["data"][0]
    clone = STRICT.structure(payload, VoiceClone)
    assert_nothing_lost(clone, payload)
    assert clone.speaker_id == "example_speaker_id"
    assert clone.audio_urls == ["https://example.com/voice-sample.wav"]
