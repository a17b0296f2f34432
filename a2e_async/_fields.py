"""What a parameter spec is written with: media inputs, markers, base specs and rules.

A spec is a ``TypedDict`` whose keys are the Python parameter names. Each value's type, plus
``Annotated`` markers from here, says how it is checked and sent::

    class TalkingVideoParams(JobParams, total=False):
        video_url: Required[Media]
        prompt: Required[str]
        duration: Annotated[int, Range(1, 20)] | None

``_spec.py`` compiles such a ``TypedDict`` into a :class:`~a2e_async._spec.Spec`. ``None`` for
an optional parameter means "not given" (A2E applies its own default), so callers may pass
through optional values they hold.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Annotated, Any, Generic, TypeAlias, TypeVar

import attrs
from typing_extensions import TypedDict

from .config import PollPolicy
from .errors import ValidationError
from .resources._params import check_url, url_scheme

__all__ = [
    "MEDIA",
    "BodyParams",
    "Checked",
    "Color",
    "Id",
    "Into",
    "Items",
    "JobParams",
    "Media",
    "MediaInput",
    "NamedParams",
    "OnProgress",
    "Range",
    "Reference",
    "Rule",
    "Send",
    "Spread",
    "Text",
    "Url",
    "WaitOptions",
    "WebhookParams",
    "Wire",
    "at_most_one",
    "check_media",
    "exactly_one",
    "needs",
    "split_wait",
    "together",
]

T = TypeVar("T")

MediaInput: TypeAlias = str | os.PathLike[str] | tuple[bytes, str]
"""Media for any parameter that takes a media URL: an ``http(s)`` URL (sent as is), a local
path (``pathlib.Path``; uploaded first), or ``(data, filename)`` bytes (uploaded first; the
filename gives the Content-Type). Uploads go through ``client.storage.upload``."""

OnProgress = Callable[[T], Awaitable[None] | None]
"""A progress callback: called with the task at every change; may be sync or async."""

Rule = Callable[[Mapping[str, Any]], None]
"""A cross-field check over the given (non-``None``) values; raises ``ValidationError``."""


def check_media(name: str, value: Any) -> str | os.PathLike[str] | tuple[bytes, str]:
    """``value`` if it is a media input (an http(s) URL, an existing file's path, or
    ``(bytes, filename)``); else ``ValidationError`` naming ``name``."""
    if isinstance(value, str):
        if url_scheme(value) not in ("http", "https"):
            # A bare string is a URL; a local path must say so, or a typo would upload junk.
            raise ValidationError(
                name, f"must be an http(s) URL, got {value!r}; pass pathlib.Path(...) to upload"
            )
        return check_url(name, value)
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        if not isinstance(path, str):
            raise ValidationError(name, "a path must be a text path, not bytes")
        if not os.path.isfile(path):
            raise ValidationError(name, f"no such file: {path}")
        return value
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], (bytes, bytearray, memoryview))
        and isinstance(value[1], str)
    ):
        if not value[1].strip():
            raise ValidationError(name, "the filename of (data, filename) must not be empty")
        return bytes(value[0]), value[1]
    raise ValidationError(
        name, f"must be a URL, a local path or (bytes, filename), got {type(value).__name__}"
    )


# -- markers (used inside Annotated[...]) -------------------------------------------------
@attrs.frozen
class Wire:
    """The wire field's name, where it differs from the Python name."""

    name: str


@attrs.frozen
class Text:
    """A string's limits: at most ``max_length`` characters; ``blank`` allows ``""``."""

    max_length: int | None = None
    blank: bool = False


@attrs.frozen
class Range:
    """Inclusive bounds of a number (or of each number in a list)."""

    minimum: float | None = None
    maximum: float | None = None


@attrs.frozen
class Items:
    """How many items a list takes."""

    minimum: int = 1
    maximum: int | None = None


@attrs.frozen
class Send:
    """A value sent when the caller gives none (where A2E's docs mark the field required)."""

    value: Any


@attrs.frozen
class Spread:
    """A tuple sent as several wire fields, one per item."""

    names: tuple[str, ...]


@attrs.frozen
class Into:
    """Media sent as one item of the wire list ``name``; ``order`` places it in the list."""

    name: str
    order: int


@attrs.frozen
class Reference:
    """What finds the job again in A2E's lists (its name or title): an
    ``OutcomeUnknownError`` carries it. With ``generate``, a unique ``a2e-<hex>`` is sent
    when the caller gives none."""

    generate: bool = True


@attrs.frozen
class Color:
    """A CSS colour A2E understands (``#rrggbb``, ``rgb(...)``, ``rgba(...)``)."""


@attrs.frozen
class Url:
    """An ``http(s)`` URL sent as is (never uploaded); ``https`` requires that scheme."""

    https: bool = False


@attrs.frozen
class Id:
    """An A2E record id (no ``/``, ``?``, ``#``, ``%``, spaces, ``.`` or ``..``)."""


@attrs.frozen
class Checked:
    """A custom check ``(name, value) -> wire value`` for a type the spec cannot read."""

    check: Callable[[str, Any], Any]


@attrs.frozen
class _MediaMarker:
    """A media input: a URL sent as is, or a local file uploaded first."""


MEDIA = _MediaMarker()
Media = Annotated[MediaInput, MEDIA]
"""A parameter that takes a media URL, a local path or ``(bytes, filename)``."""


# -- base specs ----------------------------------------------------------------------------
class BodyParams(TypedDict, total=False):
    """What every call that sends a body accepts."""

    extra_body: Mapping[str, Any] | None
    """Wire fields the SDK does not name yet, merged into the body after validation; a key
    that a named parameter sends is refused (use the parameter)."""


class WebhookParams(BodyParams, total=False):
    """A2E's optional best-effort webhook (one attempt, no retries)."""

    webhook_url: Annotated[str, Url(https=True), Text(max_length=2048)] | None
    """HTTPS URL that receives ``task.completed`` / ``task.failed`` notifications."""
    webhook_token: Annotated[str, Text(max_length=256)] | None
    """Plain token echoed in the ``X-A2e-Webhook-Token`` header of each notification."""


class NamedParams(BodyParams, total=False):
    """A job with a ``name`` (A2E lists tasks by it)."""

    name: Annotated[str, Reference(), Text()] | None
    """The task's name; a unique ``a2e-<hex>`` when omitted, so that a call whose outcome
    is unknown can be found again."""


class JobParams(NamedParams, WebhookParams, total=False):
    """A job with a ``name`` and a webhook (most start calls)."""


class WaitOptions(TypedDict, Generic[T], total=False):
    """How ``<verb>_and_wait`` waits (the options of ``wait``)."""

    poll_policy: PollPolicy | None
    """How to poll (default: the client's, else the family's)."""
    on_progress: OnProgress[T] | None
    """Called with the task at every change of status or progress."""
    cancel_remote: bool
    """Delete the remote task when the wait is cancelled or times out."""


_WAIT_KEYS = frozenset(WaitOptions.__annotations__)


def split_wait(params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(start parameters, wait options)`` of a ``<verb>_and_wait`` call."""
    start = {k: v for k, v in params.items() if k not in _WAIT_KEYS}
    wait: dict[str, Any] = {"poll_policy": None, "on_progress": None, "cancel_remote": False}
    wait.update((k, v) for k, v in params.items() if k in _WAIT_KEYS)
    return start, wait


# -- rules -----------------------------------------------------------------------------------
def exactly_one(*names: str) -> Rule:
    """Exactly one of ``names`` must be given."""

    def rule(values: Mapping[str, Any]) -> None:
        if sum(name in values for name in names) != 1:
            raise ValidationError(names[0], f"give exactly one of {_or(names)}")

    return rule


def at_most_one(*names: str) -> Rule:
    """At most one of ``names`` may be given."""

    def rule(values: Mapping[str, Any]) -> None:
        given = [name for name in names if name in values]
        if len(given) > 1:
            raise ValidationError(given[-1], f"give {_or(names)}, not both")

    return rule


def together(*names: str) -> Rule:
    """Either all of ``names`` or none of them."""

    def rule(values: Mapping[str, Any]) -> None:
        given = [name for name in names if name in values]
        if given and len(given) != len(names):
            missing = next(name for name in names if name not in values)
            raise ValidationError(missing, f"give all of {', '.join(names)}, or none")

    return rule


def needs(
    name: str, *others: str, when: Callable[[Any], bool] = bool, why: str | None = None
) -> Rule:
    """When ``name`` is given (and ``when(value)`` holds), every one of ``others`` must be."""

    def rule(values: Mapping[str, Any]) -> None:
        if name in values and when(values[name]):
            for other in others:
                if other not in values:
                    reason = why or f"is required with {name}"
                    raise ValidationError(other, reason)

    return rule


def _or(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
