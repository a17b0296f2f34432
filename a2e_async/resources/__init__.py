"""One class per API area: thin coroutines, one per endpoint, plus the area's TaskKind."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import attrs

from .._spec import StartCall

if TYPE_CHECKING:
    from ..client import A2EClient
    from ._base import Resource

__all__ = ["Starter", "starters"]


@attrs.frozen
class Starter:
    """A family's usual start call, bound to the client area that sends it."""

    area: str
    """The client attribute of the area (``videos``, ``talking_photo``...)."""
    resource: Resource
    """That area."""
    call: StartCall
    """What it sends: family, method, path, parameter spec, and how to wait."""


def starters(client: A2EClient) -> dict[str, Starter]:
    """Every task family the SDK can start, by family name (``video``, ``avatar``...).

    The names are those of A2E's families (``families.md``), the waiter and the emulator's
    stats; batch job files use them as ``kind``.
    """
    found: dict[str, Starter] = {}
    for area, value in vars(type(client)).items():
        if not isinstance(value, cached_property):
            continue
        resource = getattr(client, area)
        for call in getattr(resource, "start_calls", {}).values():
            if call.primary:
                found[call.family] = Starter(area=area, resource=resource, call=call)
    return found
