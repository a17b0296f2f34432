"""Account calls against the emulator: balances, history, quotes, sub-users, languages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from a2e_async import A2EClient, Credits
from a2e_async.emulator import Emulator
from a2e_async.errors import APIError, ValidationError

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost

MEDIA = "https://example.com/clip.mp4"


async def test_charges_lower_the_balance_and_show_in_history(a2e_client: A2EClient) -> None:
    """A watermark's documented coin leaves the balance and appears as a negative row."""
    before = await a2e_client.account.credits()
    assert before.coins > 0
    assert before.diamonds > 0
    mark = await a2e_client.storage.watermark(MEDIA, text="(c) me")
    after = await a2e_client.account.credits()
    assert after.coins == before.coins - (mark.coins or 0)
    assert mark.coins == 1
    rows = [row async for row in a2e_client.account.credits_history(page_size=1)]
    assert len(rows) == 2
    assert rows[0].coins == -1
    assert rows[0].record_id == mark.id
    assert rows[1].coins is not None
    assert rows[1].coins > 0


async def test_history_filters_and_pages(a2e_client: A2EClient) -> None:
    """is_consumption and the date bounds narrow the history; a page says its total."""
    for _ in range(3):
        await a2e_client.storage.watermark(MEDIA, text="x")
    charges = await a2e_client.account.credits_history_page(1, 2, consumption=True)
    assert charges.total == 3
    assert len(charges.items) == 2
    assert charges.has_more
    assert all((row.coins or 0) < 0 for row in charges.items)
    grants = [r async for r in a2e_client.account.credits_history(consumption=False)]
    assert len(grants) == 1
    future = datetime.now(timezone.utc) + timedelta(days=1)
    assert (await a2e_client.account.credits_history_page(start=future)).items == []
    naive_past = datetime(2000, 1, 1)
    everything = await a2e_client.account.credits_history_page(start=naive_past, end=future)
    assert everything.total == 4
    iso = (await a2e_client.account.credits_history_page(start="2000-01-01T00:00:00Z")).total
    assert iso == 4


async def test_quote_prices_without_charging(a2e_client: A2EClient) -> None:
    """generation/quote estimates a call's cost and takes nothing."""
    before = await a2e_client.account.credits()
    quote = await a2e_client.account.quote(
        "/api/v1/watermark/start", {"media_url": MEDIA, "text": "x"}
    )
    assert quote.coins == 1
    assert quote.validated is True
    assert await a2e_client.account.credits() == before
    with pytest.raises(APIError) as info:
        await a2e_client.account.quote("/api/v1/no/such/start", {})
    assert type(info.value) is APIError
    assert info.value.status == 400


async def test_add_user_and_refuse_a_duplicate(a2e_client: A2EClient) -> None:
    """user/add answers the new user; the same name twice is refused by the server."""
    user = await a2e_client.account.add_user("reseller-1")
    assert user.id
    assert user.username == "reseller-1"
    with pytest.raises(APIError) as info:
        await a2e_client.account.add_user("reseller-1")
    assert type(info.value) is APIError
    assert info.value.status == 400


async def test_languages_split_into_tts_country_and_region(a2e_client: A2EClient) -> None:
    """Each language's code splits into the country and region that TTS takes."""
    languages = await a2e_client.account.list_languages()
    english = next(lang for lang in languages if lang.code == "en-US")
    assert (english.country, english.region) == ("en", "US")
    assert english.name
    assert await a2e_client.account.list_languages(locale="en-US")


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        ("credits_history_page", {"page": 0}),
        ("credits_history_page", {"page_size": 101}),
        ("credits_history_page", {"consumption": "yes"}),
        ("credits_history_page", {"start": "yesterday"}),
        ("quote", {"endpoint": "userWan25/start", "request_body": {}}),
        ("quote", {"endpoint": "/api/v1/userWan25/start", "request_body": []}),
        ("add_user", {"username": ""}),
        ("list_languages", {"locale": ""}),
    ],
)
async def test_bad_parameters_are_refused_locally(
    a2e_client: A2EClient, a2e_emulator: Emulator, call: str, kwargs: dict[str, Any]
) -> None:
    """Bad parameters raise ValidationError before anything is sent."""
    with pytest.raises(ValidationError):
        await getattr(a2e_client.account, call)(**kwargs)
    assert not a2e_emulator.stats()["requests"]


def test_remaining_coins_example_decodes_strictly() -> None:
    """The remainingCoins answer quoted by callers decodes with nothing lost."""
    payload = load_fixture("derived/user_remainingCoins.json")["data"]
    credits = STRICT.structure(payload, Credits)
    assert_nothing_lost(credits, payload)
    assert credits == Credits(coins=1293, diamonds=3)
