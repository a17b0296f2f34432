"""One module per API area, named like the SDK's resources; each exposes ``routes``.

Limits. The emulator refuses only what A2E documents as invalid; every bound a handler declares
traces to a document (tags as in ``shared/a2e-api``: D docs page, SK/S-q A2E's spec, C×n
callers). Kept, with their source:

- ``video/generate``: ``title`` <= 40 (SK); ``anchor_type`` 0 or 1 (SK prose); ``audioSrc`` or
  ``custom_voice`` (SK); not both backgrounds, code 30005 (SK); captions need ``msg`` and a
  background needs the ``web_*`` layout (D seed, part1 §4.1).
- ``send_tts``: ``msg`` <= 1000 for API users (S-q, SK prose; the schema says 3000),
  ``speechRate`` 0.5-2 and ``type`` values (SK); ``country``/``region`` with a cloned voice (D).
- Start calls: every ``required``, allowed value, range and item count of A2E's spec (SK):
  image to video, text to image, Nano Banana, face swap, voice clone, talking photo / video,
  try-on, product avatar, image edit, caption removal; ``webhook_url`` <= 2048 and
  ``webhook_token`` <= 256 (SK); ``set-qa-context`` text <= 5000 (D 12731082); presign
  ``key`` required and ``expiresIn`` >= 60 (SK); ``fontcolor`` is ``[R, G, B, A]`` (D).
- The spec catalog's model families (SK; cross-field rules from its prose, read in a public
  copy of the full reference, S-q): every ``required``, allowed value, range and item count
  of GPT Image, Flux 2, Qwen image, Kling image / video / Omni, Veo, Sora, Grok, Seedance
  1.5 / 2.x, Wan 2.x / Spicy / 3.0, HappyHorse, head swap, actor swap, photobook, ThinkSound
  and upscale; ``batchDetail`` <= 200 ids where the catalog states it (Qwen, Kling image,
  Kling Omni, HappyHorse, Seedance 2.x); each mode's required media (Kling video, Veo, Sora,
  Grok, Seedance, Wan 2.7's task types and ``wan2.7-i2v`` for all but ``first_frame``,
  HappyHorse's modes and reference counts, Wan Spicy's per-model resolution and duration,
  Grok 1.5 image-to-video only, Kling Omni's storyboard, Qwen's 2K sizes, ThinkSound's video
  formats); no delete of a running head swap or photobook (SK); Veo's 1080p only of 16:9.
  Their paging: ``page``/``page_size`` (GPT Image, Flux 2), none (Qwen, Kling image). Helpers
  in covered areas: prompt extensions' required fields and ``template`` values, TTS previews
  ``current`` >= 1 and ``pageSize`` 1-100, ``anchor/list`` ``web_type`` values (SK).
- Pages: ``pageNum`` >= 1 (1-based, part2 §1.5); ``pageSize`` >= 1 (SK min 1; below 1 a page
  is meaningless, the emulator's pick) and <= 100 on task-record lists (part2 §1.5,
  families.md); input URLs are http(s) without spaces (D, part1 §1.8); ids are 24-hex
  ObjectIds (D; SK documents "Invalid ID format" errors).

Removed as undocumented: agora-token ``expire_seconds`` 60-86,400; watermark ``fontsize``
1-1000, ``position`` values, ``scale_ratio`` 0.01-10, ``text`` <= 500, ``watermark_type``
values; text-to-image ``width``/``height`` 64-4,096; dubbing ``num_speakers`` 1-32; the
``timeout`` >= 1 of try-on, motion transfer, product avatar, image edit; ``product_rect``
key checks; ``video/generate`` ``resolution`` >= 1 and ``web_*`` >= 0; presign ``key`` <= 512,
``file_extension`` <= 16, sizes >= 0; ``batchDetail`` <= 200 ids (stated only for other
families); ``user/add`` ``username`` <= 64; startTraining ``gender`` and ``character_list``
``type`` values; the 100 cap on ``awsList`` and ``creditsHistory`` page sizes.
"""

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
    image_models,
    image_to_video,
    kling,
    media_tools,
    nano_banana,
    product_avatar,
    seedance,
    storage,
    streaming,
    talking_photo,
    talking_video,
    text_to_image,
    tokens,
    try_on,
    tts,
    video_models,
    video_to_video,
    videos,
    voices,
    wan,
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
    image_models,
    kling,
    seedance,
    video_models,
    wan,
    media_tools,
)
