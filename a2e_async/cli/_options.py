"""Command-line options made from a parameter spec: one option per field, no list by hand.

Each :class:`~a2e_async._spec.Field` of a start call's spec becomes one click option named
after the Python parameter (``audio_url`` → ``--audio-url``), typed by its ``kind``:

- ``media``: a local file (passed on as a ``pathlib.Path``, so the SDK uploads it) or an
  http(s) URL; also reachable without the ``-url`` suffix (``--audio``);
- ``many``: the option repeats (``--input-image a.png --input-image b.png``);
- ``choice``: one of the listed values; ``bool``: ``--x/--no-x``; ``tuple``: several values
  after one option (``--canvas 1920 1080``); ``mapping`` and ``custom``: JSON.

A few hand-chosen names and CLI defaults live in :data:`ALIASES` and :data:`CLI_DEFAULTS`.
The values are checked by the SDK, which names the parameter; the CLI maps that name back
to the option.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args
from urllib.parse import urlsplit

import attrs
import click
from typing_extensions import get_type_hints

from .._fields import JobParams
from .._spec import Field, Spec, field_docs

if TYPE_CHECKING:
    ParamType = click.ParamType[Any, Any]
else:  # older click releases cannot subscript ParamType
    ParamType = click.ParamType

__all__ = [
    "ALIASES",
    "CLI_DEFAULTS",
    "HELP",
    "Binding",
    "FileOrUrl",
    "JsonValue",
    "ParamType",
    "bindings_for",
    "plain",
]

ALIASES: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("video", "anchor_id"): ("--avatar",),
    ("tts", "voice_id"): ("--voice",),
    ("tts", "user_voice_id"): ("--user-voice",),
}
"""Friendly option names, by ``(command family, parameter)``, beside the generated ones."""

HELP: Mapping[tuple[str, str], str] = {
    ("video", "anchor_id"): "The avatar's id, from a2e avatars list.",
    ("video", "audio_url"): "The speech, e.g. from a2e tts speak -o speech.mp3.",
    ("tts", "voice_id"): "A public voice's id, from a2e voices list.",
    ("tts", "user_voice_id"): "A cloned voice's speaker_id (a2e task get voice_clone ID).",
}
"""Help texts that point at other commands, where the SDK's point at Python calls."""

CLI_DEFAULTS: Mapping[tuple[str, str], tuple[Any, str]] = {
    ("video", "anchor_type"): (0, "0, a public avatar (use 1 for one you trained)"),
}
"""Values the CLI sends when an option is not given (the SDK requires them), with the
words its help uses."""

_METAVARS = {
    "media": "FILE_OR_URL",
    "url": "URL",
    "color": "COLOR",
    "id": "ID",
    "text": "TEXT",
    "int": "INTEGER",
    "float": "NUMBER",
    "mapping": "JSON",
    "custom": "JSON",
}


class FileOrUrl(ParamType):
    """A local file (→ ``pathlib.Path``, uploaded by the SDK) or an http(s) URL (as is)."""

    name = "file_or_url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Path):
            return value
        text = str(value)
        if os.path.isfile(text):
            return Path(text)
        if urlsplit(text).scheme in ("http", "https"):
            return text
        self.fail(f"{text!r} is neither an existing file nor an http(s) URL", param, ctx)


class JsonValue(ParamType):
    """A JSON value; with ``build``, a JSON object is passed to it as keywords."""

    name = "json"

    def __init__(self, build: type | None = None) -> None:
        self.build = build

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):
            return value
        try:
            data = json.loads(value)
        except ValueError as exc:
            self.fail(f"not valid JSON ({exc})", param, ctx)
        if self.build is not None and isinstance(data, dict):
            try:
                return self.build(**data)
            except TypeError as exc:
                self.fail(f"{exc}", param, ctx)
        return data


@attrs.frozen
class Binding:
    """One spec field as one click option, and how its value goes back to the SDK."""

    field: Field
    option: click.Option
    convert: Callable[[Any], Any]

    @property
    def flags(self) -> str:
        """How error messages name it: ``--audio-url/--audio``."""
        return "/".join(self.option.opts)


def plain(doc: str) -> str:
    """A docstring in plain words: Sphinx roles and literal quotes removed."""
    doc = re.sub(r":[a-z]+:`~?(?:[\w.]+\.)?([^`]+)`", r"\1", doc)
    return doc.replace("``", "")


def bindings_for(command: str, spec: Spec, *, taken: set[str] | None = None) -> list[Binding]:
    """One :class:`Binding` per field of ``spec``; ``command`` keys the hand-chosen names.

    Required options come first and the fields every job shares (name, webhook) last.
    ``taken`` holds option names the command uses for itself; a clash raises
    ``RuntimeError`` when the CLI is built (a test builds every command).
    """
    docs = {**field_docs(spec.params), **{p: h for (c, p), h in HELP.items() if c == command}}
    shared = set(get_type_hints(JobParams))
    ordered = sorted(
        spec.fields.values(), key=lambda f: (not f.required, f.name in shared)
    )  # sorted() is stable: the spec's order within each group
    all_flags = {f.name: _flags(command, f, spec) for f in ordered}
    used = set(taken or ())
    for flags in all_flags.values():
        clash = used.intersection(flags)
        if clash:
            raise RuntimeError(f"{command}: option {sorted(clash)[0]} is defined twice")
        used.update(flags)

    def as_option(match: re.Match[str]) -> str:
        flags = all_flags.get(match[1])
        return flags[0] if flags else match[1]

    return [
        _binding(
            command,
            spec_field,
            all_flags[spec_field.name],
            re.sub(r"``(\w+)``", as_option, docs.get(spec_field.name, "")),
        )
        for spec_field in ordered
    ]


def _flags(command: str, spec_field: Field, spec: Spec) -> list[str]:
    dashed = spec_field.name.replace("_", "-")
    flags = [f"--{dashed}"]
    short = _short(spec_field)
    # A short form another field also has (image_url and image_urls) is left to neither.
    others = {
        name
        for other in spec.fields.values()
        if other.name != spec_field.name
        for name in (other.name.replace("_", "-"), _short(other))
    }
    if short != dashed and short not in others:
        flags.append(f"--{short}")
    flags.extend(ALIASES.get((command, spec_field.name), ()))
    return flags


def _short(spec_field: Field) -> str:
    dashed = spec_field.name.replace("_", "-")
    short = re.sub(r"-urls?$", "", dashed) if spec_field.media else dashed
    if spec_field.many and short == dashed and short.endswith("s"):
        short = short[:-1]  # --input-image for input_images, repeated
    return short


def _binding(command: str, spec_field: Field, flags: list[str], doc: str) -> Binding:
    kind = spec_field.kind
    help_text = plain(doc)
    default, default_words = CLI_DEFAULTS.get((command, spec_field.name), (None, ""))
    convert: Callable[[Any], Any] = _same
    options: dict[str, Any] = {
        "required": spec_field.required and default is None,
        "metavar": _METAVARS.get(kind),
    }
    if default is not None:
        # Only when set: click skips its required check for an explicit default of None.
        options["default"] = default
    names = [*flags, spec_field.name]
    bare = spec_field.base
    if kind == "media":
        options["type"] = FileOrUrl()
        help_text += " A local file (uploaded first) or an http(s) URL."
    elif kind == "choice":
        by_text = {str(choice): choice for choice in spec_field.choices}
        options["type"] = click.Choice(list(by_text))
        options["metavar"] = None
        convert = _choice(by_text)
        if default is not None:
            options["default"] = str(default)
    elif kind == "bool":
        names = [f"{flags[0]}/--no-{flags[0][2:]}", spec_field.name]
    elif kind == "int":
        options["type"] = click.INT
    elif kind == "float":
        options["type"] = click.FLOAT
    elif kind == "tuple":
        members = get_args(bare)
        options["nargs"] = len(members)
        options["type"] = click.Tuple([_scalar(member) for member in members])
        options["metavar"] = " ".join(_METAVARS.get(_kind_of(m), "VALUE") for m in members)
    elif kind in ("mapping", "custom"):
        build = bare if attrs.has(bare) else None
        options["type"] = JsonValue(build)
        if build is not None:
            keys = ", ".join(field.name for field in attrs.fields(build))
            help_text += f" A JSON object with {keys}."
        else:
            help_text += " JSON."
    if spec_field.many:
        options["multiple"] = True
        options["required"] = False  # checked by the SDK, which names the parameter
        help_text += " Repeat for several."
        convert = _listed(convert)
    if default_words:
        help_text += f" Default here: {default_words}."
    if spec_field.required and not options["required"] and default is None:
        help_text += " Required."
    option = click.Option(names, help=help_text.strip(), **options)
    return Binding(field=spec_field, option=option, convert=convert)


def _kind_of(member: Any) -> str:
    return {int: "int", float: "float"}.get(member, "text")


def _scalar(member: Any) -> ParamType:
    scalars: dict[Any, ParamType] = {int: click.INT, float: click.FLOAT}
    return scalars.get(member, click.STRING)


def _same(value: Any) -> Any:
    return value


def _choice(by_text: Mapping[str, Any]) -> Callable[[Any], Any]:
    return lambda value: by_text.get(value, value)


def _listed(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda values: [convert(value) for value in values] if values else None
