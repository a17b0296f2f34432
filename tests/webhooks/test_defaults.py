"""The webhook parameters: on exactly the start calls A2E's catalog marks, a per-client
default applied to those calls only, https unless the receiver is on loopback."""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

import pytest
from typing_extensions import get_type_hints

from a2e_async import A2EClient, PollPolicy, ValidationError
from a2e_async.emulator import Emulator
from a2e_async.emulator._web import STATE
from a2e_async.webhooks._defaults import webhook_families

from ..conftest import load_fixture

OPERATIONS = load_fixture("operations.json")


def _every_start_call() -> dict[str, Any]:
    """Every start call of every area (variants too), by path."""
    found: dict[str, Any] = {}
    for value in vars(A2EClient).values():
        if isinstance(value, cached_property):
            area = get_type_hints(value.func)["return"]
            for call in getattr(area, "start_calls", {}).values():
                found.setdefault(call.path, call)
    return found


def test_webhook_parameters_follow_the_catalog() -> None:
    """A start call takes webhook_url/webhook_token iff A2E's catalog marks its operation."""
    marked = {op["path"] for op in OPERATIONS if op.get("webhook") and op["method"] == "POST"}
    calls = _every_start_call()
    taking = {path for path, call in calls.items() if "webhook_url" in call.spec.fields}
    assert marked <= set(calls), f"marked operations without a start call: {marked - set(calls)}"
    assert taking == marked
    for path in taking:
        assert "webhook_token" in calls[path].spec.fields, path


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/h", "http://[::1]:8080/h", "http://localhost/h", "https://x.io/h"],
)
def test_https_or_loopback_webhook_urls_are_accepted(url: str) -> None:
    """Plain http is fine to loopback (tests, local development); https anywhere."""
    call = _every_start_call()["/api/v1/userText2Image/start"]
    assert call.spec.check({"prompt": "p", "webhook_url": url})["webhook_url"] == url


@pytest.mark.parametrize("url", ["http://example.com/h", "http://10.0.0.1/h", "ftp://127.0.0.1/"])
def test_plain_http_elsewhere_is_refused(url: str) -> None:
    """A webhook to a remote host must use https (the token travels in it)."""
    call = _every_start_call()["/api/v1/userText2Image/start"]
    with pytest.raises(ValidationError, match="webhook_url"):
        call.spec.check({"prompt": "p", "webhook_url": url})


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"webhook_url": "http://example.com/h"}, "webhook_url"),
        ({"webhook_url": "https://x.io/" + "a" * 2048}, "webhook_url"),
        ({"webhook_token": "t" * 257}, "webhook_token"),
        ({"webhook_poll_slowdown": 0.5}, "webhook_poll_slowdown"),
        ({"webhook_poll_slowdown": float("nan")}, "webhook_poll_slowdown"),
    ],
)
def test_a_bad_client_default_is_refused_at_construction(kwargs: dict[str, Any], name: str) -> None:
    """The default is checked once, like the parameter itself, naming it."""
    with pytest.raises(ValidationError, match=name):
        A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9", **kwargs)


def test_defaults_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A2E_WEBHOOK_URL / A2E_WEBHOOK_TOKEN fill in what the constructor leaves out."""
    monkeypatch.setenv("A2E_WEBHOOK_URL", "https://hooks.example.com/a2e")
    monkeypatch.setenv("A2E_WEBHOOK_TOKEN", "env-token")
    client = A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9")
    assert client._webhook == {
        "webhook_url": "https://hooks.example.com/a2e",
        "webhook_token": "env-token",
    }
    assert "env-token" not in repr(client)


async def _bodies(emulator: Emulator, suffix: str) -> list[dict[str, Any]]:
    log = emulator.app[STATE].request_log
    return [json.loads(e["raw"]) for e in log if e["path"].endswith(suffix)]


async def test_the_default_goes_only_on_calls_that_take_it(a2e_emulator: Emulator) -> None:
    """Marked start calls get the client's webhook; a call naming its own URL keeps it (and
    gets no default token); unmarked calls (avatar training) get nothing."""
    async with A2EClient(
        api_key="sk_test_defaults",
        base_url=a2e_emulator.url,
        webhook_url="https://hooks.example.com/a2e",
        webhook_token="default-token",
    ) as client:
        await client.text_to_image.start(prompt="one")
        await client.text_to_image.start(prompt="two", webhook_url="https://other.example.com/h")
        await client.with_options(timeout=30).text_to_image.start(prompt="three")
        anchor = (await client.videos.list_anchors(type="default"))[0].id
        await client.videos.generate(
            anchor_id=anchor, anchor_type=0, audio_url="https://example.com/a.mp3"
        )
        await client.avatars.train(
            name="me", gender="female", image_url="https://example.com/me.jpg"
        )
    first, second, through_a_view = await _bodies(a2e_emulator, "/userText2Image/start")
    assert (first["webhook_url"], first["webhook_token"]) == (
        "https://hooks.example.com/a2e",
        "default-token",
    )
    assert second["webhook_url"] == "https://other.example.com/h"
    assert "webhook_token" not in second
    assert {k: v for k, v in through_a_view.items() if k.startswith("webhook")} == {
        "webhook_url": "https://hooks.example.com/a2e",
        "webhook_token": "default-token",
    }
    [video] = await _bodies(a2e_emulator, "/video/generate")
    assert video["webhook_url"] == "https://hooks.example.com/a2e"
    [avatar] = await _bodies(a2e_emulator, "/userVideoTwin/startTraining")
    assert not any(key.startswith("webhook") for key in avatar)


def test_waits_poll_slower_only_when_webhooks_are_expected() -> None:
    """With a default webhook, marked families' waits poll slower unless the call or the
    client names a policy; without one, nothing changes."""
    plain = A2EClient(api_key="sk_test", base_url="http://127.0.0.1:9")
    hooked = A2EClient(
        api_key="sk_test",
        base_url="http://127.0.0.1:9",
        webhook_url="https://hooks.example.com/a2e",
        webhook_poll_slowdown=3.0,
    )
    kind = hooked.text_to_image.kind
    assert "text_to_image" in webhook_families()
    assert "avatar" not in webhook_families()
    base = plain.waiter.policy_for(kind, None)
    slowed = hooked.waiter.policy_for(kind, None)
    assert slowed.max_interval == 3.0 * base.max_interval
    assert slowed.initial_delay == 3.0 * base.initial_delay
    assert slowed.deadline == base.deadline
    mine = PollPolicy(initial_delay=1.0)
    assert hooked.waiter.policy_for(kind, mine) is mine
    avatar_kind = hooked.avatars.kind
    assert hooked.waiter.policy_for(avatar_kind, None) == plain.waiter.policy_for(avatar_kind, None)
