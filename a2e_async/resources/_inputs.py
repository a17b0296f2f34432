"""Media inputs of the creative families: every one is checked before anything is uploaded."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..errors import ValidationError
from ._base import MediaInput, Resource, _check_media

__all__ = ["media_list", "resolve_media"]


async def resolve_media(
    resource: Resource,
    inputs: Mapping[str, MediaInput | None],
    *,
    optional: Collection[str] = (),
) -> dict[str, str]:
    """URLs for the given ``{param: media}``, uploading local files first.

    Inputs named in ``optional`` may be ``None`` (and are skipped); the others are required.
    All are validated before anything is uploaded, so a bad second input fails first.
    """
    for param, value in inputs.items():
        if value is None and param not in optional:
            raise ValidationError(param, "is required")
    given = {param: value for param, value in inputs.items() if value is not None}
    for param, value in given.items():
        _check_media(param, value)
    return {param: await resource._media_url(param, value) for param, value in given.items()}


def media_list(
    param: str, values: Sequence[MediaInput], *, minimum: int, maximum: int | None = None
) -> list[MediaInput]:
    """A list of media inputs with a documented item count."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValidationError(param, "must be a list of URLs, paths or (bytes, filename)")
    items = list(values)
    if len(items) < minimum:
        raise ValidationError(param, f"needs at least {minimum} items, got {len(items)}")
    if maximum is not None and len(items) > maximum:
        raise ValidationError(param, f"takes at most {maximum} items, got {len(items)}")
    return items
