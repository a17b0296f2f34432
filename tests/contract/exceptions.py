"""THE table of exceptions to A2E's spec catalog (``operations.json``, [SK]).

A row names a path the spec lacks (``key=None``), a key it lacks, or a key a higher-trust
source describes differently (``seed_wins=True``: the seed docs page or a [D] page beats the
spec, as the trust order in ``shared/a2e-api/README.md`` says). Each row carries its source tag
and a reference into the reference docs (``part1``/``part2`` sections, docs page ids, caller
file ids). Tags: ``seed`` (the seed pages' examples), ``D`` (docs page), ``S``/``S-q`` (A2E's
spec read directly or as quoted), ``C×n`` (n agreeing public callers), ``C?`` (one caller: a
lead, allowed only for calls the SDK marks unverified).

Rows backed only by callers (``C×n``) fill what the spec leaves out (it documents no body for
``startDubbing``, for instance); they record what people send, not what A2E promises. A key
that rests on one caller fails the contract: such calls are listed in ``calls.XFAIL``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXCEPTIONS", "Row"]


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    key: str | None
    source: str
    reference: str
    where: str = "body"
    type: str = "string"
    required: bool = False
    allowed: tuple[object, ...] | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    seed_wins: bool = False
    note: str = ""


_P1, _P2 = "part1", "part2"
_SEED = "seed"
_WEB = ("web_bg_width", "web_bg_height", "web_people_width", "web_people_height")
_SIX = (*_WEB, "web_people_x", "web_people_y")
_GENERATE = "/api/v1/video/generate"
_TWIN = "/api/v1/userVideoTwin/startTraining"
_DUB = "/api/v1/userDubbing/startDubbing"
_WATERMARK = "/api/v1/watermark/start"
_STREAM = "/api/v1/streaming-avatar"

EXCEPTIONS: tuple[Row, ...] = (
    # -- video/generate: the seed page wins over the spec ---------------------------------
    *(
        Row(
            "POST",
            _GENERATE,
            key,
            _SEED,
            f"{_P1} §4.1 (docs page 12138800): required",
            type="integer",
            required=True,
            seed_wins=True,
            note="spec: optional number, default 0; seed: required ('set this to 0' without "
            "background matting)",
        )
        for key in _SIX
    ),
    Row(
        "POST",
        _GENERATE,
        "resolution",
        _SEED,
        f"{_P1} §4.1: required, e.g. 720, 1080",
        type="integer",
        required=True,
        seed_wins=True,
        note="spec: optional number, default 1080",
    ),
    Row(
        "POST",
        _GENERATE,
        "audioSrc",
        _SEED,
        f"{_P1} §4.1: required",
        required=True,
        seed_wins=True,
        note="spec: audioSrc or custom_voice",
    ),
    Row(
        "POST",
        _GENERATE,
        "anchor_type",
        _SEED,
        f"{_P1} §4.1: integer, 0 public / 1 custom",
        type="integer",
        required=True,
        allowed=(0, 1),
        seed_wins=True,
        note="spec: number; prose: 0 system, 1 custom",
    ),
    # -- avatar videos: paths the spec lacks -------------------------------------------------
    Row("POST", "/api/v1/video/awsResult", None, "D", f"{_P1} §4.4, docs page 12138802"),
    Row(
        "POST",
        "/api/v1/video/awsResult",
        "_id",
        "D",
        f"{_P1} §4.4; seed request example",
        required=True,
    ),
    Row("GET", "/api/v1/video/awsList", None, "C×3", f"{_P1} §4.2 (docs sidebar names it)"),
    Row(
        "GET",
        "/api/v1/video/awsList",
        "current",
        "C×3",
        f"{_P1} §4.2: 1-based page",
        where="query",
        type="integer",
        min=1,
    ),
    Row(
        "GET",
        "/api/v1/video/awsList",
        "pageSize",
        "C×3",
        f"{_P1} §4.2",
        where="query",
        type="integer",
        min=1,
    ),
    Row(
        "DELETE",
        "/api/v1/video/{_id}",
        None,
        "C?",
        f"{_P1} §4.6: docs name the call, path unknown; the SDK marks videos.delete unverified",
    ),
    Row(
        "POST",
        "/api/v1/video/lang_classify",
        None,
        "C×2",
        f"{_P2} appendix B (callers 8256194570, 53537158139)",
    ),
    Row("POST", "/api/v1/video/lang_classify", "msg", "C×2", f"{_P2} appendix B", required=True),
    Row(
        "POST",
        "/api/v1/video/auto-public-pool",
        None,
        "C?",
        f"{_P2} appendix B (caller 53537158139); the SDK marks set_auto_public_pool unverified",
    ),
    Row(
        "POST",
        "/api/v1/video/auto-public-pool",
        "isAutoToPublicPool",
        "C?",
        f"{_P2} appendix B",
        type="boolean",
        required=True,
    ),
    Row(
        "GET",
        "/api/v1/anchor/character_list",
        None,
        "C×10",
        f"{_P1} §4.3 (docs sidebar lists GET and POST)",
    ),
    Row(
        "GET",
        "/api/v1/anchor/character_list",
        "type",
        "C×10",
        f"{_P1} §4.3: custom | default",
        where="query",
    ),
    Row(
        "GET",
        "/api/v1/anchor/character_list",
        "user_video_twin_id",
        "C×10",
        f"{_P1} §4.3",
        where="query",
    ),
    # -- avatars ---------------------------------------------------------------------------
    Row(
        "POST",
        "/api/v1/userVideoTwin/continueTranining",
        None,
        _SEED,
        f"{_P1} §5.2; seed request example, C×5",
        note="the spec spells it continueTraining; the seed wins",
    ),
    Row(
        "POST",
        "/api/v1/userVideoTwin/continueTranining",
        "_id",
        _SEED,
        f"{_P1} §5.2",
        required=True,
    ),
    Row("POST", _TWIN, "gender", _SEED, f"{_P1} §5.1: seed request example; C×6 female/male"),
    Row(
        "POST",
        _TWIN,
        "video_backgroud_color",
        _SEED,
        f"{_P1} §5.1: seed request example",
        note="spec: video_background_color; the seed's spelling wins",
    ),
    Row("POST", _TWIN, "image_backgroud_color", "C×2", f"{_P1} §5.1"),
    Row(
        "POST",
        _TWIN,
        "video_backgroud_image",
        _SEED,
        f"{_P1} §5.1: a field of the seed response record",
        note="spec: video_background_image",
    ),
    Row(
        "POST",
        _TWIN,
        "skipPreview",
        _SEED,
        f"{_P1} §5.1: a field of the seed response record; C×1 sends it",
        type="boolean",
    ),
    Row(
        "POST",
        _TWIN,
        "isToPublicPool",
        _SEED,
        f"{_P1} §5.1: a field of the seed response record",
        type="boolean",
    ),
    Row("POST", _TWIN, "model_version", "C×2", f"{_P1} §5.1: V2.1 seen"),
    # -- backgrounds, account, storage, tokens -------------------------------------------
    Row("POST", "/api/v1/custom_back/add", "name", "C×2", f"{_P1} §6.2"),
    Row(
        "POST",
        "/api/v1/custom_back/del",
        "_id",
        "S",
        f"{_P1} §6.3 (C×1); spec prose: 'identified by the submitted record ID'",
        required=True,
    ),
    Row(
        "POST",
        "/api/v1/custom_avatar/del",
        "_id",
        "S",
        "SK prose: 'identified by the submitted record ID', as custom_back/del",
        required=True,
    ),
    Row(
        "GET",
        "/api/v1/user/remainingCoins",
        None,
        "C×8",
        f"{_P1} §7.2 (docs page 12138806 cited by callers)",
    ),
    Row("POST", "/api/v1/user/add", None, "S", f"{_P1} §7.1: the spec's first path"),
    Row("POST", "/api/v1/user/add", "username", "S", f"{_P1} §7.1", required=True),
    Row("POST", "/api/v1/tos/transferToStorage", None, "C×3", f"{_P1} §7.5"),
    Row("POST", "/api/v1/tos/transferToStorage", "url", "C×3", f"{_P1} §7.5", required=True),
    Row("POST", _WATERMARK, None, "D", f"{_P1} §7.6, docs page 19515446 (complete example)"),
    Row("POST", _WATERMARK, "media_url", "D", f"{_P1} §7.6", required=True),
    Row("POST", _WATERMARK, "watermark_type", "D", f"{_P1} §7.6: 'text' in the example"),
    Row("POST", _WATERMARK, "text", "D", f"{_P1} §7.6"),
    Row("POST", _WATERMARK, "fontsize", "D", f"{_P1} §7.6: 48", type="integer"),
    Row("POST", _WATERMARK, "fontcolor", "D", f"{_P1} §7.6: [R, G, B, A]", type="number[]"),
    Row("POST", _WATERMARK, "position", "D", f"{_P1} §7.6: 'bottom_right'"),
    Row("POST", _WATERMARK, "scale_ratio", "D", f"{_P1} §7.6: 1", type="number"),
    Row("POST", _WATERMARK, "to_720p", "D", f"{_P1} §7.6: false", type="boolean"),
    Row("POST", "/api/v1/token/generate", None, "D", f"{_P1} §2.2, docs page 12138790"),
    Row("POST", "/api/v1/token/generate", "alias", "D", f"{_P1} §2.2", required=True),
    Row(
        "POST",
        "/api/v1/userVoice/training",
        "train_mode",
        "D",
        f"{_P1} §3.3 (docs page 12138808): 'the only supported mode is best'",
        allowed=("best",),
    ),
    # -- dubbing: the spec documents only the webhook fields ----------------------------
    Row("POST", _DUB, "name", "C×3", f"{_P2} §3.1"),
    Row("POST", _DUB, "source_url", "C×3", f"{_P2} §3.1"),
    Row("POST", _DUB, "source_lang", "C×3", f"{_P2} §3.1: 'auto' by default in callers"),
    Row("POST", _DUB, "target_lang", "C×3", f"{_P2} §3.1"),
    Row("POST", _DUB, "num_speakers", "C×3", f"{_P2} §3.1", type="integer"),
    Row("POST", _DUB, "drop_background_audio", "C×3", f"{_P2} §3.1", type="boolean"),
    # -- streaming avatar: not in the spec at all -------------------------------------------
    Row("GET", f"{_STREAM}/all_avatars", None, "D", f"{_P2} §6.1 (docs folder page)"),
    Row("POST", f"{_STREAM}/agora-token", None, "D", f"{_P2} §6.2, docs page 12713815"),
    Row(
        "POST",
        f"{_STREAM}/agora-token",
        "avatar_id",
        "C×2",
        f"{_P2} §6.2 (two families)",
        required=True,
    ),
    Row("POST", f"{_STREAM}/agora-token", "expire_seconds", "C×2", f"{_P2} §6.2", type="integer"),
    Row("POST", f"{_STREAM}/set-qa-context", None, "D", f"{_P2} §6.3, docs page 12731082"),
    Row("POST", f"{_STREAM}/set-qa-context", "channel", "D", f"{_P2} §6.3", required=True),
    Row(
        "POST",
        f"{_STREAM}/set-qa-context",
        "text",
        "D",
        f"{_P2} §6.3: at most 5,000 characters",
        required=True,
        max_length=5000,
    ),
    Row("POST", f"{_STREAM}/ask", None, "D", f"{_P2} §6.5, docs page 12731097"),
    Row("POST", f"{_STREAM}/ask", "channel", "D", f"{_P2} §6.5", required=True),
    Row("POST", f"{_STREAM}/ask", "text", "D", f"{_P2} §6.5", required=True),
    Row("POST", f"{_STREAM}/speak", None, "D", f"{_P2} §6.6 (page 12731098; body from C×1 family)"),
    Row("POST", f"{_STREAM}/speak", "channel", "D", f"{_P2} §6.6: as ask", required=True),
    Row("POST", f"{_STREAM}/speak", "text", "D", f"{_P2} §6.6: as ask", required=True),
    Row("POST", f"{_STREAM}/leave", None, "D", f"{_P2} §6.7, docs page 12731099"),
    Row("POST", f"{_STREAM}/leave", "channel", "D", f"{_P2} §6.7", required=True),
)
