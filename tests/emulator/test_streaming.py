"""Streaming avatar: rooms are opened by agora-token and closed by leave."""

from __future__ import annotations

from .conftest import Api, fixture

BASE = "/api/v1/streaming-avatar"
AVATAR = "676e1f054c86ff839eae2cc3"


async def test_a_session_from_token_to_leave(api: Api) -> None:
    """agora-token opens a room; set-qa-context, ask and speak work on it until leave."""
    avatars = await api.data("GET", f"{BASE}/all_avatars")
    assert AVATAR in {avatar["_id"] for avatar in avatars}
    token = await api.data("POST", f"{BASE}/agora-token", json={"avatar_id": AVATAR})
    assert set(fixture("derived/streaming_agora_token.json")["data"]) == set(token)
    channel = token["channel"]
    await api.data("POST", f"{BASE}/set-qa-context", json={"channel": channel, "text": "facts"})
    status, answer = await api("POST", f"{BASE}/ask", json={"channel": channel, "text": "hello"})
    assert status == 200
    assert set(answer) == set(fixture("streaming-avatar_ask.response.json"))
    assert answer["data"] == {}
    await api.data("POST", f"{BASE}/speak", json={"channel": channel, "text": "hi there"})
    assert await api.data("POST", f"{BASE}/leave", json={"channel": channel}) == {}
    for path in ("ask", "speak", "leave"):
        status, answer = await api(
            "POST", f"{BASE}/{path}", json={"channel": channel, "text": "again"}
        )
        assert (status, answer["msg"].split(":")[0]) == (400, "channel")


async def test_unknown_avatar_or_channel_is_400(api: Api) -> None:
    """An unknown avatar id or channel, or a missing text, is a 400 naming the field."""
    bad = await api("POST", f"{BASE}/agora-token", json={"avatar_id": "0123456789abcdef01234567"})
    assert (bad[0], bad[1]["msg"].split(":")[0]) == (400, "avatar_id")
    assert (await api("POST", f"{BASE}/ask", json={"channel": "zzzzz", "text": "x"}))[0] == 400
    token = await api.data("POST", f"{BASE}/agora-token", json={"avatar_id": AVATAR})
    missing = await api("POST", f"{BASE}/ask", json={"channel": token["channel"]})
    assert (missing[0], missing[1]["msg"].split(":")[0]) == (400, "text")


async def test_rooms_are_per_user_and_capped(api: Api) -> None:
    """Another user cannot use my channel; past 10 open rooms A2E's 'hosts occupied' 1001."""
    channels = [
        (await api.data("POST", f"{BASE}/agora-token", json={"avatar_id": AVATAR}))["channel"]
        for _ in range(10)
    ]
    assert len(set(channels)) == 10
    status, answer = await api("POST", f"{BASE}/agora-token", json={"avatar_id": AVATAR})
    assert (status, answer["code"]) == (200, 1001)
    assert "occupied" in answer["msg"]
    other = await api(
        "POST", f"{BASE}/ask", json={"channel": channels[0], "text": "x"}, token="sk_other"
    )
    assert other[0] == 400
    await api.data("POST", f"{BASE}/leave", json={"channel": channels[0]})
    await api.data("POST", f"{BASE}/agora-token", json={"avatar_id": AVATAR})
