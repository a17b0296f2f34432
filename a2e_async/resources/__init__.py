"""One class per API area: thin coroutines, one per endpoint, plus the area's TaskKind."""

from __future__ import annotations

import functools
from functools import cached_property
from typing import TYPE_CHECKING

import attrs
from typing_extensions import get_type_hints

from .._spec import StartCall

if TYPE_CHECKING:
    from ..client import A2EClient
    from ._base import Resource

__all__ = ["Starter", "start_calls", "starters"]


@attrs.frozen
class Starter:
    """A family's usual start call, bound to the client area that sends it."""

    area: str
    """The client attribute of the area (``videos``, ``talking_photo``...)."""
    resource: Resource
    """That area."""
    call: StartCall
    """What it sends: family, method, path, parameter spec, and how to wait."""


@functools.cache
def _areas() -> dict[str, tuple[str, StartCall]]:
    """family -> (client attribute, primary start call), read off ``A2EClient``'s class."""
    from ..client import A2EClient

    found: dict[str, tuple[str, StartCall]] = {}
    for area, value in vars(A2EClient).items():
        if isinstance(value, cached_property):
            resource = get_type_hints(value.func)["return"]
            for call in getattr(resource, "start_calls", {}).values():
                if call.primary:
                    found[call.family] = (area, call)
    return found


def start_calls() -> dict[str, StartCall]:
    """Every task family the SDK can start, by family name (``video``, ``avatar``...).

    The names are those of A2E's families (``families.md``), the waiter and the emulator's
    stats; batch job files use them as ``kind``. Needs no client (and no token).
    """
    return {family: call for family, (_, call) in _areas().items()}


def starters(client: A2EClient) -> dict[str, Starter]:
    """:func:`start_calls`, each bound to ``client``'s area that sends it."""
    return {
        family: Starter(area=area, resource=getattr(client, area), call=call)
        for family, (area, call) in _areas().items()
    }
