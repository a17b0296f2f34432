"""Checks that run before anything is sent; each failure names the Python parameter."""

from __future__ import annotations

import ipaddress
import math
import re
import secrets
from collections.abc import Collection
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlsplit

from ..errors import ValidationError

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "check_api_path",
    "check_bool",
    "check_choice",
    "check_color",
    "check_int",
    "check_number",
    "check_text",
    "check_url",
    "has_surrogates",
    "job_name",
    "opt_text",
    "path_id",
    "put",
    "secure_or_loopback",
    "url_scheme",
]

T = TypeVar("T")

_BAD_ID_CHARS = re.compile(r"[/?#%\s\\]")
# Ids as A2E mints them (hex ObjectIds, uuids): valid and unchanged by quote(), so a status
# read of such an id skips the slower checks.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.-]{1,128}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
"""Integers outside a signed 64-bit range are refused: orjson cannot send them and A2E's
services (JavaScript, MongoDB) cannot hold them."""
_COLOR = re.compile(
    r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}"
    r"|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+|1\.0+)\s*)?\))$"
)


def check_text(
    name: str, value: Any, *, max_length: int | None = None, required: bool = True
) -> str:
    """A non-blank string, at most ``max_length`` characters, encodable as UTF-8."""
    if not isinstance(value, str):
        raise ValidationError(name, f"must be a string, got {type(value).__name__}")
    if not value.isascii() and has_surrogates(value):
        raise ValidationError(name, "contains a lone surrogate (not valid Unicode text)")
    if required and not value.strip():
        raise ValidationError(name, "must not be empty")
    if max_length is not None and len(value) > max_length:
        raise ValidationError(name, f"is {len(value)} characters; at most {max_length} allowed")
    return value


def has_surrogates(value: str) -> bool:
    """Whether ``value`` holds a lone surrogate, which no JSON encoder or URL can carry."""
    return _SURROGATE.search(value) is not None


def url_scheme(value: str) -> str:
    """The scheme of a URL-like string, lower-cased (``""`` if none); never raises."""
    found = _SCHEME.match(value)
    return found.group(1).lower() if found else ""


def opt_text(name: str, value: Any, *, max_length: int | None = None) -> str | None:
    """``None``, or a non-blank string of at most ``max_length`` characters."""
    return None if value is None else check_text(name, value, max_length=max_length)


def job_name(name: Any, *, param: str = "name", max_length: int | None = None) -> str:
    """``name`` checked, or a unique ``a2e-<hex>`` when ``None``.

    Every create call is sent with a name so that one whose outcome is unknown can be found
    again in the family's list (``OutcomeUnknownError.reference``).
    """
    if name is None:
        return f"a2e-{secrets.token_hex(6)}"
    return check_text(param, name, max_length=max_length)


def path_id(name: str, value: Any) -> str:
    """An id that is safe to put in a URL path (no ``/``, ``?``, ``#``, ``%`` or spaces, and
    not ``.`` or ``..``, which would climb out of the resource's path)."""
    if isinstance(value, str) and _PLAIN_ID.fullmatch(value) and value.strip(".") != "":
        return value
    value = check_text(name, value, max_length=128)
    if _BAD_ID_CHARS.search(value) or value.strip(".") == "":
        raise ValidationError(name, f"is not a valid id: {value!r}")
    return quote(value, safe="")


def check_url(name: str, value: Any) -> str:
    """An absolute http(s) URL without spaces (A2E rejects spaces and follows no redirects)."""
    url = check_text(name, value, max_length=2048)
    if any(c.isspace() for c in url):
        raise ValidationError(name, "must not contain spaces (A2E rejects them)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as exc:  # e.g. "http://[::1/a.mp3": an unclosed IPv6 bracket
        reason = str(exc)
    else:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValidationError(name, f"must be an http(s) URL, got {url!r}")
        return url
    raise ValidationError(name, f"is not a valid URL ({reason}): {url!r}")


def secure_or_loopback(url: str) -> bool:
    """Whether ``url`` is https, or plain http to a loopback host (127.0.0.1, ::1, localhost):
    a receiver on this machine (tests, local development) needs no certificate."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    host = parts.hostname or ""
    if parts.scheme != "http":
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_api_path(name: str, value: Any) -> str:
    """An absolute A2E API path (``/api/...``), without dot segments, plain or encoded.

    ``/api/v1/../../_emulator/reset`` would leave the API once the server resolves it.
    """
    path = check_text(name, value, max_length=2048)
    if not path.startswith("/api/") or "://" in path or "\\" in path:
        raise ValidationError(name, f"must be an API path such as /api/v1/..., got {path!r}")
    route = path.split("?", 1)[0].split("#", 1)[0]
    for segment in route.split("/"):
        decoded = unquote(segment)
        while decoded != segment:  # %252e%252e decodes twice to ..
            segment, decoded = decoded, unquote(decoded)
        if decoded in (".", "..") or "/" in decoded or "\\" in decoded:
            raise ValidationError(name, f"must not contain dot segments or encoded '/': {path!r}")
    return path


def check_int(
    name: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """A whole number within bounds (booleans are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(name, f"must be an integer, got {type(value).__name__}")
    _check_64_bits(name, value)
    _check_range(name, value, minimum, maximum)
    return value


def _check_64_bits(name: str, value: int) -> None:
    if not INT_MIN <= value <= INT_MAX:
        raise ValidationError(name, "is outside the 64-bit integer range")


def check_number(
    name: str, value: Any, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    """A finite number within bounds (booleans are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(name, f"must be a number, got {type(value).__name__}")
    if isinstance(value, int):
        _check_64_bits(name, value)
    elif not math.isfinite(value):
        raise ValidationError(name, "must be a finite number")
    _check_range(name, value, minimum, maximum)
    return value


def _check_range(name: str, value: float, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValidationError(name, f"must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValidationError(name, f"must be <= {maximum}, got {value}")


def check_bool(name: str, value: Any) -> bool:
    """A real boolean."""
    if not isinstance(value, bool):
        raise ValidationError(name, f"must be True or False, got {value!r}")
    return value


def check_choice(name: str, value: T, allowed: Collection[T]) -> T:
    """One of ``allowed``."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValidationError(name, f"must be one of {options}; got {value!r}")
    return value


def check_color(name: str, value: Any) -> str:
    """A CSS colour A2E understands: ``#rgb``, ``#rrggbb``, ``rgb(...)`` or ``rgba(...)``."""
    color = check_text(name, value, max_length=64).strip()
    if not _COLOR.match(color):
        raise ValidationError(name, f"is not a colour like '#00ff00' or 'rgb(0,255,0)': {color!r}")
    return color


def put(body: dict[str, Any], wire: str, value: Any) -> None:
    """Set ``body[wire]`` unless ``value`` is ``None`` (A2E applies its own default then)."""
    if value is not None:
        body[wire] = value
