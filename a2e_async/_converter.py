"""The one cattrs converter: A2E's wire dicts become attrs models here.

Every rename lives in this module: a few rules that hold everywhere (``_id`` is ``id``,
``createdAt`` is ``created_at``), then each model's exceptions in ``_RENAMES``. Scalars are
read leniently (A2E sends numbers as strings in places, ``""`` for "not yet"), unknown keys
are ignored so a new field from A2E never breaks a user. ``make_converter(strict=True)``
rejects unknown keys and status values outside a field's ``Literal`` instead; tests use it
on A2E's documented examples so that a renamed or forgotten field, or a new status, is caught.

The same converter turns models back into dicts (:func:`encode`): by attribute name or by
wire name, datetimes as ISO 8601 strings. A wire-named dict decodes back into an equal model;
``python_converter`` (``make_converter(renamed=False)``) reads the attribute-named form.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypeVar, Union, get_args, get_origin

import attrs
from cattrs import Converter
from cattrs.errors import BaseValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._flat_structure import (
    INLINE_BOOL,
    INLINE_INT,
    INLINE_OPT_STR,
    INLINE_STR,
    flat_structure_fn,
)
from .errors import CreateDecodeError, ResponseDecodeError, ValidationError
from .models.account import Language, Quote
from .models.avatars import Avatar
from .models.backgrounds import Background
from .models.face_swap import FaceSwapTask
from .models.generated import GeneratedImages, GeneratedMedia
from .models.records import TaskRecord
from .models.storage import PresignedUpload, Watermark
from .models.streaming import StreamingToken
from .models.tts import TTSPreview, Voice, VoiceGroup
from .models.video_to_video import VideoToVideoTask
from .models.videos import Anchor, DetectedLanguage, Video
from .models.voices import VoiceClone

__all__ = [
    "converter",
    "decode",
    "decode_created",
    "decode_created_list",
    "decode_list",
    "encode",
    "from_plain",
    "literal_values",
    "make_converter",
    "python_converter",
    "wire_names",
    "wire_spellings",
]

T = TypeVar("T")

# Renames that hold for every model (attribute -> wire name).
_GLOBAL_RENAMES = {"id": "_id", "created_at": "createdAt", "updated_at": "updatedAt"}

# Wire keys that carry nothing for users (Mongo's document version).
_IGNORED_KEYS = frozenset({"__v"})

# Per-model exceptions to the rule that the attribute name is the wire name. A subclass
# inherits its bases' renames and may override them.
_RENAMES: dict[type, dict[str, str]] = {
    TaskRecord: {"status": "current_status"},
    VoiceClone: {"audio_urls": "voice_urls", "enhance_similarity": "enhance_voice_similarity"},
    Avatar: {
        "background_color": "video_backgroud_color",
        "background_image_url": "video_backgroud_image",
        "eye_contact_result_url": "eyecontact_result_url",
        "lip_model": "wl_model",
        "silent": "isSilent",
        "has_voice_clone": "hasVoiceClone",
        "has_video_clone": "hasVideoClone",
        "has_eye_contact": "hasEyecontact",
        "skip_preview": "skipPreview",
        "to_public_pool": "isToPublicPool",
    },
    Watermark: {"font_size": "fontsize", "font_color": "fontcolor"},
    Background: {"image_url": "img_url"},
    Language: {"code": "value", "name": "label"},
    Quote: {"validated": "generationRequestValidated"},
    DetectedLanguage: {"code": "lang"},
    FaceSwapTask: {
        "initialized_at": "initialized_time",
        "processing_started_at": "processing_time",
        "completed_at": "completed_time",
    },
    VideoToVideoTask: {"prompt": "positive_prompt"},
    StreamingToken: {
        "app_id": "appId",
        "expires_at": "expire_epoch_timestamp",
        "expire_date": "expire_date_UTC",
    },
    Voice: {"id": "value", "name": "label"},
    VoiceGroup: {"key": "value", "name": "label", "voices": "children"},
    Anchor: {
        "cover_url": "video_cover",
        "people_image_url": "people_img",
        "base_video_url": "base_video",
    },
    Video: {
        "progress": "process",
        "result_url": "result",
        "message": "msg",
        "audio_url": "audioSrc",
        "audio_seconds": "audioLen",
        "width": "web_bg_width",
        "height": "web_bg_height",
        "people_width": "web_people_width",
        "people_height": "web_people_height",
        "people_x": "web_people_x",
        "people_y": "web_people_y",
        "dist_bg_width": "web_dist_bg_width",
        "dist_bg_height": "web_dist_bg_height",
        "dist_bg_x": "web_dist_bg_x",
        "dist_bg_y": "web_dist_bg_y",
        "background_image_url": "anchor_background_img",
        "background_color": "anchor_background_color",
        "background_id": "replace_bg_id",
        "custom_background_id": "custom_backs_id",
        "cover_url": "result_cover",
        "result_background_url": "result_bg_url",
        "skip_smart_motion": "isSkipRs",
        "deleted": "isDel",
        "lip_model": "wl_model",
        "elapsed_seconds": "diff_s",
        "server_date": "current_date",
        "caption": "captionAlign",
    },
}


# Fields A2E (or its callers) spell in several ways: attribute -> every wire name, the first
# one canonical. The first present, non-empty one is read; a model never fails on a spelling.
_ALIASES: dict[type, dict[str, tuple[str, ...]]] = {
    # part2 §1.4: face swap says faild_message / error_code; callers also see failed_message.
    TaskRecord: {
        "failed_code": ("failed_code", "error_code"),
        "failed_message": ("failed_message", "faild_message"),
    },
    # The catalog's newer families document no answer: their results are read under the
    # names A2E's documented families use (models/generated.py).
    GeneratedMedia: {"result_url": ("result_url", "result_video_url", "result_image_url")},
    GeneratedImages: {"result_url": ("result_url", "result_image_url")},
    # tts/preview/list documents no record (models/tts.py).
    TTSPreview: {
        "text": ("msg", "text"),
        "audio_url": ("audio_url", "url", "result_url"),
    },
    # part1 §7.7: three callers read uploadUrl, key, bucket, expiresIn; a fourth cdnUrl.
    PresignedUpload: {
        "upload_url": ("uploadUrl", "upload_url"),
        "public_url": ("cdnUrl", "cdn_url", "public_url"),
        "expires_in": ("expiresIn", "expires_in"),
    },
}

# Values that mean "no failure code": face swap's records say error_code "0" when fine.
_NO_CODE = frozenset({"0", ""})


def _lookup(table: dict[type, dict[str, Any]], cls: type) -> dict[str, Any]:
    own: dict[str, Any] = {}
    for klass in reversed((get_origin(cls) or cls).__mro__):  # Page[Video] is Page's
        own.update(table.get(klass, {}))
    return own


def wire_names(cls: type) -> dict[str, str]:
    """Attribute name -> wire name for every field of ``cls`` (the canonical one of an alias)."""
    own = _lookup(_RENAMES, cls)
    own.update((attr, names[0]) for attr, names in _lookup(_ALIASES, cls).items())
    return {a.name: own.get(a.name, _GLOBAL_RENAMES.get(a.name, a.name)) for a in attrs.fields(cls)}


def wire_spellings(cls: type) -> dict[str, str]:
    """Every wire key ``cls`` reads (aliases included) -> the attribute it fills."""
    found = {wire: attr for attr, wire in wire_names(cls).items()}
    for attr, names in _lookup(_ALIASES, cls).items():
        found.update((name, attr) for name in names)
    return found


def _read_aliases(aliases: dict[str, tuple[str, ...]]) -> Callable[[Any], Any]:
    """A pre-step that moves the first present spelling of each aliased field under its
    canonical wire name and drops the others."""

    def normalise(data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        for attr, names in aliases.items():
            found = None
            for name in names:
                value = data.pop(name, None)
                if found is None and value not in (None, ""):
                    found = value
            if attr == "failed_code" and str(found) in _NO_CODE:
                found = None
            if found is not None:
                data[names[0]] = found
        return data

    return normalise


# -- lenient scalar hooks ----------------------------------------------------------------
def _to_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


# The optional hooks test the exact type A2E usually sends first: decoding a 50-field model
# calls them about 40 times, on every status read of every task.
def _to_opt_str(value: Any, _: Any) -> str | None:
    if value.__class__ is str:
        return value or None
    return None if value is None or value == "" else _to_str(value, None)


def _to_int(value: Any, _: Any) -> int:
    if value.__class__ is str and value.isascii() and value.isdigit():
        return int(value)  # "1080": A2E's usual way of sending a number as text
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)  # inf raises OverflowError, nan ValueError: both become decode errors
    if isinstance(value, str):
        return int(float(value.strip()))
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _to_opt_int(value: Any, _: Any) -> int | None:
    if value.__class__ is int:
        return value
    return None if value is None or value == "" else _to_int(value, None)


def _to_float(value: Any, _: Any) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return float(value.strip())
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _to_opt_float(value: Any, _: Any) -> float | None:
    return None if value is None or value == "" else _to_float(value, None)


_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no", ""})


def _to_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise TypeError(f"expected a boolean, got {value!r}")


def _to_opt_bool(value: Any, _: Any) -> bool | None:
    return None if value is None else _to_bool(value, None)


# Parsed timestamps by their text: a task's createdAt and updatedAt come back unchanged on
# every status read, and parsing one costs as much as five plain fields. Datetimes are
# immutable, so sharing them is safe; the table is emptied when full.
_PARSED: dict[str, datetime] = {}
_PARSED_MAX = 4096


def _to_datetime(value: Any, _: Any) -> datetime:
    if value.__class__ is str:
        known = _PARSED.get(value)
        if known is not None:
            return known
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        parsed = _PARSED[value] = _parse_datetime(value)
        return parsed
    return _parse_datetime(value)


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # epoch seconds, or milliseconds when implausibly large
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    if isinstance(value, str):
        try:  # Python 3.11+ reads A2E's "...Z" form as it is, the cheap way
            parsed = datetime.fromisoformat(value)
        except ValueError:
            text = value.strip()
            if text.endswith("Z"):
                text = text[:-1] + "+00:00"
            parsed = datetime.fromisoformat(text)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    raise TypeError(f"expected a timestamp, got {type(value).__name__}")


def _to_opt_datetime(value: Any, _: Any) -> datetime | None:
    if value.__class__ is str:
        known = _PARSED.get(value)
        if known is not None:
            return known
    if value is None or value == "":
        return None
    try:
        return _to_datetime(value, None)
    except (TypeError, ValueError, OverflowError, OSError):
        # A timestamp A2E formats in a new way must not break a wait; it reads as unknown.
        return None


def _to_any_dict(value: Any, _: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return value
    raise TypeError(f"expected an object, got {type(value).__name__}")


def _to_str_tuple(value: Any, _: Any) -> tuple[str, ...]:
    # A2E sends null or "" for "no images yet" in places.
    if value is None or value == "":
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_to_str(item, None) for item in value)
    raise TypeError(f"expected a list of strings, got {type(value).__name__}")


def _to_opt_int_or_str(value: Any, _: Any) -> int | str | None:
    # Kept as sent: an id that is a number on the wire must stay one (Agora binds tokens to it).
    if value is None or value == "":
        return None
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected a number or a string, got {type(value).__name__}")


_SCALAR_HOOKS: list[tuple[Any, Callable[[Any, Any], Any]]] = [
    (str, _to_str),
    (str | None, _to_opt_str),
    (int, _to_int),
    (int | None, _to_opt_int),
    (float, _to_float),
    (float | None, _to_opt_float),
    (bool, _to_bool),
    (bool | None, _to_opt_bool),
    (datetime, _to_datetime),
    (datetime | None, _to_opt_datetime),
    (dict[str, Any] | None, _to_any_dict),
    (int | str | None, _to_opt_int_or_str),
]
# Parameterised generics are not classes, so these match by equality instead.
_GENERIC_HOOKS: list[tuple[Any, Callable[[Any, Any], Any]]] = [
    (tuple[str, ...], _to_str_tuple),
]


def _equals(type_: Any) -> Callable[[Any], bool]:
    return lambda candidate: bool(candidate == type_)


def literal_values(type_: Any) -> frozenset[Any] | None:
    """The values of a ``Literal`` type (or of a union of them), else ``None``."""
    origin = get_origin(type_)
    if origin is Literal:
        return frozenset(get_args(type_))
    if origin is Union or origin is types.UnionType:
        values: set[Any] = set()
        for member in get_args(type_):
            found = literal_values(member)
            if found is None:
                return None
            values |= found
        return frozenset(values)
    return None


def _literal_hook(type_: Any, *, strict: bool) -> Callable[[Any, Any], Any]:
    # A status A2E adds later must not break a wait: kept as sent. Strict mode (the tests
    # of A2E's documented examples) refuses it, so the Literal learns about it.
    known = literal_values(type_) or frozenset()
    if not strict:
        return _to_str

    def check(value: Any, _: Any) -> Any:
        if value not in known:
            raise ValueError(f"{value!r} is not one of the known values {sorted(known)}")
        return value

    return check


def _datetime_to_iso(value: datetime) -> str:
    return value.isoformat()


# The lenient hooks' usual case written inline by the flat-model fast path
# (_flat_structure.py); a model whose every field has one of the scalar hooks is "flat".
_INLINE: dict[Callable[[Any, Any], Any], str] = {
    _to_str: INLINE_STR,
    _to_opt_str: INLINE_OPT_STR,
    _to_int: INLINE_INT,
    _to_opt_int: INLINE_INT,
    _to_bool: INLINE_BOOL,
    _to_opt_bool: INLINE_BOOL,
}
_FLAT_HOOKS = frozenset(hook for _, hook in _SCALAR_HOOKS + _GENERIC_HOOKS)
# Hooks that read None as None: a field defaulting to None may read a missing key as None.
_NONE_SAFE = frozenset(
    {
        _to_opt_str,
        _to_opt_int,
        _to_opt_float,
        _to_opt_bool,
        _to_opt_datetime,
        _to_any_dict,
        _to_opt_int_or_str,
    }
)


def make_converter(
    *, strict: bool = False, renamed: bool = True, generated: bool = True
) -> Converter:
    """Build the converter; ``strict`` rejects wire keys that no model field declares.

    ``renamed=False`` builds the same converter keyed by attribute names instead of wire
    names (no renames, no alternative spellings), for the dicts ``Model.to_dict()`` returns.
    ``generated=False`` decodes flat models through cattrs' own functions instead of the
    generated fast path (the tests compare the two).
    """
    conv = Converter(detailed_validation=strict, forbid_extra_keys=strict)
    for type_, hook in _SCALAR_HOOKS:
        conv.register_structure_hook(type_, hook)
    for generic, hook in _GENERIC_HOOKS:
        conv.register_structure_hook_func(_equals(generic), hook)
    conv.register_structure_hook_factory(
        lambda t: literal_values(t) is not None,
        lambda t: _literal_hook(t, strict=strict),
    )
    conv.register_unstructure_hook(datetime, _datetime_to_iso)

    def overrides_for(cls: type) -> dict[str, Any]:
        if not renamed:
            return {}
        return {a: override(rename=w) for a, w in wire_names(cls).items() if a != w}

    def unstructure_hook(cls: type) -> Callable[[Any], Any]:
        fn: Callable[[Any], Any] = make_dict_unstructure_fn(cls, conv, **overrides_for(cls))
        return fn

    conv.register_unstructure_hook_factory(attrs.has, unstructure_hook)

    def model_hook(cls: type) -> Callable[[Any, Any], Any]:
        aliases = _lookup(_ALIASES, cls) if renamed else {}
        fast = None
        if generated and not strict:  # strict decoding keeps cattrs' checks
            names = wire_names(cls) if renamed else {a.name: a.name for a in attrs.fields(cls)}
            fast = flat_structure_fn(
                cls,
                hook_for=conv.get_structure_hook,
                wire_names=names,
                inline=_INLINE,
                flat=_FLAT_HOOKS.__contains__,
                none_safe=_NONE_SAFE,
            )
        if fast is not None:
            if not aliases:
                return fast  # it checks for an object itself
            normalise_first = _read_aliases(aliases)
            fast_fn = fast

            def fast_with_aliases(data: Any, type_: Any) -> Any:
                return fast_fn(normalise_first(data), type_)

            return fast_with_aliases
        structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=strict, **overrides_for(cls)
        )
        fn = structure
        if aliases:
            normalise = _read_aliases(aliases)

            def fn(data: Any, type_: Any) -> Any:
                return structure(normalise(data), type_)

        name = cls.__name__

        # cattrs' generated code only asks `key in data`, so a string or a list would decode
        # to a model of defaults (a balance of zero): a record must be an object.
        def object_fn(data: Any, type_: Any) -> Any:
            if data.__class__ is not dict and not isinstance(data, Mapping):
                raise TypeError(f"expected an object for {name}, got {type(data).__name__}")
            return fn(data, type_)

        if not strict:
            return object_fn

        def strict_fn(data: Any, type_: Any) -> Any:
            if isinstance(data, Mapping) and _IGNORED_KEYS & data.keys():
                data = {k: v for k, v in data.items() if k not in _IGNORED_KEYS}
            return object_fn(data, type_)

        return strict_fn

    conv.register_structure_hook_factory(attrs.has, model_hook)
    return conv


converter = make_converter()
python_converter = make_converter(renamed=False)
"""The same hooks keyed by attribute names: the form ``Model.to_dict()`` gives by default."""


_HOOKS: dict[type, Callable[[Any, Any], Any]] = {}

# What a payload of the wrong shape can raise inside the hooks; all become decode errors.
_SHAPE_ERRORS = (
    BaseValidationError,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
    OverflowError,
)


def _hook_for(cls: type) -> Callable[[Any, Any], Any]:
    # Fetched once per model: cattrs' dispatch is cheap, but not free on the hot path.
    hook = _HOOKS.get(cls)
    if hook is None:
        hook = _HOOKS[cls] = converter.get_structure_hook(cls)
    return hook


def decode(cls: type[T], data: Any, *, endpoint: str) -> T:
    """Structure ``data`` into ``cls``; a shape the model rejects is a ResponseDecodeError."""
    try:
        result: T = _hook_for(cls)(data, cls)
    except _SHAPE_ERRORS as exc:
        raise ResponseDecodeError(
            f"unexpected shape for {cls.__name__}: {exc}", endpoint=endpoint, raw=data
        ) from exc
    return result


def decode_created(cls: type[T], data: Any, *, endpoint: str, reference: str | None) -> T:
    """Structure the answer of a call that created work (A2E said ``code`` 0).

    A one-item array counts as its item (some start calls answer that way). Data that does
    not decode raises :class:`CreateDecodeError`: the job exists but its id is unknown, so
    the error carries ``reference`` (the title or name it was sent with) to find it by.
    """
    rows = data if isinstance(data, list) and len(data) == 1 else [data]
    return _created(cls, rows, raw=data, endpoint=endpoint, reference=reference)[0]


def decode_created_list(
    cls: type[T], rows: Any, *, endpoint: str, reference: str | None
) -> list[T]:
    """Like :func:`decode_created` for a call that may create several tasks: at least one
    record, each decoding, else :class:`CreateDecodeError`."""
    return _created(cls, rows, raw=rows, endpoint=endpoint, reference=reference)


def _created(cls: type[T], rows: Any, *, raw: Any, endpoint: str, reference: str | None) -> list[T]:
    hook = _hook_for(cls)
    try:
        if not isinstance(rows, list) or not rows:
            raise TypeError(f"expected at least one {cls.__name__}")
        return [hook(row, cls) for row in rows]
    except _SHAPE_ERRORS as exc:
        raise CreateDecodeError(
            f"its answer is not a {cls.__name__} ({exc})",
            endpoint=endpoint,
            raw=raw,
            reference=reference,
        ) from exc


def decode_list(cls: type[T], data: Any, *, endpoint: str) -> list[T]:
    """Structure a JSON array of ``cls`` records."""
    if not isinstance(data, list):
        raise ResponseDecodeError(
            f"expected a list of {cls.__name__}, got {type(data).__name__}",
            endpoint=endpoint,
            raw=data,
        )
    hook = _hook_for(cls)
    try:
        if len(data) == 1:  # a status read's answer: no comprehension to set up
            return [hook(data[0], cls)]
        return [hook(item, cls) for item in data]
    except _SHAPE_ERRORS as exc:
        raise ResponseDecodeError(
            f"unexpected shape for {cls.__name__}: {exc}", endpoint=endpoint, raw=data
        ) from exc


def encode(obj: Any, *, wire_names: bool = False) -> Any:
    """``obj`` (a model, or a list or dict of them) as JSON-ready data.

    Keys are attribute names, or A2E's wire names with ``wire_names=True``; datetimes become
    ISO 8601 strings, tuples lists.
    """
    return (converter if wire_names else python_converter).unstructure(obj)


def from_plain(cls: type[T], data: Any, *, wire_names: bool = False) -> T:
    """The inverse of :func:`encode`: ``data`` as a ``cls`` (lenient, like :func:`decode`).

    Raises ``ValidationError`` naming ``data`` for a shape the model rejects.
    """
    conv = converter if wire_names else python_converter
    # A generic model read without its parameter (``Page``) keeps its items as they are.
    params: tuple[Any, ...] = getattr(cls, "__parameters__", ())
    target: Any = cls[tuple(Any for _ in params)] if params else cls  # type: ignore[index]
    try:
        result: T = conv.structure(data, target)
    except _SHAPE_ERRORS as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ValidationError("data", f"not a {cls.__name__}: {detail}") from exc
    return result
