"""Typed parameter specs: every call that starts work declares its parameters once.

A resource's ``start(**params: Unpack[TalkingVideoParams])`` and ``start_and_wait`` both take
one ``TypedDict`` (written with the markers of ``_fields.py``), so a type checker sees every
parameter of the most-used calls. At run time :class:`Spec` (compiled once per ``TypedDict``)
refuses unknown keys, checks each value by its type and markers, applies the call's
cross-field rules, and builds the wire body, uploading local media only after everything else
has passed. :meth:`Spec.check` does all of that without any I/O, for callers that validate
ahead (batch files, the CLI).
"""

from __future__ import annotations

import ast
import collections.abc
import difflib
import functools
import inspect
import itertools
import secrets
import sys
import types
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import attrs
from typing_extensions import NotRequired, Required, get_type_hints

from ._fields import (
    MEDIA,
    Checked,
    Color,
    Id,
    Into,
    Items,
    MediaInput,
    Range,
    Reference,
    Rule,
    Send,
    Spread,
    Text,
    Url,
    Wire,
    check_media,
)
from ._protocol import dumps
from .errors import ValidationError
from .resources._params import (
    check_bool,
    check_choice,
    check_color,
    check_int,
    check_number,
    check_text,
    check_url,
    path_id,
    secure_or_loopback,
)

__all__ = ["Field", "Spec", "StartCall", "check_extra_body", "field_docs"]

Upload = Callable[[str, Sequence[MediaInput]], Awaitable[list[str]]]
"""Turns media inputs into URLs A2E accepts (local files are uploaded); named for errors."""

# -- fields ----------------------------------------------------------------------------------
Check = Callable[[str, Any], Any]
_UNSET: Any = object()


@attrs.frozen
class Field:
    """One parameter: its wire name(s), whether it is required, and its check.

    ``kind`` names what it takes, for tools that build inputs (the CLI, batch files):
    ``text``, ``url``, ``color``, ``id``, ``int``, ``float``, ``bool``, ``choice``
    (``choices`` lists them), ``media``, ``tuple``, ``mapping`` or ``custom``; ``many`` means
    a list of those. ``base`` is the bare type (of one item, for a list): the members of a
    ``tuple``, the class a ``custom`` value must be.
    """

    name: str
    wire: str
    required: bool
    check: Check
    kind: str
    base: Any = None
    max_length: int | None = None
    """A text's length limit, where the spec states one."""
    choices: tuple[Any, ...] = ()
    many: bool = False
    send: Any = _UNSET
    spread: tuple[str, ...] = ()
    into: Into | None = None
    reference: Reference | None = None

    @property
    def media(self) -> bool:
        """Whether it takes media (uploaded when local)."""
        return self.kind == "media"

    @property
    def wire_keys(self) -> tuple[str, ...]:
        """Every wire key this parameter may send."""
        if self.spread:
            return self.spread
        return (self.into.name,) if self.into else (self.wire,)


def _compile(name: str, hint: Any) -> Field:
    required = False
    if get_origin(hint) is Required:
        required, hint = True, get_args(hint)[0]
    elif get_origin(hint) is NotRequired:
        hint = get_args(hint)[0]
    base, markers = _unwrap(hint)
    found = {type(m): m for m in markers}
    many = MEDIA not in markers and get_origin(base) in (list, collections.abc.Sequence)
    if many:
        base, item_markers = _unwrap(get_args(base)[0])
        markers = [*markers, *item_markers]
    kind, check = _checker(base, markers)
    if many:
        check = _list_checker(check, found.get(Items, Items()), tuples=kind != "media")
    wire: Wire | None = found.get(Wire)
    spread: Spread | None = found.get(Spread)
    send: Send | None = found.get(Send)
    text: Text | None = next((m for m in markers if isinstance(m, Text)), None)
    return Field(
        name=name,
        wire=wire.name if wire else name,
        required=required,
        check=check,
        kind=kind,
        base=base,
        max_length=text.max_length if text else None,
        choices=get_args(base) if kind == "choice" else (),
        many=many,
        send=send.value if send else _UNSET,
        spread=spread.names if spread else (),
        into=found.get(Into),
        reference=found.get(Reference),
    )


def _unwrap(hint: Any) -> tuple[Any, list[Any]]:
    """The bare type of ``hint`` without ``Annotated`` and ``| None``, and its markers."""
    markers: list[Any] = []
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            markers.extend(hint.__metadata__)
            hint = get_args(hint)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(hint):
            rest = [arg for arg in get_args(hint) if arg is not type(None)]
            hint = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        else:
            return hint, markers


def _checker(base: Any, markers: Sequence[Any]) -> tuple[str, Check]:
    """``(kind, check)`` for a bare type and its markers: one branch per kind of input."""
    found = {type(m): m for m in markers}
    if MEDIA in markers:
        return "media", check_media
    custom: Checked | None = found.get(Checked)
    if custom is not None:
        return "custom", custom.check
    bounds: Range = found.get(Range, Range())
    if get_origin(base) is Literal:
        choices = get_args(base)
        numeric = all(isinstance(c, int) for c in choices)

        def choice(name: str, value: Any) -> Any:
            if numeric and isinstance(value, bool):
                raise ValidationError(name, f"must be one of {choices}, not a boolean")
            return check_choice(name, value, choices)

        return "choice", choice
    if base is bool:
        return "bool", check_bool
    if base is int:
        return "int", lambda name, value: check_int(
            name, value, minimum=_as_int(bounds.minimum), maximum=_as_int(bounds.maximum)
        )
    if base is float:
        return "float", lambda name, value: check_number(
            name, value, minimum=bounds.minimum, maximum=bounds.maximum
        )
    if base is str:
        return _text_checker(found)
    if get_origin(base) is tuple:
        members = [_checker(arg, markers)[1] for arg in get_args(base)]
        return "tuple", lambda name, value: _check_tuple(name, value, members)
    if get_origin(base) in (dict, collections.abc.Mapping):
        return "mapping", _check_mapping
    raise TypeError(f"no check for parameters of type {base!r}")


def _text_checker(found: Mapping[type, Any]) -> tuple[str, Check]:
    text: Text = found.get(Text, Text())
    url: Url | None = found.get(Url)
    if Color in found:
        return "color", check_color
    if Id in found:

        def record_id(name: str, value: Any) -> str:
            path_id(name, value)
            return str(value)

        return "id", record_id
    if url is not None:

        def checked_url(name: str, value: Any) -> str:
            checked = check_url(name, value)
            if url.https and not secure_or_loopback(checked):
                raise ValidationError(
                    name, "must be an https URL (http only to 127.0.0.1, ::1 or localhost)"
                )
            return checked

        return "url", checked_url
    return "text", lambda name, value: check_text(
        name, value, max_length=text.max_length, required=not text.blank
    )


def _as_int(bound: float | None) -> int | None:
    return None if bound is None else int(bound)


def _check_tuple(name: str, value: Any, members: Sequence[Check]) -> tuple[Any, ...]:
    if not isinstance(value, (tuple, list)) or len(value) != len(members):
        raise ValidationError(name, f"must be a tuple of {len(members)} values")
    return tuple(check(name, item) for check, item in zip(members, value, strict=True))


def _check_mapping(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise ValidationError(name, "must be a mapping with string keys")
    return dict(value)


def _list_checker(item: Check, items: Items, *, tuples: bool) -> Check:
    # A tuple is one media input ((bytes, filename)), so only a list is a list of media.
    refused = (str, bytes) if tuples else (str, bytes, tuple)

    def check(name: str, value: Any) -> list[Any]:
        if isinstance(value, refused) or not isinstance(value, Sequence):
            raise ValidationError(name, "must be a list")
        if len(value) < items.minimum:
            raise ValidationError(name, f"needs at least {items.minimum} items, got {len(value)}")
        if items.maximum is not None and len(value) > items.maximum:
            raise ValidationError(name, f"takes at most {items.maximum} items, got {len(value)}")
        return [item(name, v) for v in value]

    return check


# -- the spec --------------------------------------------------------------------------------
class Spec:
    """A compiled parameter spec: checks a call's keyword arguments and builds its body.

    ``rules`` are cross-field checks; ``fixed`` wire fields are always sent; ``shape`` may
    adjust the finished body (for wire names that depend on other values).
    """

    def __init__(
        self,
        params: type,
        *,
        rules: Sequence[Rule] = (),
        fixed: Mapping[str, Any] | None = None,
        shape: Callable[[dict[str, Any], Mapping[str, Any]], None] | None = None,
    ) -> None:
        self.params = params
        hints = get_type_hints(params, include_extras=True)
        self.accepts_extra = "extra_body" in hints
        hints.pop("extra_body", None)
        self.fields = {name: _compile(name, hint) for name, hint in hints.items()}
        self.rules = tuple(rules)
        self.fixed = dict(fixed or {})
        self.shape = shape
        self.reference = next((f.name for f in self.fields.values() if f.reference), None)
        owners: dict[str, str] = {}
        for spec_field in self.fields.values():
            for key in spec_field.wire_keys:
                owners.setdefault(key, spec_field.name)
        for key in self.fixed:
            owners.setdefault(key, "(always sent)")
        self._owners = owners

    def __repr__(self) -> str:
        return f"<Spec {self.params.__name__}>"

    @property
    def required(self) -> frozenset[str]:
        """Names of the parameters a call must give."""
        return frozenset(name for name, f in self.fields.items() if f.required)

    def check(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The given parameters, checked: unknown keys, required ones, each value, the rules.

        Returns the checked values (``None`` dropped; local media checked, not uploaded).
        No I/O. Raises ``ValidationError`` naming the first bad parameter.
        """
        unknown = [key for key in params if key not in self.fields and key != "extra_body"]
        if unknown or ("extra_body" in params and not self.accepts_extra):
            bad = unknown[0] if unknown else "extra_body"
            raise ValidationError(bad, f"is not a parameter of this call{self._hint(bad)}")
        values: dict[str, Any] = {}
        for name, spec_field in self.fields.items():
            value = params.get(name)
            if value is None:
                if spec_field.required:
                    raise ValidationError(name, "is required")
                continue
            values[name] = spec_field.check(name, value)
        for rule in self.rules:
            rule(values)
        extra = params.get("extra_body")
        if extra is not None:
            values["extra_body"] = self._check_extra(extra)
        return values

    async def body(self, params: Mapping[str, Any], upload: Upload) -> dict[str, Any]:
        """The wire body for ``params`` (checked first); local media is uploaded last."""
        values = self.check(params)
        if self.reference is not None and self.reference not in values:
            marker = self.fields[self.reference].reference
            if marker is not None and marker.generate:
                values[self.reference] = f"a2e-{secrets.token_hex(6)}"
        body: dict[str, Any] = dict(self.fixed)
        media: list[Field] = []
        for name, spec_field in self.fields.items():
            if name not in values:
                if spec_field.spread and spec_field.send is not _UNSET:
                    body.update(zip(spec_field.spread, spec_field.send, strict=True))
                elif spec_field.send is not _UNSET:
                    body[spec_field.wire] = spec_field.send
                continue
            if spec_field.media:
                media.append(spec_field)
            elif spec_field.spread:
                body.update(zip(spec_field.spread, values[name], strict=True))
            else:
                body[spec_field.wire] = values[name]
        into: dict[str, list[tuple[int, str]]] = {}
        for spec_field in media:
            given = values[spec_field.name]
            urls = await upload(spec_field.name, given if spec_field.many else [given])
            if spec_field.into is not None:
                into.setdefault(spec_field.into.name, []).append((spec_field.into.order, urls[0]))
            else:
                body[spec_field.wire] = urls if spec_field.many else urls[0]
        for key, placed in into.items():
            body[key] = [url for _, url in sorted(placed)]
        if self.shape is not None:
            self.shape(body, values)
        body.update(values.get("extra_body", {}))
        return body

    def reference_of(self, body: Mapping[str, Any]) -> str | None:
        """The job's name or title in a body built by :meth:`body`."""
        if self.reference is None:
            return None
        value = body.get(self.fields[self.reference].wire)
        return value if isinstance(value, str) else None

    def _check_extra(self, extra: Any) -> dict[str, Any]:
        return check_extra_body(extra, self._owners)

    def _hint(self, key: str) -> str:
        close = [name for name in self.fields if _near(name, key)]
        return f"; did you mean {close[0]!r}?" if close else ""


def check_extra_body(extra: Any, owners: Mapping[str, str]) -> dict[str, Any]:
    """``extra_body`` checked: a JSON-serialisable mapping with string keys, none of which
    a named parameter sends (``owners`` maps such wire keys to the parameter's name).
    ``None`` is an empty one."""
    if extra is None:
        return {}
    if not isinstance(extra, Mapping) or not all(isinstance(key, str) for key in extra):
        raise ValidationError("extra_body", "must be a mapping with string keys")
    for key in extra:
        owner = owners.get(key)
        if owner is not None:
            raise ValidationError(
                "extra_body", f"{key!r} is sent by the parameter {owner!r}; use it instead"
            )
    try:
        dumps(dict(extra))
    except (TypeError, ValueError) as exc:
        raise ValidationError("extra_body", f"is not JSON-serialisable: {exc}") from None
    return dict(extra)


def _near(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


@attrs.frozen
class StartCall:
    """A call that starts a task of a family: which method sends it, where, with what."""

    family: str
    """The family of the task it starts (``talking_video``...), as in the waiter and the
    emulator's stats; batch job files name it as ``kind``."""
    method: str
    """The resource's public method that sends it (``start``, ``generate``, ``train``...)."""
    path: str
    """The wire path, e.g. ``/api/v1/talkingVideo/start``."""
    spec: Spec
    """Its parameters."""
    wait: str | None = "wait"
    """The resource's method that waits for the task by id (``None``: the SDK cannot wait,
    because the task ends at once or A2E documents no call to read it, like Wan 3.0)."""
    final: bool = False
    """Whether the start call's answer is the finished task (a watermark): with no ``wait``
    and not ``final``, nothing the SDK can call sees the task end."""
    primary: bool = True
    """Whether it is the family's usual start (a family may have variants, like
    ``image_to_video.start_many``); batch job files use the primary one."""


def field_docs(params: type) -> dict[str, str]:
    """The attribute docstrings of a spec's keys (its own and its bases'), for help texts."""
    docs: dict[str, str] = {}
    for base in reversed(_typed_dict_bases(params)):
        docs.update(_class_docs(base.__module__, base.__qualname__))
    return docs


@functools.cache
def _module_classes(module: str) -> dict[str, ast.ClassDef]:
    """Every top-level class of ``module`` by name, parsed once (source read from disk)."""
    try:
        source = inspect.getsource(sys.modules[module])
    except (KeyError, OSError, TypeError):
        return {}
    tree = ast.parse(source)
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}


def _class_docs(module: str, name: str) -> dict[str, str]:
    node = _module_classes(module).get(name)
    docs: dict[str, str] = {}
    if node is None:
        return docs
    for statement, after in itertools.pairwise(node.body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[statement.target.id] = " ".join(after.value.value.split())
    return docs


def _typed_dict_bases(params: type) -> list[type]:
    found: list[type] = []
    stack = [params]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        for base in getattr(current, "__orig_bases__", ()):
            base = get_origin(base) or base
            # TypedDict classes (and only they) carry __total__.
            if isinstance(base, type) and getattr(base, "__total__", None) is not None:
                stack.append(base)
    return found
