"""The catalog families' parameter specs, checked without the network (``Spec.check``).

Each family's every field refuses values wrong for its type; each cross-field rule the spec's
prose states refuses the call it names and lets the valid neighbour through. Fields the prose
says A2E only ignores pass through (A2E's own examples send them).
"""

from __future__ import annotations

from typing import Any

import pytest

from a2e_async import A2EClient
from a2e_async._spec import Spec
from a2e_async.errors import ValidationError

from ..test_start_validation import bad_for_field
from .test_catalog_families import CASES, IMG, IMG2, MP3, MP4

CLIENT = A2EClient(api_key="sk_rules", base_url="http://127.0.0.1:9")
MISSING = object()


def spec_of(family: str) -> Spec:
    spec: Spec = getattr(CLIENT, family).start_calls["start"].spec
    return spec


STARTS = {**CASES, "wan3": {"prompt": "a walk"}}
# Values the generic table calls wrong that these fields take: seeds and Seedance 2's
# duration have no documented bounds; these texts may be empty (SK: Veo's prompt "can be
# empty", ThinkSound's caption and description default to "").
TAKEN = {
    ("kling_video", "seed"): -1_000_000,
    ("seedance2", "duration"): -1_000_000,
    ("think_sound", "seed"): -1_000_000,
    ("wan_spicy", "seed"): -1_000_000,
}
BLANK = {("veo", "prompt"), ("think_sound", "caption"), ("think_sound", "cot_description")}


def wrong_values(family: str, field: Any) -> list[Any]:
    values = [v for v in bad_for_field(field) if TAKEN.get((family, field.name)) != v]
    if (family, field.name) in BLANK:
        values = [v for v in values if not (isinstance(v, str) and not v.strip())]
    return values


@pytest.mark.parametrize(
    ("family", "name"),
    [(family, name) for family in sorted(STARTS) for name in spec_of(family).fields],
)
def test_every_field_refuses_wrong_values(family: str, name: str) -> None:
    """Each value wrong for a field's declared type is a ValidationError naming that field."""
    spec = spec_of(family)
    for value in wrong_values(family, spec.fields[name]):
        with pytest.raises(ValidationError) as info:
            spec.check({**STARTS[family], name: value})
        assert info.value.param == name, value


# (family, the call's parameters, the parameter refused; None: the call is valid)
RULES: list[tuple[str, dict[str, Any], str | None]] = [
    # GPT Image: 4K not at 1:1; 2K/4K need a ratio other than auto (SK prose).
    (
        "gpt_image",
        {"model": "gpt-image-2", "resolution": "4K", "aspect_ratio": "1:1"},
        "resolution",
    ),
    ("gpt_image", {"model": "gpt-image-2", "resolution": "2K"}, "resolution"),
    (
        "gpt_image",
        {"model": "gpt-image-2", "resolution": "2K", "aspect_ratio": "auto"},
        "resolution",
    ),
    ("gpt_image", {"model": "gpt-image-2", "resolution": "4K", "aspect_ratio": "16:9"}, None),
    # A2E ignores these outside their model: passed through.
    ("gpt_image", {"quality": "high", "model": "gpt-image-2"}, None),
    ("gpt_image", {"aspect_ratio": "16:9"}, None),
    ("qwen_image", {"size": "2048*2048"}, "size"),
    ("qwen_image", {"size": "2048*2048", "model": "qwen-image-3.0-pro"}, None),
    ("gpt_image", {"input_images": [IMG] * 17}, "input_images"),
    ("flux2", {"input_images": [IMG] * 9}, "input_images"),
    ("kling_image", {"n": 10}, "n"),
    # Kling video (S-q prose).
    ("kling_video", {"mode": "image-to-video"}, "image_url"),
    ("kling_video", {"mode": "motion-control", "image_url": IMG}, "video_url"),
    ("kling_video", {"model_version": "fast"}, "model_version"),
    (
        "kling_video",
        {
            "model_version": "fast",
            "version": "3.0",
            "mode": "motion-control",
            "image_url": IMG,
            "video_url": MP4,
        },
        "model_version",
    ),
    ("kling_video", {"quality_mode": "4k"}, "quality_mode"),
    (
        "kling_video",
        {"quality_mode": "4k", "version": "3.0", "model_version": "fast"},
        "quality_mode",
    ),
    ("kling_video", {"quality_mode": "4k", "version": "3.0"}, None),
    ("kling_video", {"duration": "7"}, "duration"),
    ("kling_video", {"duration": "7", "version": "3.0"}, None),
    ("kling_video", {"sound": True}, "sound"),
    ("kling_video", {"sound": True, "quality_mode": "pro"}, None),
    (
        "kling_video",
        {
            "mode": "image-to-video",
            "image_url": IMG,
            "end_image_url": IMG2,
            "quality_mode": "pro",
            "sound": True,
        },
        "end_image_url",
    ),
    (
        "kling_video",
        {
            "mode": "motion-control",
            "image_url": IMG,
            "video_url": MP4,
            "character_orientation": "image",
            "version": "3.0",
            "duration": "12",
        },
        "duration",
    ),
    # Kling Omni: prompt unless a custom storyboard; shots add up to the duration.
    ("kling_omni", {"prompt": MISSING}, "prompt"),
    ("kling_omni", {"multi_shot": True}, "shot_type"),
    ("kling_omni", {"multi_shot": True, "shot_type": "customize"}, "multi_prompt"),
    (
        "kling_omni",
        {
            "prompt": MISSING,
            "multi_shot": True,
            "shot_type": "customize",
            "multi_prompt": [{"prompt": "a", "duration": 2}],
        },
        "multi_prompt",
    ),
    (
        "kling_omni",
        {
            "prompt": MISSING,
            "multi_shot": True,
            "shot_type": "customize",
            "multi_prompt": [{"prompt": "a", "duration": 2}, {"prompt": "b", "duration": 3}],
        },
        None,
    ),
    (
        "kling_omni",
        {"multi_shot": True, "shot_type": "customize", "multi_prompt": [{"duration": 5}]},
        "multi_prompt",
    ),
    ("kling_omni", {"image_list": [IMG] * 8}, "image_list"),
    # Veo: frames and references need images, text-only takes none.
    ("veo", {"generation_type": "REFERENCE_2_VIDEO"}, "image_urls"),
    ("veo", {"image_urls": [IMG]}, "image_urls"),
    (
        "veo",
        {"generation_type": "FIRST_AND_LAST_FRAMES_2_VIDEO", "image_urls": [IMG] * 3},
        "image_urls",
    ),
    ("veo", {"generation_type": "REFERENCE_2_VIDEO", "image_urls": [IMG] * 3}, None),
    ("veo", {"seed": 9999}, "seed"),
    # Sora: image to video (the default) needs images.
    ("sora", {"image_urls": MISSING}, "image_urls"),
    ("sora", {"image_urls": MISSING, "model_type": "text-to-video"}, None),
    # Grok.
    ("grok_video", {"prompt": MISSING}, "prompt"),
    ("grok_video", {"model_type": "image-to-video"}, "image_urls"),
    ("grok_video", {"model_type": "image-to-video", "image_url": IMG}, None),
    ("grok_video", {"model_version": "1.5"}, "model_version"),
    ("grok_video", {"aspect_ratio": "auto"}, "aspect_ratio"),
    ("grok_video", {"aspect_ratio": "4:3"}, "aspect_ratio"),
    ("grok_video", {"model_type": "image-to-video", "image_url": IMG, "aspect_ratio": "4:3"}, None),
    # Seedance 1.5 and 2.x.
    ("seedance", {"mode": "image-to-video"}, "image_url"),
    ("seedance", {"end_image_url": IMG}, "image_url"),
    ("seedance2", {"mode": "image-to-video"}, "image_url"),
    ("seedance2", {"mode": "first-last-frames", "first_frame_url": IMG}, "last_frame_url"),
    ("seedance2", {"resolution": "4k", "model_version": "fast"}, "resolution"),
    ("seedance2", {"resolution": "1080p", "model_version": "mini"}, "resolution"),
    ("seedance2", {"resolution": "4k"}, None),
    ("seedance2", {"duration": 20}, "duration"),
    ("seedance2", {"duration": 20, "model_version": "2.5"}, None),
    ("seedance2", {"mode": "reference", "reference_urls": [IMG] * 10}, "reference_urls"),
    ("seedance2", {"mode": "reference", "audio_urls": [MP3]}, "audio_urls"),
    ("seedance2", {"mode": "reference", "audio_urls": [MP3], "model_version": "2.5"}, None),
    (
        "seedance2",
        {
            "mode": "reference",
            "model_version": "2.5",
            "omni_reference_task_type": "edit",
            "video_urls": [MP4, MP4],
        },
        "video_urls",
    ),
    ("seedance2", {"input_video_duration": 50}, "input_video_duration"),
    # Wan 2.x: each task type's media; only wan2.7-i2v has more than first_frame.
    ("wan", {"image_url": MISSING}, "image_url"),
    ("wan", {"task_type": "text_to_video", "image_url": MISSING}, "task_type"),
    ("wan", {"task_type": "text_to_video", "model": "wan2.7-i2v"}, "image_url"),
    ("wan", {"task_type": "text_to_video", "model": "wan2.7-i2v", "image_url": MISSING}, None),
    ("wan", {"task_type": "first_last_frame", "model": "wan2.7-i2v"}, "last_frame_url"),
    (
        "wan",
        {"task_type": "video_extend", "model": "wan2.7-i2v", "image_url": MISSING},
        "first_clip_url",
    ),
    (
        "wan",
        {"task_type": "reference_image", "model": "wan2.7-i2v", "image_url": MISSING},
        "reference_media",
    ),
    ("wan", {"duration": "15"}, "duration"),
    ("wan", {"duration": "15", "model": "wan2.7-i2v"}, None),
    ("wan", {"reference_media": [{"url": IMG}] * 6}, "reference_media"),
    ("wan", {"seed": -1}, "seed"),
    (
        "wan",
        {
            "task_type": "video_edit",
            "model": "wan2.7-i2v",
            "image_url": MISSING,
            "edit_video_url": MP4,
            "reference_image_urls": [IMG] * 4,
        },
        "reference_image_urls",
    ),
    # Wan Spicy: per-model resolution and duration; 2.7-only fields.
    ("wan_spicy", {"resolution": "480p"}, "resolution"),
    ("wan_spicy", {"model": "wan2.2-i2v-spicy", "duration": 6}, "duration"),
    (
        "wan_spicy",
        {"model": "wan2.2-i2v-spicy", "resolution": "1080p", "duration": 8},
        "resolution",
    ),
    (
        "wan_spicy",
        {"model": "wan2.2-i2v-spicy", "duration": 8, "negative_prompt": "x"},
        "negative_prompt",
    ),
    ("wan_spicy", {"duration": 16}, "duration"),
    # HappyHorse: each mode's inputs; 1.0's limits.
    ("happyhorse", {"prompt": MISSING}, "prompt"),
    ("happyhorse", {"mode": "i2v", "prompt": MISSING}, "image_url"),
    ("happyhorse", {"mode": "i2v", "prompt": MISSING, "image_url": IMG}, None),
    ("happyhorse", {"mode": "r2v"}, "reference_image_urls"),
    ("happyhorse", {"mode": "video-edit"}, "edit_video_url"),
    (
        "happyhorse",
        {"mode": "video-edit", "edit_video_url": MP4, "reference_image_urls": [IMG] * 6},
        "reference_image_urls",
    ),
    ("happyhorse", {"duration": "4"}, "duration"),
    ("happyhorse", {"duration": "4", "model_version": "1.1"}, None),
    ("happyhorse", {"resolution": "480P"}, "resolution"),
    ("happyhorse", {"ratio": "4:5"}, "ratio"),
    ("happyhorse", {"ratio": "4:5", "model_version": "1.1"}, None),
    # A2E's own example sends audio_setting with t2v: passed through.
    ("happyhorse", {"audio_setting": "auto"}, None),
    # Media tools.
    ("think_sound", {"video_url": "https://cdn.example/clip.webm"}, "video_url"),
    ("think_sound", {"video_url": ("data", "clip.MOV")}, None),
    ("photobook", {"total_count": 5}, "total_count"),
    ("actor_swap", {"processing_timeout": 0}, "processing_timeout"),
]


@pytest.mark.parametrize(("family", "change", "refused"), RULES, ids=lambda v: str(v)[:30])
def test_catalog_rules(family: str, change: dict[str, Any], refused: str | None) -> None:
    """Each rule of the spec's prose refuses its call naming the parameter; its valid
    neighbour passes."""
    params = {**STARTS[family], **change}
    params = {key: value for key, value in params.items() if value is not MISSING}
    if params.get("video_url") == ("data", "clip.MOV"):
        params["video_url"] = (b"data", "clip.MOV")
    if refused is None:
        spec_of(family).check(params)
        return
    with pytest.raises(ValidationError) as info:
        spec_of(family).check(params)
    assert info.value.param == refused


async def test_wan3_nests_its_body_as_a2e_s_example() -> None:
    """Wan 3.0's flat parameters become A2E's ``input`` / ``parameters`` objects; ``model``
    is sent even when not given (A2E requires it)."""

    async def no_upload(name: str, values: Any) -> list[str]:
        raise AssertionError("nothing to upload")

    body = await spec_of("wan3").body(
        {"prompt": "a walk", "media": [{"type": "first_frame", "url": IMG}], "duration": 5,
         "resolution": "720P", "watermark": False, "name": "w"},
        no_upload,
    )  # fmt: skip
    assert body == {
        "name": "w",
        "model": "wan3.0-video",
        "input": {"prompt": "a walk", "media": [{"type": "first_frame", "url": IMG}]},
        "parameters": {"resolution": "720P", "duration": 5, "watermark": False},
    }
