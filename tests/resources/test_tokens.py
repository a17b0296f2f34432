"""Legacy API-token minting against the emulator."""

from __future__ import annotations

import pytest

from a2e_async import A2EClient, APIToken
from a2e_async.emulator import Emulator
from a2e_async.errors import ValidationError

from ..conftest import load_fixture
from ..test_converter import STRICT, assert_nothing_lost


async def test_minted_token_acts_as_the_same_user(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """token/generate answers a token that works, and the token stays out of repr()."""
    minted = await a2e_client.tokens.generate("ci pipeline")
    assert minted.id
    assert minted.token.startswith("sk_")
    assert minted.token not in repr(minted)
    await a2e_client.storage.watermark("https://example.com/a.mp4", text="mine")
    async with A2EClient(api_key=minted.token, base_url=a2e_emulator.url) as other:
        assert await other.account.credits() == await a2e_client.account.credits()


async def test_alias_is_required(a2e_client: A2EClient, a2e_emulator: Emulator) -> None:
    """An empty alias is refused before sending."""
    with pytest.raises(ValidationError):
        await a2e_client.tokens.generate("")
    assert not a2e_emulator.stats()["requests"]


def test_example_decodes_strictly() -> None:
    """The (derived) token/generate answer decodes with nothing lost."""
    payload = load_fixture("derived/token_generate.json")["data"]
    token = STRICT.structure(payload, APIToken)
    assert_nothing_lost(token, payload)
    assert "sk_" not in repr(token)
