"""A generated structure function for flat models: every status read takes this path.

cattrs' generated function calls one hook per field through a dict of keyword arguments,
which is most of the cost of a status call beyond the HTTP exchange (``Video`` has 50
fields). For a model whose fields are all scalars the converter knows, this module writes
one function per model, once: the common case of each field (a ``str`` that is a ``str``,
an ``int`` that is an ``int``) is tested inline, anything else calls the very hook cattrs
would have called, and the fields are stored through their slots (or passed positionally
where ``__init__`` does more than store them). The result, the errors and their messages
are those of the lenient cattrs path (``tests/test_flat_structure.py`` compares the two on
generated payloads); strict decoding keeps cattrs' own path.
"""

from __future__ import annotations

import inspect
import linecache
import types
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["flat_structure_fn"]

Hook = Callable[[Any, Any], Any]
_MISSING = object()
# What makes attrs' __init__ do more than store the values.
_INIT_HOOKS = ("__attrs_pre_init__", "__attrs_post_init__", "_attrs_cached_hash")

# How a hook's usual case is written inline: {v} is the wire value; the hook {h} is called
# for anything else, so the unusual cases (and their errors) stay the hook's.
INLINE_STR = "{v} if {v}.__class__ is str else {h}({v}, None)"
INLINE_OPT_STR = "({v} or None) if {v}.__class__ is str else {h}({v}, None)"
INLINE_INT = "{v} if {v}.__class__ is int else {h}({v}, None)"
INLINE_BOOL = "{v} if {v}.__class__ is bool else {h}({v}, None)"


def flat_structure_fn(
    cls: type,
    *,
    hook_for: Callable[[Any], Hook],
    wire_names: Mapping[str, str],
    inline: Mapping[Hook, str],
    flat: Callable[[Hook], bool],
    none_safe: Collection[Hook] = (),
) -> Hook | None:
    """The structure function of ``cls``, or ``None`` when ``cls`` is not flat.

    ``hook_for(type)`` is the converter's hook for a field type; ``wire_names`` maps each
    attribute to the key it is read from; ``inline`` maps a hook to its inline form;
    ``flat(hook)`` says whether a field with that hook keeps the model flat; a hook in
    ``none_safe`` turns ``None`` into ``None``, so a field defaulting to ``None`` may read a
    missing key as ``None`` without a sentinel.
    """
    if not isinstance(cls, type) or cls.__dict__.get("__parameters__"):
        return None  # generic models (Page[T]) keep cattrs' path: their hooks vary with T
    all_fields = attrs.fields(attrs.resolve_types(cls))
    fields = [a for a in all_fields if a.init]
    if any(a.kw_only or isinstance(a.default, attrs.Factory) for a in fields):  # type: ignore[arg-type]
        return None
    hooks = [hook_for(a.type) for a in fields]
    if not all(flat(hook) for hook in hooks):
        return None
    setters = _slot_setters(cls, all_fields)
    name = cls.__name__
    scope: dict[str, Any] = {
        "_cl": cls,
        "_new": object.__new__,
        "_Mapping": Mapping,
        "_isinstance": isinstance,
        "_missing": _MISSING,
    }
    lines = [
        "def structure(o, _=None):",
        "    if o.__class__ is not dict and not _isinstance(o, _Mapping):",
        # The message of the converter's object check (cattrs would read `key in o`).
        f"        raise TypeError('expected an object for {name}, got ' + type(o).__name__)",
        "    get = o.get",
    ]
    if setters is not None:
        lines.append("    obj = _new(_cl)")
    # cattrs reads the fields with a default first and the required ones last, so with
    # several bad fields the first error (the one raised) is the same here.
    order = sorted(range(len(fields)), key=lambda i: fields[i].default is attrs.NOTHING)
    for i in order:
        field, hook = fields[i], hooks[i]
        key = wire_names[field.name]
        value, h = f"v{i}", f"_h{i}"
        scope[h] = hook
        template = inline.get(hook)
        if template is None:
            scope[f"_t{i}"] = field.type
            convert = f"{h}({value}, _t{i})"
        else:
            convert = template.format(v=value, h=h)
        if field.default is attrs.NOTHING:
            # Missing raises KeyError(key), as cattrs' `o[key]` does.
            lines += [f"    {value} = o[{key!r}]", f"    {value} = {convert}"]
        elif field.default is None and hook in none_safe:
            lines += [f"    {value} = get({key!r})", f"    {value} = {convert}"]
        else:
            # One lookup per field (`get`, not `in` then `[]`): the payload's keys are not
            # the constants' objects, so every lookup compares strings.
            scope[f"_d{i}"] = field.default
            lines += [
                f"    {value} = get({key!r}, _missing)",
                f"    {value} = _d{i} if {value} is _missing else {convert}",
            ]
        if setters is not None:
            scope[f"_s{i}"] = setters[field.name]
            lines.append(f"    _s{i}(obj, {value})")
    if setters is not None:
        lines.append("    return obj")
    else:
        lines.append(f"    return _cl({', '.join(f'v{i}' for i in range(len(fields)))})")
    source = "\n".join(lines) + "\n"
    # A file name of its own, so a traceback through it shows the generated line.
    filename = f"<a2e_async structure {cls.__module__}.{cls.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), scope)  # our own generated code, from fields
    fn: Hook = scope["structure"]
    return fn


def _slot_setters(cls: type, fields: Sequence[attrs.Attribute[Any]]) -> dict[str, Hook] | None:
    """Each field's slot setter, when building ``cls`` needs nothing ``__init__`` does
    beyond storing the values (no validator, converter, post-init hook or cached hash):
    a frozen model's ``__init__`` stores each field through ``object.__setattr__``, which
    costs more than the slot's own setter. ``None`` otherwise."""
    if any(hasattr(cls, hook) for hook in _INIT_HOOKS):
        return None
    if any(not a.init or a.validator or a.converter for a in fields):
        return None
    setters = {}
    for a in fields:
        slot = inspect.getattr_static(cls, a.name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            return None  # not a slotted class
        setters[a.name] = slot.__set__
    return setters
