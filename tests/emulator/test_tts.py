"""Public voices, the anchor list and send_tts."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, fixture

VOICE = "6625ebd4613f49985c349f95"


def voice_ids(groups: list[dict[str, Any]]) -> set[str]:
    return {child["value"] for group in groups for child in group["children"]}


async def test_voice_list_groups_public_voices_by_gender(api: Api) -> None:
    """voice_list answers groups {value, label, children: [{value: tts_id, label}]}."""
    groups = await api.data("GET", "/api/v1/anchor/voice_list")
    documented = fixture("derived/anchor_voice_list.json")["data"]
    assert [group["value"] for group in groups] == [group["value"] for group in documented]
    for group in groups:
        assert set(group) == {"value", "label", "children"}
        assert all(set(child) == {"value", "label"} for child in group["children"])
    assert {VOICE, "66d3fb1bc051cfb134c60f20"} <= voice_ids(groups)


async def test_voice_list_filters_by_locale_via_get_or_post(api: Api) -> None:
    """country/region (query or JSON body) or voice_map_type pick one locale's voices."""
    english = voice_ids(await api.data("GET", "/api/v1/anchor/voice_list"))
    chinese = voice_ids(await api.data("GET", "/api/v1/anchor/voice_list?country=zh&region=CN"))
    posted = voice_ids(
        await api.data("POST", "/api/v1/anchor/voice_list", json={"voice_map_type": "zh-CN"})
    )
    assert chinese == posted
    assert chinese
    assert not chinese & english
    assert await api.data("POST", "/api/v1/anchor/voice_list", json={"country": "xx"}) == []


async def test_character_list_has_public_anchors(api: Api) -> None:
    """character_list answers the array itself; public anchors are type 'default'."""
    anchors = await api.data("GET", "/api/v1/anchor/character_list?type=default")
    assert len(anchors) >= 3
    keys = {"_id", "type", "name", "video_cover", "people_img", "base_video", "user_video_twin_id"}
    for anchor in anchors:
        assert set(anchor) == keys
        assert anchor["type"] == "default"
    assert await api.data("POST", "/api/v1/anchor/character_list", json={"type": "custom"}) == []
    # A2E documents no type values (one caller sends 0): an unknown one filters nothing.
    assert await api.data("GET", "/api/v1/anchor/character_list?type=0") == anchors


async def test_send_tts_returns_a_hosted_audio_url(api: Api) -> None:
    """send_tts answers the audio URL as a bare string; the URL serves audio/mpeg."""
    url = await api.data("POST", "/api/v1/video/send_tts", json={"msg": "Hello", "tts_id": VOICE})
    assert isinstance(url, str)
    assert url.startswith(f"{api.base}/_emulator/files/tts/")
    assert url.endswith(".mp3")
    again = await api.data("POST", "/api/v1/video/send_tts", json={"msg": "Hello", "tts_id": VOICE})
    assert again == url
    async with api.session.get(url) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "audio/mpeg"
        assert (await resp.read())[:3] == b"ID3"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"tts_id": VOICE}, "msg"),
        # API users may send 1000 characters (part1 §3.5), fewer than the schema's 3000.
        ({"msg": "x" * 1001, "tts_id": VOICE}, "msg"),
        ({"msg": "hi"}, "tts_id"),
        ({"msg": "hi", "tts_id": "0123456789abcdef01234567"}, "tts_id"),
        ({"msg": "hi", "tts_id": VOICE, "speechRate": 2.5}, "speechRate"),
        ({"msg": "hi", "tts_id": VOICE, "speechRate": 0.4}, "speechRate"),
        ({"msg": "hi", "user_voice_id": "spk_x"}, "country"),
        ({"msg": "hi", "user_voice_id": "spk_x", "country": "en", "region": "US"}, "user_voice_id"),
    ],
)
async def test_send_tts_rejects_bad_parameters(
    api: Api, payload: dict[str, object], field: str
) -> None:
    """Neither voice id, an unknown voice or an out-of-range field is HTTP 400 naming it."""
    status, answer = await api("POST", "/api/v1/video/send_tts", json=payload)
    assert status == 400
    assert answer["msg"].startswith(f"{field}:")


async def test_lang_classify_answers_a_bare_language_code(api: Api) -> None:
    """lang_classify {msg} answers data as a bare string (as both public callers read it)."""
    status, body = await api("POST", "/api/v1/video/lang_classify", json={"msg": "Hello there"})
    assert (status, body["code"], body["data"]) == (200, 0, "en")
    chinese = await api.data("POST", "/api/v1/video/lang_classify", json={"msg": "你好"})
    assert chinese == "zh"
    assert (await api("POST", "/api/v1/video/lang_classify", json={}))[0] == 400
