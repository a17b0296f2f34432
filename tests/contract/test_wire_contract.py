"""Every public SDK method that sends a request keeps A2E's documented wire contract.

Each sample call in :mod:`tests.contract.calls` runs against the emulator; every request it
sent is read back from ``GET /_emulator/requests`` and checked against A2E's spec catalog plus
the exception table (:func:`tests.contract.spec.violations`). A call must also succeed: the
emulator answers what A2E documents, so a valid call that fails means one side is wrong.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cached_property
from typing import Any, get_type_hints

import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import A2EError

from .calls import CALLS, SENDS_NOTHING, XFAIL, Call, case_id
from .conftest import World
from .spec import violations

_MAX_ITEMS = 200


def _cases() -> list[Any]:
    cases = []
    for call in CALLS:
        reason = XFAIL.get(case_id(call))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(call, id=case_id(call), marks=marks))
    return cases


def _bound(client: A2EClient, method: str) -> Callable[..., Any]:
    area, name = method.split(".")
    return getattr(getattr(client, area), name)


async def _consume(result: Any) -> None:
    """Drive whatever a method returned: await it, enter it, or iterate it."""
    if inspect.isawaitable(result):
        await result
    elif hasattr(result, "__aenter__"):
        async with result:
            pass
    elif hasattr(result, "__aiter__"):
        seen = 0
        async for _ in result:
            seen += 1
            assert seen < _MAX_ITEMS, "an iterator that does not end"
    else:
        raise AssertionError(f"unexpected result {result!r}")


async def _logged(emulator: Emulator, world: World) -> list[dict[str, Any]]:
    async with world.session.get(emulator.url + "/_emulator/requests") as resp:
        entries: list[dict[str, Any]] = await resp.json()
    return entries


@pytest.mark.parametrize("call", _cases())
async def test_sample_call_keeps_the_documented_contract(
    call: Call, client: A2EClient, world: World, emulator: Emulator
) -> None:
    """The call succeeds, sends at least one request, and every request keeps the contract."""
    args = await world.resolve(call.args)
    kwargs = await world.resolve(dict(call.kwargs))
    async with world.session.delete(emulator.url + "/_emulator/requests"):
        pass
    failure: A2EError | None = None
    try:
        await _consume(_bound(client, call.method)(*args, **kwargs))
    except A2EError as exc:  # report what was sent first, then why the call failed
        failure = exc
    entries = await _logged(emulator, world)
    assert entries, f"{call.method} sent no request ({failure!r})"
    problems = [problem for entry in entries for problem in violations(entry)]
    assert problems == []
    if failure is not None:
        raise failure


def _public_methods() -> dict[str, Callable[..., Any]]:
    """``area.method`` for every public function of every API area on ``A2EClient``."""
    found = {}
    for area, attribute in vars(A2EClient).items():
        if not isinstance(attribute, cached_property):
            continue
        cls = get_type_hints(attribute.func)["return"]
        for name, function in inspect.getmembers(cls, inspect.isfunction):
            if not name.startswith("_"):
                found[f"{area}.{name}"] = function
    return found


def test_every_public_method_has_a_contract_case() -> None:
    """A public method with neither a sample call nor a 'sends nothing' entry fails here."""
    methods = _public_methods()
    called = {call.method for call in CALLS}
    assert len(methods) > 150
    assert set(methods) - called - set(SENDS_NOTHING) == set()
    assert called - set(methods) == set(), "sample calls for methods that do not exist"
    assert set(SENDS_NOTHING) <= set(methods)
    assert not called & set(SENDS_NOTHING)


def test_xfail_rows_name_real_cases_and_issue_items() -> None:
    """Each expected failure is a real case and names its issue item (or says it is unfiled)."""
    ids = {case_id(call) for call in CALLS}
    assert len(ids) == len(CALLS), "two sample calls share an id: give one a label"
    for case, reason in XFAIL.items():
        assert case in ids
        assert reason.startswith(("issue ", "unfiled: ")), reason
