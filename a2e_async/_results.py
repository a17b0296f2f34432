"""Where a finished task of each family keeps the files it produced.

One table for every consumer (``a2e ... --download``, ``a2e task wait --download`` and the
batch runner's downloads and exports), so they cannot disagree about a family. Each family
lists its result fields in order of preference; the first one holding a URL wins, which
keeps a family's inputs (``image_urls`` of try-on or image edit, say) out of its results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["result_fields", "result_urls"]

_ONE_FILE = ("result_url",)
_IMAGES = ("image_urls", "result_url")  # GeneratedImages.urls reads them in this order

_RESULT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "text_to_image": ("image_urls",),
    "nano_banana": ("image_urls",),
    "gpt_image": _IMAGES,
    "flux2": _IMAGES,
    "qwen_image": _IMAGES,
    "kling_image": _IMAGES,
    "photobook": _IMAGES,
    # Their image_urls are what the caller sent, unless A2E writes results there (undocumented).
    "try_on": ("result_image_url",),
    "product_avatar": ("result_image_url",),
    "image_edit": ("result_image_url",),
    "video_to_video": ("result_video_url",),
    # An image-mode avatar's result is its image; a video-mode one has only the preview.
    "avatar": ("image_result_url", "preview_result_url"),
    "voice_clone": (),
}


def result_fields(family: str) -> tuple[str, ...]:
    """The fields of ``family``'s task records that may hold its results, preferred first
    (``result_url`` for a family not listed)."""
    return _RESULT_FIELDS.get(family, _ONE_FILE)


def result_urls(family: str, task: Any) -> list[str]:
    """The result URLs of a finished task of ``family``: a model, or a mapping keyed by
    attribute names (a model's ``to_dict()``); empty when it has none."""
    for name in result_fields(family):
        value = task.get(name) if isinstance(task, Mapping) else getattr(task, name, None)
        found = [
            url
            for url in (value if isinstance(value, (list, tuple)) else [value])
            if isinstance(url, str) and url.startswith(("http://", "https://"))
        ]
        if found:
            return list(dict.fromkeys(found))
    return []
