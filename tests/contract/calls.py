"""The sample calls the contract test makes: one or more valid calls per public method.

Edit here when a signature changes. Each :class:`Call` names ``"<area>.<method>"`` on
``A2EClient`` and its arguments; :class:`Ref` stands for an id the test creates first on the
emulator (a finished task, a background, an open streaming room; see ``conftest.WORLD``).
Requests are documented examples where A2E has them (``source``). Methods that send nothing
are in :data:`SENDS_NOTHING`; a public method in neither place fails the suite.

:data:`XFAIL` lists the calls that break a documented rule today, each with the issue item
that fixes it (or ``unfiled:`` and why); the test is ``xfail(strict=True)``, so a fixed SDK
makes it fail until its row is removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from a2e_async.models.product_avatar import ProductRect

__all__ = ["CALLS", "SENDS_NOTHING", "XFAIL", "Call", "Ref", "case_id"]


@dataclass(frozen=True)
class Ref:
    """An id made before the call: ``kind`` is a key of ``conftest.WORLD``."""

    kind: str


@dataclass(frozen=True)
class Call:
    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""
    source: str = ""


def case_id(call: Call) -> str:
    return f"{call.method}[{call.label}]" if call.label else call.method


# Documented request examples (tests/fixtures/requests.json), in Python names.
VIDEO_DOCUMENTED = {
    "title": "My first AI video",
    "anchor_id": "660556b3cd492168141926d3",
    "anchor_type": 1,
    "background_id": "62a6d3e56c209514b155b12b",
    "audio_url": "https://speech_cdn.ai-anchor.com/dubbing_stable/pyK1dvqcDKpKJo1IcEPm_9714_fr.mp3",
    "resolution": 1080,
    "canvas": (853, 480),
    "avatar_box": (270, 480, 292, 0),
    "skip_smart_motion": True,
    "captions": {
        "language": "en-US",
        "PrimaryColour": "rgba(247, 89, 171, 1)",
        "OutlineColour": "rgba(0, 0, 0, 1)",
        "BorderStyle": 4,
        "BackColour": "rgba(146, 84, 222, 1)",
        "FontName": "AaFengKuangYuanShiRen",
        "Fontsize": 50,
        "subtitle_position": 0.3,
    },
    # Not in the seed's example, though its msg field says captions need it.
    "spoken_text": "Bonjour, je suis votre avatar.",
}
VIDEO_MINIMAL = {
    "anchor_id": "660556b3cd492168141926d3",
    "anchor_type": 0,
    "audio_url": "https://cdn.example/voice.mp3",
}
VIDEO_BACKGROUND = {**VIDEO_MINIMAL, "background_id": "62a6d3e56c209514b155b12b"}
_CDN = "https://dh24as48lv9ce.cloudfront.net"
FACE = f"{_CDN}/adam2eve/beta/face_swap/ab2fca41-90e5-41a6-aa66-08a960b035e4.jpg"
TARGET = (
    f"{_CDN}/pbs_lite/stable/customer/645888fc89897e30c57e31f0/clipVideo/"
    "665d718eb8f6a5ee678aa392/1717400057881.mp4"
)
PREVIEW_TARGET = f"{_CDN}/marvel/test_case/FS/b197b5a6-2ceb-46ff-b42f-d60e85ce1fea.jpeg"
I2V = {
    "name": "Test name",
    "image_url": "https://example.com/524f2258-c5a0-4bb2-9003-5e4740a2d376.png",
    "prompt": "the person is speaking. Looking at the camera. detailed eyes, clear teeth, "
    "static view point, still background",
    "negative_prompt": "six fingers, bad hands, lowres, low quality, worst quality, "
    "moving view point, static image",
}
TALKING_VIDEO = {
    "name": "My Talking Video",
    "video_url": "https://prod-tos.avatar2everyone.com/adam2eve/stable/user_origin_avatar/"
    "20250119/efff01ef-804b-4fe3-b104-8c8790d2b51b.mp4",
    "audio_url": "https://7days-tos.a2e.com.cn/tts3party_cache/stable/el/"
    "stable_7e3e8c030260f0cc3fcfdd0d791d8917/526a79e7a6d3ffebbfbcddeb9e6bfb06.mp3",
    "duration": 5,
    "prompt": "Make this person smile and speak",
    "negative_prompt": "blurry, distorted",
}
TALKING_PHOTO = {
    "name": "My first AI Talking Photo",
    "image_url": "https://example.com/8857f31c-4873-4e12-aff3-dbc5640512e7.JPG",
    "audio_url": "https://example.com/zh.WAV",
    "duration": 3,
    "prompt": "speaking, looking at the camera, detailed eyes, clear teeth",
    "negative_prompt": "vivid colors, overexposed, flickering, blurry details, subtitles",
}
IMAGE_EDIT = {
    "name": "test",
    "edit_type": "product",
    "image_urls": [
        "https://example.com/AI_product/p_perfume.png",
        "https://example.com/AI_product/model2.jpg",
    ],
}
WATERMARK_MEDIA = (
    "https://example.com/adam2eve/stable/users/67c92cef3a40fdce8b119f26/video_result/"
    "6882f6eaa16849003b12c5e4/Untitled%20Video.mp4"
)
QA_TEXT = (
    'A2E stands for "Avatars to Everyone". Our mission is to democratize AI avatars. We are '
    "committed to providing the most economical, accessible, and flexible AI avatar solutions."
)
IMG = "https://cdn.example/person.png"
IMG2 = "https://cdn.example/cloth.png"
MP4 = "https://cdn.example/clip.mp4"
MP3 = "https://cdn.example/voice.mp3"
WEBHOOK = {"webhook_url": "https://hooks.example/a2e", "webhook_token": "tok"}
SEED = "D seed request example"


def _family(
    area: str,
    kind: str,
    start: Mapping[str, Any] | None,
    *,
    verb: str = "start",
    source: str = "",
    listed: bool = True,
    paged: bool = True,
    batched: bool = True,
    processing: bool = False,
    delete: str | None = "delete",
    rename: bool = False,
) -> list[Call]:
    """The reads, waits and deletes every task family shares, plus its start calls."""
    calls = [
        Call(f"{area}.get", (Ref(kind),)),
        Call(f"{area}.wait", (Ref(kind),)),
        Call(f"{area}.watch", (Ref(kind),)),
    ]
    if delete is not None:
        calls.append(Call(f"{area}.{delete}", (Ref(kind),)))
    if start is not None:
        calls += [
            Call(f"{area}.{verb}", kwargs=start, source=source),
            Call(f"{area}.{verb}_and_wait", kwargs=start, source=source),
        ]
    if listed:
        calls.append(Call(f"{area}.list"))
    if listed and paged:
        calls.append(Call(f"{area}.list_page", (1, 10)))
    if batched:
        calls.append(Call(f"{area}.get_many", ([Ref(kind)],)))
    if processing:
        calls.append(Call(f"{area}.list_processing"))
    if rename:
        calls.append(Call(f"{area}.rename", (Ref(kind), "renamed")))
    return calls


CALLS: list[Call] = [
    # -- videos ------------------------------------------------------------------------------
    Call("videos.generate", kwargs=VIDEO_DOCUMENTED, label="documented", source=SEED),
    Call("videos.generate", kwargs=VIDEO_MINIMAL, label="minimal"),
    Call(
        "videos.generate",
        kwargs={**VIDEO_BACKGROUND, "canvas": (853, 480), "avatar_box": (270, 480, 292, 0)},
        label="background with layout",
    ),
    Call(
        "videos.generate",
        kwargs={
            **VIDEO_MINIMAL,
            "captions": {"language": "en-US"},
            "spoken_text": "Hello there",
        },
        label="captions",
    ),
    Call(
        "videos.generate",
        kwargs={
            **VIDEO_MINIMAL,
            "title": "all options",
            "background_color": "rgba(0,0,0,1)",
            "background_image_url": IMG,
            "color": "rgba(255,255,255,1)",
            "to_public_pool": True,
            "skip_smart_motion": False,
            "extra_body": {"lip_model": "default"},
            **WEBHOOK,
        },
        label="options",
    ),
    Call("videos.generate_and_wait", kwargs=VIDEO_MINIMAL),
    Call("videos.get", (Ref("video"),), source="D seed request example (awsResult)"),
    Call("videos.detail", (Ref("video"),)),
    Call("videos.wait", (Ref("video"),)),
    Call("videos.watch", (Ref("video"),)),
    Call("videos.list"),
    Call("videos.list_page", (1, 20)),
    Call("videos.delete", (Ref("video"),)),
    Call("videos.detect_language", ("Good morning, everyone.",)),
    Call("videos.set_auto_public_pool", (True,)),
    Call("videos.list_anchors", kwargs={"type": "default"}),
    Call("videos.list_anchors", kwargs={"user_video_twin_id": Ref("avatar")}, label="one avatar"),
    Call("videos.list_available_anchors", kwargs={"web_type": "a2e"}),
    # -- tts -----------------------------------------------------------------------------------
    Call("tts.list_voices", kwargs={"country": "en", "region": "US"}),
    Call("tts.list_voices", kwargs={"locale": "en-US"}, label="locale"),
    Call(
        "tts.list_voices",
        kwargs={"country": "en", "region": "US", "locale": "en-US", "method": "POST"},
        label="POST",
    ),
    Call("tts.list_presets"),
    Call("tts.list_previews"),
    Call("tts.list_previews_page", (1, 20)),
    Call("tts.delete_preview", (Ref("tts_preview"),)),
    Call(
        "tts.generate",
        kwargs={
            "text": "Hello from a2e-async",
            "voice_id": "6625ebd4613f49985c349f95",
            "speech_rate": 1.2,
        },
    ),
    Call(
        "tts.generate",
        kwargs={"text": "Hello", "user_voice_id": Ref("speaker"), "country": "en", "region": "US"},
        label="cloned voice",
    ),
    Call(
        "tts.generate_long",
        ("One. Two. Three.",),
        {"voice_id": "6625ebd4613f49985c349f95", "max_chars": 8},
    ),
    # -- voices ------------------------------------------------------------------------------
    Call(
        "voices.train",
        kwargs={
            "audio_urls": [MP3],
            "name": "my voice",
            "gender": "female",
            "model": "a2e",
            "language": "en-US",
            "denoise": True,
            "enhance_similarity": True,
            "train_mode": "best",
            **WEBHOOK,
        },
    ),
    Call("voices.train_and_wait", kwargs={"audio_urls": [MP3], "name": "my voice"}),
    Call("voices.get", (Ref("voice_clone"),)),
    Call("voices.wait", (Ref("voice_clone"),)),
    Call("voices.watch", (Ref("voice_clone"),)),
    Call("voices.list"),
    Call("voices.list_completed", source="D docs request example"),
    Call("voices.list_training"),
    Call("voices.list_processing"),
    Call("voices.rename", (Ref("voice_clone"), "renamed")),
    Call("voices.delete", (Ref("voice_clone"),)),
    # -- avatars -----------------------------------------------------------------------------
    Call(
        "avatars.train",
        kwargs={
            "name": "dubbing demo",
            "gender": "female",
            "video_url": "http://XXXXX/cache/videoplayback%20%2816%29.mp4",
            "background_color": "rgb(61,165,82)",
        },
        label="documented",
        source=SEED,
    ),
    Call(
        "avatars.train",
        kwargs={
            "video_url": MP4,
            "name": "options",
            "background_image_url": IMG2,
            "model_version": "V2.1",
            "skip_preview": True,
            "to_public_pool": False,
        },
        label="video options",
    ),
    Call(
        "avatars.train",
        kwargs={
            "image_url": IMG,
            "name": "from image",
            "gender": "male",
            "background_color": "rgb(1,2,3)",
        },
        label="image",
    ),
    Call("avatars.train_and_wait", kwargs={"video_url": MP4, "name": "wait"}),
    Call("avatars.continue_training", (Ref("avatar"),), source=SEED),
    Call("avatars.continue_training_and_wait", (Ref("avatar"),)),
    Call("avatars.get", (Ref("avatar"),)),
    Call("avatars.wait", (Ref("avatar"),)),
    Call("avatars.watch", (Ref("avatar"),)),
    Call("avatars.list"),
    Call("avatars.list", kwargs={"status": "completed"}, label="status"),
    Call("avatars.list_page", (1, 10)),
    Call("avatars.list_training"),
    Call("avatars.list_processing"),
    Call("avatars.get_many", ([Ref("avatar")],)),
    Call("avatars.list_anchors", (Ref("avatar"),)),
    Call("avatars.remove", (Ref("avatar"),)),
    Call("avatars.list_all"),
    Call("avatars.upload_status"),
    Call("avatars.eye_contact", (Ref("avatar"),)),
    Call("avatars.list_custom"),
    Call("avatars.custom_tags"),
    Call("avatars.delete_custom", (Ref("custom_avatar"),)),
    Call("avatars.delete", (Ref("avatar"),)),
    # -- backgrounds, account, storage, tokens --------------------------------------------
    Call("backgrounds.list"),
    Call("backgrounds.list_custom"),
    Call("backgrounds.add", (IMG,), {"name": "blue"}),
    Call("backgrounds.add", ((b"\x89PNG fake", "bg.png"),), label="upload"),
    Call("backgrounds.delete", (Ref("background"),)),
    Call("backgrounds.random"),
    Call("account.credits"),
    Call("account.add_user", ("ann",)),
    Call("account.list_languages"),
    Call("account.list_languages", kwargs={"locale": "en-US"}, label="locale"),
    Call(
        "account.credits_history_page",
        (1, 10),
        {"consumption": False, "start": "2020-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"},
    ),
    Call("account.credits_history"),
    Call("account.quote", ("/api/v1/userImage2Video/start", {"image_url": I2V["image_url"]})),
    Call("storage.save_url", ("https://cdn.example/redirecting/clip.mp4",)),
    Call(
        "storage.presign",
        ("uploads/a.png",),
        {
            "content_type": "image/png",
            "content_length": 10,
            "expires_in": 600,
            "bucket": "3days-apac",
            "url_prefix": "mine",
            "cdn_domain": "cdn.example",
        },
    ),
    Call(
        "storage.presign",
        ("uploads/b.png",),
        {"expires_in": 60, "legacy": False},
        label="preferred",
    ),
    Call("storage.upload", (b"\x89PNG fake image",), {"filename": "a.png"}),
    Call(
        "storage.upload",
        (b"RIFF fake wav",),
        {"filename": "voice.wav", "public_url_template": "https://{bucket}.files.example/{key}"},
        label="template",
    ),
    Call(
        "storage.watermark",
        (WATERMARK_MEDIA,),
        {
            "text": "Generated by AI",
            "font_size": 48,
            "font_color": [255, 255, 255, 200],
            "position": "bottom_right",
            "scale_ratio": 1,
            "to_720p": False,
        },
        source="D docs request example",
    ),
    Call("tokens.generate", ("any string for your record",), source="D docs request example"),
    # -- face swap -----------------------------------------------------------------------------
    *_family(
        "face_swap",
        "face_swap",
        {"name": "xxxx", "face_url": FACE, "video_url": TARGET},
        source=SEED,
        processing=True,
    ),
    Call(
        "face_swap.start",
        kwargs={
            "face_url": IMG,
            "video_url": IMG2,
            "name": "v2",
            "cover_url": IMG,
            "model_version": "v2",
            **WEBHOOK,
        },
        label="options",
    ),
    Call("face_swap.add_face", (FACE,), source="D docs request example"),
    Call("face_swap.list_faces"),
    Call("face_swap.delete_face", (Ref("face_image"),)),
    Call(
        "face_swap.preview",
        kwargs={"face_url": FACE, "video_url": PREVIEW_TARGET},
        source="D docs request example",
    ),
    Call("face_swap.preview_and_wait", kwargs={"face_url": FACE, "video_url": PREVIEW_TARGET}),
    Call("face_swap.get_preview", (Ref("face_swap_preview"),)),
    Call("face_swap.wait_preview", (Ref("face_swap_preview"),)),
    Call("face_swap.watch_preview", (Ref("face_swap_preview"),)),
    # -- task families -------------------------------------------------------------------------
    *_family(
        "dubbing",
        "dubbing",
        {
            "source_url": MP4,
            "target_lang": "es",
            "source_lang": "en",
            "num_speakers": 1,
            "drop_background_audio": False,
            "name": "dub",
            **WEBHOOK,
        },
        batched=False,
        processing=True,
    ),
    *_family("image_to_video", "image_to_video", I2V, source=SEED),
    Call(
        "image_to_video.start",
        kwargs={
            "image_url": IMG,
            "model_type": "FLF2V",
            "end_image_url": IMG2,
            "model_version": "a2e-v2",
            "video_time": 10,
            "extend_prompt": False,
            "skip_face_enhance": True,
            "minor_suspected_skip": True,
            "video_length": 81,
            "mask_face": False,
            "lora": "lora1",
            **WEBHOOK,
        },
        label="options",
    ),
    Call("image_to_video.start_many", kwargs={**I2V, "number_of_images": 2}),
    Call(
        "image_to_video.extend_prompt",
        kwargs={
            "reference_id": "r1",
            "image_url": IMG,
            "prompt": "wave",
            "negative_prompt": "blur",
            "lang": "en",
            "max_length": 400,
            "template": "cinematic",
            "shot_count": 3,
            "with_audio": False,
        },
    ),
    Call(
        "image_to_video.extend_flf2v_prompt",
        kwargs={
            "reference_id": "r2",
            "image_url": IMG,
            "end_image_url": IMG2,
            "prompt": "turn",
            "negative_prompt": "blur",
        },
    ),
    Call("image_to_video.average_processing_time"),
    Call("image_to_video.queue_level"),
    Call("image_to_video.mark", (Ref("image_to_video"), "shared")),
    Call("image_to_video.mark", (Ref("image_to_video"), "downloaded"), label="downloaded"),
    Call("image_to_video.mark", (Ref("image_to_video"), "copied"), label="copied"),
    Call("image_to_video.start_many_and_wait", kwargs={**I2V, "number_of_images": 2}),
    *_family(
        "caption_removal",
        "caption_removal",
        {"source_url": MP4, "name": "cap", **WEBHOOK},
        processing=True,
    ),
    Call("caption_removal.retry", (Ref("caption_removal_failed"),)),
    *_family(
        "text_to_image",
        "text_to_image",
        {
            "prompt": "a sunset",
            "name": "t2i",
            "width": 1024,
            "height": 768,
            "model_type": "seedream",
            "input_images": [IMG],
            "aspect_ratio": "16:9",
            "max_images": 2,
            "skip_face_enhance": True,
            **WEBHOOK,
        },
    ),
    Call("text_to_image.quick_add_avatar", (Ref("text_to_image"),), {"gender": "female"}),
    *_family(
        "nano_banana",
        "nano_banana",
        {
            "prompt": "a banana",
            "name": "nb",
            "model": "nano-banana-2",
            "input_images": [IMG],
            "aspect_ratio": "1:1",
            "image_size": "2K",
            "google_search": True,
            "force_generate": True,
            **WEBHOOK,
        },
    ),
    Call(
        "nano_banana.list_page",
        (1, 10),
        {"extra_query": {"status": "completed"}},
        label="extra query",
    ),
    *_family("talking_photo", "talking_photo", TALKING_PHOTO, source=SEED),
    *_family("talking_video", "talking_video", TALKING_VIDEO, source=SEED),
    *_family(
        "try_on",
        "try_on",
        {
            "person_image_url": IMG,
            "clothing_image_url": IMG2,
            "name": "vto",
            "processing_timeout": 120,
            **WEBHOOK,
        },
    ),
    Call(
        "try_on.start",
        kwargs={
            "person_image_url": IMG,
            "clothing_image_url": IMG2,
            "person_mask_url": IMG,
            "clothing_mask_url": IMG2,
        },
        label="masks",
    ),
    *_family(
        "video_to_video",
        "video_to_video",
        {
            "image_url": IMG,
            "video_url": MP4,
            "prompt": "dance",
            "negative_prompt": "blur",
            "name": "v2v",
            "processing_timeout": 300,
            **WEBHOOK,
        },
    ),
    *_family(
        "product_avatar",
        "product_avatar",
        {
            "product_image_url": IMG,
            "person_image_url": IMG2,
            "product_rect": ProductRect(x=100, y=150, width=200, height=300, rotation=0, scale=1),
            "prompt": "holding it",
            "name": "pa",
            "processing_timeout": 120,
            **WEBHOOK,
        },
    ),
    *_family("image_edit", "image_edit", IMAGE_EDIT, source=SEED),
    Call(
        "image_edit.start",
        kwargs={**IMAGE_EDIT, "edit_type": "clothing", "processing_timeout": 60, **WEBHOOK},
        label="options",
    ),
    # -- the spec catalog's model families (SK) --------------------------------------------
    *_family(
        "gpt_image",
        "gpt_image",
        {
            "prompt": "a cat",
            "name": "g",
            "input_images": [IMG],
            "model": "gpt-image-2",
            "aspect_ratio": "16:9",
            "resolution": "2K",
            "force_generate": False,
            **WEBHOOK,
        },
    ),
    Call(
        "gpt_image.start",
        kwargs={"prompt": "a cat", "aspect_ratio": "3:2", "quality": "high"},
        label="gpt-image-1.5",
    ),
    *_family(
        "flux2",
        "flux2",
        {
            "prompt": "boxing",
            "name": "f",
            "input_images": [IMG, IMG2],
            "aspect_ratio": "match_input_image",
            "resolution": "2K",
            "force_generate": True,
            **WEBHOOK,
        },
    ),
    Call("flux2.list_page", (1, 10), {"status": "completed"}, label="status"),
    *_family(
        "qwen_image",
        "qwen_image",
        {
            "prompt": "a lake",
            "name": "q",
            "model": "qwen-image-3.0-pro",
            "input_images": [IMG],
            "size": "2048*1152",
            **WEBHOOK,
        },
        paged=False,
    ),
    *_family(
        "kling_image",
        "kling_image",
        {
            "prompt": "a fox",
            "name": "k",
            "input_images": [IMG],
            "aspect_ratio": "21:9",
            "resolution": "2k",
            "n": 2,
            **WEBHOOK,
        },
        paged=False,
    ),
    *_family(
        "kling_video",
        "kling_video",
        {
            "mode": "text-to-video",
            "prompt": "a sunset",
            "name": "kv",
            "version": "3.0",
            "model_version": "fast",
            "resolution": "1080p",
            "duration": "12",
            "aspect_ratio": "9:16",
            "sound": True,
            "negative_prompt": "blur",
            "seed": 12345,
            **WEBHOOK,
        },
        rename=True,
    ),
    Call(
        "kling_video.start",
        kwargs={
            "mode": "image-to-video",
            "prompt": "waves",
            "image_url": IMG,
            "end_image_url": IMG2,
            "quality_mode": "pro",
            "duration": "10",
        },
        label="end frame",
    ),
    Call(
        "kling_video.start",
        kwargs={
            "mode": "motion-control",
            "prompt": "dance",
            "image_url": IMG,
            "video_url": MP4,
            "character_orientation": "image",
            "version": "3.0",
            "duration": "8",
        },
        label="motion control",
    ),
    Call(
        "kling_video.start",
        kwargs={
            "mode": "text-to-video",
            "prompt": "a city",
            "version": "3.0",
            "quality_mode": "4k",
        },
        label="4k",
    ),
    *_family(
        "kling_omni",
        "kling_omni",
        {
            "prompt": "<<<image_1>>> walks in a park",
            "name": "ko",
            "image_list": [IMG],
            "mode": "pro",
            "duration": "10",
            "aspect_ratio": "1:1",
            "sound": True,
            "multi_shot": False,
            **WEBHOOK,
        },
        rename=True,
    ),
    Call(
        "kling_omni.start",
        kwargs={
            "multi_shot": True,
            "shot_type": "customize",
            "multi_prompt": [
                {"prompt": "wide shot", "duration": 2},
                {"prompt": "close", "duration": 3},
            ],
        },
        label="storyboard",
    ),
    *_family(
        "veo",
        "veo",
        {
            "prompt": "Two person street interview in New York City.",
            "name": "My Veo Video",
            "generation_type": "REFERENCE_2_VIDEO",
            "image_urls": [IMG],
            "model": "veo3",
            "aspect_ratio": "16:9",
            "watermark": "MyBrand",
            "seed": 12345,
            **WEBHOOK,
        },
        source="S-q request example",
    ),
    Call(
        "veo.start",
        kwargs={
            "prompt": "",
            "generation_type": "FIRST_AND_LAST_FRAMES_2_VIDEO",
            "image_urls": [IMG, IMG2],
        },
        label="frames",
    ),
    Call("veo.get_1080p", (Ref("veo"),)),
    *_family(
        "sora",
        "sora",
        {
            "prompt": "a dog runs",
            "name": "s",
            "model_type": "image-to-video",
            "image_urls": [IMG],
            "aspect_ratio": "portrait",
            "duration_seconds": "10",
            "quality": "high",
            **WEBHOOK,
        },
    ),
    Call("sora.start", kwargs={"prompt": "a dog", "model_type": "text-to-video"}, label="t2v"),
    *_family(
        "grok_video",
        "grok_video",
        {
            "model_type": "image-to-video",
            "model_version": "1.5",
            "prompt": "Bring the reference image to life with subtle, natural motion.",
            "name": "My Grok Video",
            "mode": "fun",
            "image_urls": [IMG2],
            "image_url": IMG,
            "aspect_ratio": "auto",
            "duration": "10",
            "nsfw_checker": True,
            **WEBHOOK,
        },
    ),
    Call("grok_video.start", kwargs={"prompt": "a cat"}, label="t2v"),
    *_family(
        "seedance",
        "seedance",
        {
            "prompt": "A girl holding a fox, the girl opens her eyes...",
            "name": "My Seedance Video",
            "mode": "image-to-video",
            "image_url": IMG,
            "end_image_url": IMG2,
            "duration": "10",
            "aspect_ratio": "9:16",
            "resolution": "480p",
            "camera_fixed": True,
            "generate_audio": True,
            **WEBHOOK,
        },
        batched=False,
        delete=None,
        source="S-q request example",
    ),
    *_family(
        "seedance2",
        "seedance2",
        {
            "prompt": "continue the scene",
            "name": "s2",
            "mode": "reference",
            "model_version": "2.5",
            "omni_reference_task_type": "extend",
            "reference_urls": [IMG],
            "video_urls": [MP4],
            "audio_urls": [MP3],
            "input_video_duration": 10.5,
            "duration": 20,
            "aspect_ratio": "adaptive",
            "resolution": "1080p",
            "generate_audio": False,
            "minor_suspected_skip": True,
            **WEBHOOK,
        },
        rename=True,
    ),
    Call(
        "seedance2.start",
        kwargs={"prompt": "a", "mode": "image-to-video", "image_url": IMG, "resolution": "4k"},
        label="image",
    ),
    Call(
        "seedance2.start",
        kwargs={
            "prompt": "a",
            "mode": "first-last-frames",
            "first_frame_url": IMG,
            "last_frame_url": IMG2,
            "model_version": "mini",
        },
        label="frames",
    ),
    *_family(
        "wan",
        "wan",
        {
            "prompt": "Make the person in the image wave their hand",
            "name": "My Wan Video",
            "model": "wan2.7-i2v",
            "task_type": "reference_image",
            "reference_media": [{"type": "image", "url": IMG}],
            "reference_image_urls": [IMG2],
            "negative_prompt": "blurry, distorted",
            "duration": "12",
            "resolution": "1080p",
            "ratio": "9:16",
            "enable_prompt_expansion": True,
            "multi_shots": True,
            "seed": 42,
            "audio": False,
            **WEBHOOK,
        },
    ),
    Call(
        "wan.start",
        kwargs={"prompt": "wave", "image_url": IMG, "audio_url": MP3, "duration": "10"},
        label="first frame",
    ),
    Call(
        "wan.start",
        kwargs={
            "prompt": "go on",
            "model": "wan2.7-i2v",
            "task_type": "video_extend",
            "first_clip_url": MP4,
            "last_frame_url": IMG,
            "duration": "15",
        },
        label="extend",
    ),
    Call(
        "wan.start",
        kwargs={
            "prompt": "recolour",
            "model": "wan2.7-i2v",
            "task_type": "video_edit",
            "edit_video_url": MP4,
            "duration": "8",
        },
        label="edit",
    ),
    *_family(
        "wan_spicy",
        "wan_spicy",
        {
            "prompt": "Animate the subject with smooth, cinematic motion.",
            "image_url": IMG,
            "resolution": "1080p",
            "duration": 12,
            "name": "sp",
            "model": "wan2.7-i2v-spicy",
            "negative_prompt": "blur",
            "audio_url": MP3,
            "prompt_extend": False,
            "seed": 3,
            "minor_suspected_skip": True,
            **WEBHOOK,
        },
    ),
    Call(
        "wan_spicy.start",
        kwargs={
            "prompt": "a",
            "image_url": IMG,
            "resolution": "480p",
            "duration": 8,
            "model": "wan2.2-i2v-spicy",
        },
        label="wan2.2",
    ),
    Call(
        "wan3.start",
        kwargs={
            "model": "wan3.0-video-prime",
            "mode": "reference",
            "prompt": "a walk",
            "media": [{"type": "reference_image", "url": IMG, "duration": 0}],
            "resolution": "1080P",
            "ratio": "adaptive",
            "duration": 5,
            "audio": True,
            "prompt_extend": False,
            "seed": 0,
            "watermark": False,
            "name": "w3",
            **WEBHOOK,
        },
        source="S-q request example",
    ),
    Call("wan3.start", kwargs={"prompt": "a walk"}, label="minimal"),
    *_family(
        "happyhorse",
        "happyhorse",
        {
            "mode": "i2v",
            "name": "hh",
            "model_version": "1.1",
            "image_url": IMG,
            "duration": "3",
            "resolution": "480P",
            "seed": 1,
            "watermark": False,
            "minor_suspected_skip": True,
            **WEBHOOK,
        },
    ),
    Call(
        "happyhorse.start",
        kwargs={
            "mode": "r2v",
            "prompt": "a",
            "reference_image_urls": [IMG],
            "model_version": "1.1",
            "ratio": "21:9",
        },
        label="r2v",
    ),
    Call(
        "happyhorse.start",
        kwargs={
            "mode": "video-edit",
            "prompt": "a",
            "edit_video_url": MP4,
            "reference_image_urls": [IMG],
            "input_video_seconds": 7.5,
            "audio_setting": "origin",
        },
        label="video-edit",
    ),
    Call(
        "happyhorse.start",
        kwargs={"mode": "t2v", "prompt": "a", "duration": "10", "resolution": "1080P"},
        label="t2v",
    ),
    *_family(
        "head_swap",
        "head_swap",
        {"image_url": IMG, "target_image_url": IMG2, "minor_suspected_skip": True, **WEBHOOK},
        source="S-q request example",
    ),
    *_family(
        "actor_swap",
        "actor_swap",
        {
            "image_url": IMG,
            "video_url": MP4,
            "name": "My Actor Swap",
            "prompt": "high quality, realistic",
            "negative_prompt": "blurry, distorted",
            "processing_timeout": 300,
            **WEBHOOK,
        },
        source="S-q request example",
    ),
    *_family(
        "photobook",
        "photobook",
        {
            "face_image_url": IMG,
            "name": "book",
            "location": "Paris",
            "clothing": "a red coat",
            "total_count": 8,
        },
    ),
    *_family(
        "think_sound",
        "think_sound",
        {
            "video_url": MP4,
            "name": "ts",
            "caption": "rain",
            "cot_description": "",
            "seed": 7,
            **WEBHOOK,
        },
    ),
    *_family("upscale", "upscale", {"source_url": IMG, "name": "up", **WEBHOOK}),
    # -- streaming -----------------------------------------------------------------------------
    Call("streaming.list_avatars"),
    Call("streaming.get_token", ("676e1f054c86ff839eae2cc3",), {"expire_seconds": 600}),
    Call("streaming.session", kwargs={"avatar_id": "676e1f054c86ff839eae2cc3"}),
    Call("streaming.set_context", (Ref("channel"), QA_TEXT), source="D docs request example"),
    Call("streaming.ask", (Ref("channel"), "hello"), source="D docs request example"),
    Call("streaming.speak", (Ref("channel"), "Welcome!")),
    Call("streaming.leave", (Ref("channel"),), source="D docs request example"),
]

SENDS_NOTHING: dict[str, str] = {}
"""Public methods that make no request (name → why)."""

XFAIL: dict[str, str] = {
    "caption_removal.retry": "unfiled: A2E's spec shows no body for userCaptionRemoval/retry "
    "(part2 §5.6); the SDK sends {_id}, a guess no document or caller backs",
}
"""Calls that break a documented rule today: case id → the issue item that fixes it."""
