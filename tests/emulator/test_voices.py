"""Voice clones (userVoice): training, the two lists, speaker_id for TTS, rename, delete."""

from __future__ import annotations

import pytest

from a2e_async.emulator import Emulator

from .conftest import Api

VOICE = "/api/v1/userVoice"
BODY = {"name": "me", "voice_urls": ["https://cdn.example/me.wav"], "model": "a2e"}
pytestmark = pytest.mark.parametrize(
    "emulator_options", [{"seed": 7, "durations": {"voice_clone": (100, 100)}}]
)


async def test_training_moves_from_in_training_to_completed(api: Api, emu: Emulator) -> None:
    """A clone shows in trainingRecord (status pendding on the way), then in completedRecord."""
    clone = await api.data("POST", f"{VOICE}/training", json=BODY)
    assert (clone["current_status"], clone["speaker_id"]) == ("initialized", "")
    emu.advance(20)
    (training,) = await api.data("GET", f"{VOICE}/trainingRecord")
    assert (training["_id"], training["current_status"]) == (clone["_id"], "pendding")
    assert await api.data("GET", f"{VOICE}/completedRecord") == []
    emu.advance(81)
    assert await api.data("GET", f"{VOICE}/trainingRecord") == []
    (done,) = await api.data("GET", f"{VOICE}/completedRecord")
    keys = {"_id", "name", "voice_urls", "current_status", "train_mode", "speaker_id", "createdAt"}
    assert keys <= set(done)
    assert (done["current_status"], done["train_mode"]) == ("completed", "best")
    assert done["speaker_id"]
    assert done["speaker_id"] != done["_id"]


async def test_completed_clone_speaks_through_send_tts(api: Api, emu: Emulator) -> None:
    """send_tts accepts a completed clone's speaker_id as user_voice_id with country/region."""
    clone = await api.data("POST", f"{VOICE}/training", json=BODY)
    emu.advance(101)
    speaker = (await api.data("GET", f"{VOICE}/{clone['_id']}"))["speaker_id"]
    body = {"msg": "hi", "user_voice_id": speaker, "country": "en", "region": "US"}
    url = await api.data("POST", "/api/v1/video/send_tts", json=body)
    assert url.endswith(".mp3")
    body["user_voice_id"] = clone["_id"]
    assert (await api("POST", "/api/v1/video/send_tts", json=body))[0] == 400


async def test_rename_and_delete(api: Api) -> None:
    """PUT {name} renames; DELETE removes; both 404 afterwards."""
    clone = await api.data("POST", f"{VOICE}/training", json=BODY)
    renamed = await api.data("PUT", f"{VOICE}/{clone['_id']}", json={"name": "new"})
    assert renamed["name"] == "new"
    assert (await api("PUT", f"{VOICE}/{clone['_id']}", json={}))[0] == 400
    assert await api.data("DELETE", f"{VOICE}/{clone['_id']}") is None
    assert (await api("GET", f"{VOICE}/{clone['_id']}"))[0] == 404
    assert (await api("PUT", f"{VOICE}/{clone['_id']}", json={"name": "x"}))[0] == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"voice_urls": []}, "voice_urls"),
        ({"voice_urls": ["no url"]}, "voice_urls"),
        ({"model": "other"}, "model"),
        ({"gender": "x"}, "gender"),
    ],
)
async def test_training_validates_fields(api: Api, change: dict[str, object], field: str) -> None:
    """Bad training input is a 400 naming the field."""
    body = {key: value for key, value in {**BODY, **change}.items() if value is not None}
    status, answer = await api("POST", f"{VOICE}/training", json=body)
    assert (status, answer["msg"].split(":")[0]) == (400, field)
