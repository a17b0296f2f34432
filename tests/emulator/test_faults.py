"""Fault injection over real sockets: each kind, its effect on state, seeding, scoping."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import pytest

from a2e_async.emulator import Emulator
from a2e_async.emulator.faults import FAULT_NAMES, FaultInjector, FaultRule, parse_faults

from .conftest import TOKEN, Api

I2V = "/api/v1/userImage2Video/start"
BODY = {"image_url": "https://cdn.example/p.png"}


def only(name: str) -> dict[str, Any]:
    return {"seed": 5, "faults": f"{name}@{I2V}=1"}


async def start_i2v(emu: Emulator) -> aiohttp.ClientResponse:
    async with aiohttp.ClientSession() as session:
        resp = await session.post(
            emu.url + I2V, json=BODY, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        await resp.read()
        resp.release()
        return resp


async def balance(api: Api) -> int:
    return int((await api.data("GET", "/api/v1/user/remainingCoins"))["coins"])


def test_spec_parsing() -> None:
    """Specs parse to rules; per-route names use name@/route; bad specs are ValueErrors."""
    assert parse_faults(" 5xx=0.05, 429=0.03,reset_after@/api/v1/video/generate=0.5 ") == (
        FaultRule("5xx", 0.05),
        FaultRule("429", 0.03),
        FaultRule("reset_after", 0.5, "/api/v1/video/generate"),
    )
    assert parse_faults(None) == parse_faults("") == ()
    for bad, match in (
        ("meteor=0.1", "unknown fault"),
        ("5xx", "name=rate"),
        ("5xx=lots", "not a number"),
        ("5xx=1.5", "within 0..1"),
        ("5xx=0.6,429=0.6", "more than 1"),
    ):
        with pytest.raises(ValueError, match=match):
            parse_faults(bad)
    with pytest.raises(ValueError, match="unknown fault"):
        Emulator(faults="boom=1")


def test_a_seed_reproduces_the_same_faults() -> None:
    """Two injectors with one seed pick the same faults in the same order."""
    rules = parse_faults(",".join(f"{name}=0.1" for name in FAULT_NAMES))
    injectors = [FaultInjector(rules, 42), FaultInjector(rules, 42)]
    picks = [[injector.pick("/r", "/r") for _ in range(200)] for injector in injectors]
    assert picks[0] == picks[1]
    assert set(picks[0]) == {None, *FAULT_NAMES}


@pytest.mark.parametrize("emulator_options", [only("5xx")])
async def test_5xx_answers_503_before_any_state_change(api: Api, emu: Emulator) -> None:
    """5xx is HTTP 503 with an error envelope; no task is created and nothing is charged."""
    status, body = await api("POST", I2V, json=BODY)
    assert (status, body["code"]) == (503, 503)
    assert body["trace_id"]
    assert emu.stats()["created"] == {}
    assert emu.stats()["faults"] == {"5xx": 1}
    assert await balance(api) == 100_000


@pytest.mark.parametrize("emulator_options", [only("429")])
async def test_429_says_retry_after_one_second(emu: Emulator, api: Api) -> None:
    """429 carries Retry-After: 1 (seconds) and changes nothing."""
    resp = await start_i2v(emu)
    assert resp.status == 429
    assert resp.headers["Retry-After"] == "1"
    assert emu.stats()["created"] == {}
    assert emu.stats()["faults"] == {"429": 1}


@pytest.mark.parametrize("emulator_options", [only("code_error")])
async def test_code_error_is_http_200_with_a_nonzero_code(api: Api, emu: Emulator) -> None:
    """code_error answers 200 with {code: 500001, msg} and changes nothing."""
    status, body = await api("POST", I2V, json=BODY)
    assert status == 200
    assert (body["code"], body["msg"]) == (500001, "emulator injected error")
    assert "data" not in body
    assert emu.stats()["created"] == {}


@pytest.mark.parametrize("emulator_options", [only("reset_before")])
async def test_reset_before_drops_the_connection_without_processing(
    api: Api, emu: Emulator
) -> None:
    """reset_before disconnects the client; the request never ran."""
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await start_i2v(emu)
    assert emu.stats()["created"] == {}
    assert emu.stats()["faults"] == {"reset_before": 1}
    assert await balance(api) == 100_000


@pytest.mark.parametrize("emulator_options", [only("reset_after")])
async def test_reset_after_processes_then_drops_the_connection(api: Api, emu: Emulator) -> None:
    """reset_after creates the task and charges for it, then disconnects (outcome unknown)."""
    with pytest.raises((aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        await start_i2v(emu)
    assert emu.stats()["created"] == {"image_to_video": 1}
    assert await balance(api) == 100_000 - 100
    page = await api.data("GET", "/api/v1/userImage2Video/allRecords")
    assert page["count"] == 1


@pytest.mark.parametrize("emulator_options", [only("slow")])
async def test_slow_answers_late_but_normally(api: Api, emu: Emulator) -> None:
    """slow delays a normal answer by at least 0.2 s of real time (the upper end of the
    0.2-0.5 s range is pinned below without a clock: a busy machine may add any delay)."""
    began = time.monotonic()
    status, body = await api("POST", I2V, json=BODY)
    elapsed = time.monotonic() - began
    assert (status, body["code"]) == (200, 0)
    assert elapsed >= 0.2
    assert emu.stats()["faults"] == {"slow": 1}


def test_slow_delays_are_drawn_from_a_fixed_range() -> None:
    """Every delay the slow fault draws lies within 0.2-0.5 s, reproducibly per seed."""
    draws = [FaultInjector(seed=3).delay() for _ in range(2)]
    assert draws[0] == draws[1]
    injector = FaultInjector(seed=5)
    assert all(0.2 <= injector.delay() <= 0.5 for _ in range(1000))


@pytest.mark.parametrize("emulator_options", [only("malformed")])
async def test_malformed_answers_200_with_a_body_that_is_not_json(api: Api, emu: Emulator) -> None:
    """malformed processes the request, then answers 200 with broken JSON."""
    status, body = await api("POST", I2V, json=BODY)
    assert status == 200
    assert isinstance(body, str)
    assert emu.stats()["created"] == {"image_to_video": 1}


@pytest.mark.parametrize("emulator_options", [{"seed": 1, "faults": "5xx=1"}])
async def test_control_routes_and_files_never_fault(api: Api, emu: Emulator) -> None:
    """With 5xx=1 every /api/v1 call fails, but /_emulator routes and hosted files do not."""
    assert (await api("GET", "/api/v1/anchor/voice_list"))[0] == 503
    assert (await api("GET", "/_emulator/stats"))[0] == 200
    assert (await api("GET", "/_emulator/files/video/a.mp4"))[0] == 200
    assert emu.stats()["faults"] == {"5xx": 1}
    assert emu.stats()["requests"] == {"GET /api/v1/anchor/voice_list": 1}


@pytest.mark.parametrize("emulator_options", [only("5xx")])
async def test_a_route_scoped_fault_spares_other_routes(api: Api) -> None:
    """name@/route=rate only hits that route template."""
    assert (await api("POST", I2V, json=BODY))[0] == 503
    assert (await api("GET", "/api/v1/userImage2Video/allRecords"))[0] == 200


async def test_faults_can_be_changed_at_run_time(api: Api, emu: Emulator) -> None:
    """emu.set_faults and POST /_emulator/faults replace the rules; a bad spec is refused."""
    emu.set_faults("429=1")
    assert (await api("GET", "/api/v1/user/remainingCoins"))[0] == 429
    assert (await api("POST", "/_emulator/faults", json={"spec": ""}))[0] == 200
    assert (await api("GET", "/api/v1/user/remainingCoins"))[0] == 200
    assert (await api("POST", "/_emulator/faults", json={"spec": "x=1"}))[0] == 400


@pytest.mark.parametrize("emulator_options", [{"seed": 9, "faults": "5xx=0.3,429=0.2"}])
async def test_rates_are_roughly_honoured(api: Api, emu: Emulator) -> None:
    """Over many calls each fault shows up at about its configured rate."""
    statuses = [(await api("GET", "/api/v1/user/remainingCoins"))[0] for _ in range(200)]
    assert 35 <= statuses.count(503) <= 85
    assert 20 <= statuses.count(429) <= 60
    assert emu.stats()["faults"] == {"5xx": statuses.count(503), "429": statuses.count(429)}
