"""What the CLI knows about each task family, read from the SDK (never written here).

:func:`families` lists every family the SDK can start (``a2e_async.resources.starters``)
with its start call and result model; the per-family commands and ``a2e task`` are built
from it. The naming convention it relies on, pinned by a test: a family's wait method is
``wait`` or ``wait_<x>``, and its reads are then ``get``/``list``/``delete`` (``_<x>``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, get_args, get_origin

import attrs
from typing_extensions import get_type_hints

from .._results import result_fields
from .._spec import StartCall
from ..client import A2EClient
from ..resources import starters
from ..resources._base import Resource
from ..waiter import TaskKind

__all__ = [
    "Family",
    "families",
    "kind_of",
    "verb",
    "waitable",
]


@attrs.frozen
class Family:
    """One task family: the client area that starts it, its start call and what it returns."""

    name: str
    area: str
    resource: type[Resource]
    """The class of that area."""
    call: StartCall
    model: type
    """The task model the start call returns."""
    several: bool
    """Whether the start call returns a list of tasks (one per image, say)."""

    def has(self, name: str) -> bool:
        """Whether A2E has the family's ``get``/``list``/``delete`` call (see :func:`verb`)."""
        wait = self.call.wait
        return wait is not None and hasattr(self.resource, wait.replace("wait", name, 1))

    @property
    def downloadable(self) -> bool:
        """Whether its finished tasks carry a result URL (so ``--download`` is offered)."""
        names = {field.name for field in attrs.fields(self.model)}
        return any(name in names for name in result_fields(self.name))


@functools.cache
def families() -> dict[str, Family]:
    """Every family the SDK can start, by name; read once from a client that never sends."""
    # starters() reads the specs off a client's areas; building one opens nothing.
    offline = A2EClient(api_key="sk_cli_catalog", base_url="http://127.0.0.1")
    found = {}
    for name, starter in starters(offline).items():
        method = getattr(type(starter.resource), starter.call.method)
        model, several = _returned(get_type_hints(method)["return"])
        found[name] = Family(
            name, starter.area, type(starter.resource), starter.call, model, several
        )
    return found


def waitable() -> list[str]:
    """Families whose tasks can be read and waited for after the start call."""
    return sorted(name for name, family in families().items() if family.call.wait)


def _returned(hint: Any) -> tuple[type, bool]:
    if get_origin(hint) in (list, Sequence):
        return get_args(hint)[0], True
    return hint, False


def verb(resource: Resource, call: StartCall, name: str) -> Any:
    """The family's ``get``/``list``/``delete`` method, or ``None`` where A2E has none."""
    assert call.wait is not None
    return getattr(resource, call.wait.replace("wait", name, 1), None)


def kind_of(resource: Resource, family: str) -> TaskKind[Any]:
    """The waiter's description of ``family`` on the area that starts it."""
    for name in dir(resource):
        if name == "kind" or name.endswith("_kind"):
            value = getattr(resource, name, None)
            if isinstance(value, TaskKind) and value.family == family:
                return value
    raise LookupError(f"no TaskKind for {family} on {type(resource).__name__}")
