"""One module per API area, named like the SDK's resources; each exposes ``routes``."""

from __future__ import annotations

from types import ModuleType

from . import (
    account,
    avatars,
    backgrounds,
    caption_removal,
    dubbing,
    face_swap,
    image_edit,
    image_to_video,
    nano_banana,
    product_avatar,
    storage,
    streaming,
    talking_photo,
    talking_video,
    text_to_image,
    tokens,
    try_on,
    tts,
    video_to_video,
    videos,
    voices,
)

__all__ = ["MODULES"]

MODULES: tuple[ModuleType, ...] = (
    videos,
    tts,
    voices,
    avatars,
    backgrounds,
    account,
    storage,
    tokens,
    face_swap,
    dubbing,
    image_to_video,
    caption_removal,
    text_to_image,
    nano_banana,
    talking_photo,
    talking_video,
    try_on,
    video_to_video,
    product_avatar,
    image_edit,
    streaming,
)
