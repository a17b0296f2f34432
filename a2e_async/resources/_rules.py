"""Cross-field rules of the catalog's start calls, as named values (see ``_fields.Rule``).

A2E's catalog states many of its families' rules in prose. The SDK refuses what the prose
says A2E requires or refuses ("required for image-to-video", "cannot use 4K", "only
available when model=wan2.7-i2v", "supports 5s/10s"); what it says A2E merely ignores
("only used by", "(text-to-video mode only)") is sent as given and said in the parameter's
docstring, since A2E's own examples send such fields. Each rule reads a field's value the way
A2E does: the given one, else the default A2E applies (``default``), so a rule also holds
when the caller leaves the deciding field out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .._fields import Rule
from ..errors import ValidationError

__all__ = ["at_least_one", "forbidden_with", "only_with", "required_with"]


def _value_of(values: Mapping[str, Any], field: str, default: Any) -> Any:
    return values.get(field, default)


def _choices(allowed: Collection[Any]) -> str:
    return ", ".join(repr(value) for value in allowed)


def only_with(
    name: str, field: str, allowed: Collection[Any], *, default: Any = None, why: str = ""
) -> Rule:
    """``name`` may be given only while ``field`` (``default`` when not given) is one of
    ``allowed``."""

    def rule(values: Mapping[str, Any]) -> None:
        if name in values and _value_of(values, field, default) not in allowed:
            reason = why or f"is only used with {field} in ({_choices(allowed)})"
            raise ValidationError(name, reason)

    return rule


def forbidden_with(
    name: str, refused: Collection[Any], field: str, values_of_field: Collection[Any], *,
    default: Any = None, name_default: Any = None, why: str = "",
) -> Rule:  # fmt: skip
    """``name`` (``name_default`` when not given) may not be one of ``refused`` while
    ``field`` (``default`` when not given) is one of ``values_of_field``."""

    def rule(values: Mapping[str, Any]) -> None:
        mine = _value_of(values, name, name_default)
        if mine in refused and _value_of(values, field, default) in values_of_field:
            reason = why or f"{mine!r} is not available with {field}={values.get(field, default)!r}"
            raise ValidationError(name if name in values else field, reason)

    return rule


def required_with(field: str, allowed: Collection[Any], *names: str, default: Any = None) -> Rule:
    """While ``field`` (``default`` when not given) is one of ``allowed``, every one of
    ``names`` must be given."""

    def rule(values: Mapping[str, Any]) -> None:
        current = _value_of(values, field, default)
        if current in allowed:
            for name in names:
                if name not in values:
                    raise ValidationError(name, f"is required with {field}={current!r}")

    return rule


def at_least_one(*names: str, field: str, allowed: Collection[Any], default: Any = None) -> Rule:
    """While ``field`` (``default`` when not given) is one of ``allowed``, at least one of
    ``names`` must be given."""

    def rule(values: Mapping[str, Any]) -> None:
        current = _value_of(values, field, default)
        if current in allowed and not any(name in values for name in names):
            raise ValidationError(
                names[0], f"give at least one of {', '.join(names)} with {field}={current!r}"
            )

    return rule
