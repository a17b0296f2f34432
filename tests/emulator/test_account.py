"""Account, credits, backgrounds and tokens."""

from __future__ import annotations

import pytest

from a2e_async.emulator import Emulator

from .conftest import LAYOUT, TOKEN, Api

I2V = {"image_url": "https://cdn.example/p.png"}


async def test_new_users_start_with_coins_and_diamonds(api: Api) -> None:
    """remainingCoins answers {coins: 100000, diamonds: 10} for a fresh token."""
    assert await api.data("GET", "/api/v1/user/remainingCoins") == {
        "coins": 100_000,
        "diamonds": 10,
    }


@pytest.mark.parametrize("emulator_options", [{"coins": 199}])
async def test_insufficient_coins_is_402_and_changes_nothing(api: Api, emu: Emulator) -> None:
    """A start the user cannot pay for is 402 'insufficient credits'; no task, no charge."""
    await api.data("POST", "/api/v1/userImage2Video/start", json=I2V)
    status, answer = await api("POST", "/api/v1/userImage2Video/start", json=I2V)
    assert (status, answer["code"], answer["msg"]) == (402, 402, "insufficient credits")
    assert emu.stats()["created"] == {"image_to_video": 1}
    assert len(emu.tasks()) == 1
    assert (await api.data("GET", "/api/v1/user/remainingCoins"))["coins"] == 99


async def test_credits_history_lists_grants_and_charges(api: Api) -> None:
    """History rows are newest first, charges negative, filterable by is_consumption and date."""
    await api.data("POST", "/api/v1/userImage2Video/start", json=I2V)
    history = await api.data("GET", "/api/v1/transactionRecord/creditsHistory")
    assert history["count"] == 2
    charge, grant = history["rows"]
    assert (charge["coins"], charge["type"], charge["description"]) == (
        -100, "consumption", "image_to_video"
    )  # fmt: skip
    assert (grant["coins"], grant["diamonds"], grant["type"]) == (100_000, 10, "income")
    spent = await api.data("GET", "/api/v1/transactionRecord/creditsHistory?is_consumption=true")
    assert [row["_id"] for row in spent["rows"]] == [charge["_id"]]
    later = await api.data(
        "GET", "/api/v1/transactionRecord/creditsHistory?startDate=2999-01-01T00:00:00Z"
    )
    assert later == {"rows": [], "count": 0}
    bad = await api("GET", "/api/v1/transactionRecord/creditsHistory?startDate=yesterday")
    assert bad[0] == 400


@pytest.mark.parametrize(
    ("endpoint", "body", "cost"),
    [
        ("/api/v1/userImage2Video/start", I2V, (100, 0)),
        ("/api/v1/talkingVideo/start", {"name": "n", "video_url": "https://x/v.mp4",
                                        "prompt": "p", "negative_prompt": "n", "duration": 10},
         (26, 0)),
        ("userText2Image/start", {"prompt": "p", "max_images": 2}, (0, 0)),
        ("/api/v1/watermark/start", {"media_url": "https://x/v.mp4", "text": "t"}, (1, 0)),
        ("https://video.a2e.ai/api/v1/userVideoTwin/startTraining",
         {"image_url": "https://x/p.png"}, (0, 1)),
        ("/api/v1/userVideoTwin/continueTranining", {"_id": "0123456789abcdef01234567"}, (0, 1)),
    ],
)  # fmt: skip
async def test_quote_estimates_without_charging(
    api: Api, emu: Emulator, endpoint: str, body: dict[str, object], cost: tuple[int, int]
) -> None:
    """generation/quote answers the documented cost and creates or charges nothing."""
    quote = await api.data(
        "POST", "/api/v1/generation/quote", json={"endpoint": endpoint, "requestBody": body}
    )
    assert (quote["coins"], quote["diamonds"]) == cost
    assert quote["endpoint"].startswith("/api/v1/")
    assert quote["generationRequestValidated"] is True
    assert emu.tasks() == []
    assert await api.data("GET", "/api/v1/user/remainingCoins") == {
        "coins": 100_000,
        "diamonds": 10,
    }


async def test_quote_rejects_unknown_endpoints_and_bad_bodies(api: Api) -> None:
    """An unsupported endpoint or an invalid requestBody is a 400 naming the field."""
    status, answer = await api(
        "POST", "/api/v1/generation/quote", json={"endpoint": "/api/v1/x", "requestBody": {}}
    )
    assert (status, answer["msg"].split(":")[0]) == (400, "endpoint")
    status, answer = await api(
        "POST",
        "/api/v1/generation/quote",
        json={"endpoint": "/api/v1/userImage2Video/start", "requestBody": {}},
    )
    assert (status, answer["msg"].split(":")[0]) == (400, "requestBody.image_url")
    captions = {
        "anchor_id": "660556b3cd492168141926d3",
        "anchor_type": 0,
        "audioSrc": "https://x/a.mp3",
        "isCaptionEnabled": True,
    }
    status, answer = await api(
        "POST",
        "/api/v1/generation/quote",
        json={"endpoint": "/api/v1/video/generate", "requestBody": captions},
    )
    assert (status, answer["msg"].split(":")[0]) == (400, "requestBody.msg")


async def test_add_user_and_language_list(api: Api) -> None:
    """user/add creates a named sub-user once; language_list answers [{value, label}]."""
    created = await api.data("POST", "/api/v1/user/add", json={"username": "ann"})
    assert (created["username"], len(created["_id"])) == ("ann", 24)
    assert (await api("POST", "/api/v1/user/add", json={"username": "ann"}))[0] == 400
    for method in ("GET", "POST"):
        languages = await api.data(method, "/api/v1/anchor/language_list")
        assert {"value": "en-US", "label": "English (United States)"} in languages
        assert all(set(item) == {"value", "label"} for item in languages)


async def test_custom_backgrounds_add_list_use_delete(api: Api) -> None:
    """A custom background is listed, usable as custom_back_id, and deletable."""
    added = await api.data(
        "POST", "/api/v1/custom_back/add", json={"img_url": "https://x/bg.png", "name": "blue"}
    )
    assert (added["type"], added["name"], added["img_url"]) == (
        "custom",
        "blue",
        "https://x/bg.png",
    )
    assert await api.data("POST", "/api/v1/custom_back/list") == [added]
    everything = await api.data("POST", "/api/v1/custom_back/allBackground", json={})
    assert added in everything
    assert any(item["type"] == "default" for item in everything)
    video = {
        "anchor_id": "660556b3cd492168141926d3",
        "anchor_type": 0,
        "audioSrc": "https://x/a.mp3",
        "custom_back_id": added["_id"],
        **LAYOUT,
    }
    record = await api.data("POST", "/api/v1/video/generate", json=video)
    assert record["custom_backs_id"] == added["_id"]
    assert await api.data("POST", "/api/v1/custom_back/del", json={"_id": added["_id"]}) is None
    assert (await api("POST", "/api/v1/custom_back/del", json={"_id": added["_id"]}))[0] == 404
    assert (await api("POST", "/api/v1/video/generate", json=video))[0] == 400
    assert (await api("POST", "/api/v1/custom_back/add", json={}))[0] == 400


@pytest.mark.parametrize("emulator_options", [{"token": TOKEN}])
async def test_generated_token_acts_as_the_same_user(api: Api) -> None:
    """token/generate answers {_id, token}; the new token works (even when one is pinned)."""
    await api.data("POST", "/api/v1/userImage2Video/start", json=I2V)
    minted = await api.data("POST", "/api/v1/token/generate", json={"alias": "ci"})
    assert set(minted) == {"_id", "token"}
    assert minted["token"].startswith("sk_")
    balance = await api.data("GET", "/api/v1/user/remainingCoins", token=minted["token"])
    assert balance["coins"] == 100_000 - 100
    assert (await api("POST", "/api/v1/token/generate", json={}))[0] == 400
