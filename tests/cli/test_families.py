"""Every family's start command: generated from its spec, and run against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from a2e_async.cli._catalog import families, kind_of, verb, waitable
from a2e_async.cli._options import CLI_DEFAULTS, FileOrUrl, JsonValue
from a2e_async.cli.commands import cli
from a2e_async.cli.families import PLACES
from a2e_async.client import A2EClient
from a2e_async.resources import starters

from .conftest import invoke

FAST = ["--emulator", "--time-scale", "0.001"]
ANCHOR = "660556b3cd492168141926d3"  # one of the emulator's public avatars
RECT = '{"x": 10, "y": 20, "width": 100, "height": 80}'


def _starts(media: Path) -> dict[str, list[str]]:
    """The shortest valid start command of each family (the media is a local file)."""
    f = str(media)
    return {
        "video": ["video", "generate", "--avatar", ANCHOR, "--audio", f],
        "avatar": ["avatar", "train", "--video", f],
        "voice_clone": ["voice-clone", "train", "--audio", f, "--audio", f],
        "face_swap": ["face-swap", "start", "--face", f, "--video", f],
        "face_swap_preview": ["face-swap", "preview", "--face", f, "--video", f],
        "dubbing": ["dubbing", "start", "--source", f, "--target-lang", "es"],
        "image_to_video": [
            "image-to-video",
            "start",
            "--image",
            f,
            "--prompt",
            "a wave",
            "--negative-prompt",
            "blur",
        ],
        "caption_removal": ["caption-removal", "start", "--source", f],
        "text_to_image": ["text-to-image", "start", "--prompt", "a cat", "--max-images", "2"],
        "nano_banana": ["nano-banana", "start", "--prompt", "a cat", "--input-image", f],
        "talking_photo": [
            "talking-photo",
            "start",
            "--image",
            f,
            "--prompt",
            "smile",
            "--negative-prompt",
            "blur",
            "--audio",
            f,
        ],
        "talking_video": [
            "talking-video",
            "start",
            "--video",
            f,
            "--prompt",
            "talk",
            "--negative-prompt",
            "blur",
        ],
        "try_on": ["try-on", "start", "--person-image", f, "--clothing-image", f],
        "video_to_video": ["video-to-video", "start", "--image", f, "--video", f],
        "product_avatar": [
            "product-avatar",
            "start",
            "--product-image",
            f,
            "--person-image",
            f,
            "--product-rect",
            RECT,
        ],
        "image_edit": [
            "image-edit",
            "start",
            "--edit-type",
            "clothing",
            "--image",
            f,
            "--image",
            f,
        ],
        "watermark": [
            "watermark",
            "start",
            "--media-url",
            "https://example.com/a.mp4",
            "--text",
            "hi",
        ],
        # The spec catalog's model families.
        "gpt_image": ["gpt-image", "start", "--prompt", "a cat"],
        "flux2": ["flux2", "start", "--prompt", "a cat", "--input-image", f],
        "qwen_image": ["qwen-image", "start", "--prompt", "a cat"],
        "kling_image": ["kling-image", "start", "--prompt", "a fox", "--n", "2"],
        "kling_video": [
            "kling-video", "start", "--mode", "image-to-video", "--prompt", "waves", "--image", f
        ],
        "kling_omni": ["kling-omni", "start", "--prompt", "a park", "--image-list", f],
        "veo": ["veo", "start", "--prompt", "a street"],
        "sora": ["sora", "start", "--prompt", "a dog", "--image", f],
        "grok_video": ["grok-video", "start", "--prompt", "a cat"],
        "seedance": ["seedance", "start", "--prompt", "a girl"],
        "seedance2": ["seedance2", "start", "--prompt", "a girl"],
        "wan": ["wan", "start", "--prompt", "wave", "--image", f],
        "wan_spicy": [
            "wan-spicy", "start", "--prompt", "move", "--image", f,
            "--resolution", "720p", "--duration", "5",
        ],
        "wan3": ["wan3", "start", "--prompt", "a walk"],
        "happyhorse": ["happyhorse", "start", "--mode", "t2v", "--prompt", "a horse"],
        "head_swap": ["head-swap", "start", "--image", f, "--target-image", f],
        "actor_swap": ["actor-swap", "start", "--image", f, "--video", f],
        "photobook": ["photobook", "start", "--face-image", f],
        "think_sound": ["think-sound", "start", "--video", "https://example.com/a.mp4"],
        "upscale": ["upscale", "start", "--source", f],
    }  # fmt: skip


def test_every_family_the_sdk_starts_has_a_command(media: Path) -> None:
    """The CLI offers a start command for exactly the families the SDK can start."""
    assert set(_starts(media)) == set(families())
    for name, family in families().items():
        group, command = PLACES.get(
            name, (name.replace("_", "-"), family.call.method.replace("_", "-"))
        )
        assert isinstance(cli.commands[group], click.Group)
        assert command in cli.commands[group].commands


@pytest.mark.parametrize("family", sorted(families()))
def test_start_and_wait_every_family(family: str, media: Path) -> None:
    """Each family's start command uploads local files, waits and prints finished tasks."""
    args = _starts(media)[family]
    wait = ["--wait"] if families()[family].call.wait else []
    done = invoke([*FAST, *args, *wait, "--json"])
    assert done.exit_code == 0, done.stderr
    tasks = [json.loads(line) for line in done.stdout.splitlines()]
    assert tasks
    # Wan 3.0 cannot be waited for (A2E documents no read call): it prints the new task.
    ended = {"initialized"} if family == "wan3" else {"completed", "success"}
    assert {task["status"] for task in tasks} <= ended


@pytest.mark.parametrize("family", sorted(families()))
def test_options_follow_the_spec(family: str) -> None:
    """Every spec field is one option of the kind its type says, with a help text."""
    spec = families()[family].call.spec
    group, command = PLACES.get(
        family, (family.replace("_", "-"), families()[family].call.method.replace("_", "-"))
    )
    start = cli.commands[group].commands[command]
    params = {p.name: p for p in start.params}
    for name, field in spec.fields.items():
        option = params[name]
        assert isinstance(option, click.Option)
        assert option.help, name
        defaulted = (family, name) in CLI_DEFAULTS
        assert option.required == (field.required and not field.many and not defaulted)
        assert option.multiple == field.many
        if field.kind == "media":
            assert isinstance(option.type, FileOrUrl)
        elif field.kind == "choice":
            assert isinstance(option.type, click.Choice)
            assert list(option.type.choices) == [str(c) for c in field.choices]
        elif field.kind == "bool":
            assert option.secondary_opts == [f"--no-{name.replace('_', '-')}"]
        elif field.kind == "tuple":
            assert option.nargs > 1
        elif field.kind in ("mapping", "custom"):
            assert isinstance(option.type, JsonValue)


def test_anchor_type_defaults_to_a_public_avatar_and_says_so() -> None:
    """`video generate` sends anchor_type 0 unless told, and its help says so."""
    generate = cli.commands["video"].commands["generate"]
    option = next(p for p in generate.params if p.name == "anchor_type")
    assert option.default == "0"
    assert "Default here: 0" in option.help
    line = "video generate --avatar a --audio https://x.test/a.mp3 --dry-run --json"
    done = invoke(line.split())
    assert json.loads(done.stdout)["params"]["anchor_type"] == 0


def test_dry_run_checks_and_prices_without_a_key() -> None:
    """--dry-run validates, prints the call and A2E's documented cost, sends nothing."""
    start = "image-to-video start --image https://x.test/a.png --prompt p --negative-prompt n"
    done = invoke([*start.split(), "--dry-run", "--json"])
    assert done.exit_code == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["call"] == "POST /api/v1/userImage2Video/start"
    assert plan["estimated_cost"]["coins"] == 100
    train = "avatar train --video https://x.test/a.mp4 --image https://x.test/a.png --dry-run"
    refused = invoke(train.split())
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: --video-url/--video: give exactly one of")


def test_repeated_and_json_options_reach_the_sdk(media: Path) -> None:
    """Repeated media, tuples, booleans and JSON objects become the SDK's values."""
    layout = "--canvas 1920 1080 --avatar-box 800 1000 10 20 --background-id bg1"
    done = invoke(
        [
            *f"video generate --avatar a --audio {media} {layout} --no-skip-smart-motion".split(),
            *["--captions", '{"fontSize": 30}', "--spoken-text", "hello"],
            *["--extra-body", '{"newField": 1}', "--dry-run", "--json"],
        ]
    )
    assert done.exit_code == 0, done.stderr
    params = json.loads(done.stdout)["params"]
    assert params["audio_url"] == str(media)
    assert params["canvas"] == [1920, 1080]
    assert params["avatar_box"] == [800, 1000, 10, 20]
    assert params["skip_smart_motion"] is False
    assert params["captions"] == {"fontSize": 30}
    assert params["extra_body"] == {"newField": 1}


def test_bad_json_is_a_usage_error() -> None:
    """A JSON option that does not parse exits 2 naming it."""
    done = invoke(
        [
            "product-avatar",
            "start",
            "--product-image",
            "https://x.test/a.png",
            "--person-image",
            "https://x.test/b.png",
            "--product-rect",
            "{x",
            "--dry-run",
        ]
    )
    assert done.exit_code == 2
    assert "--product-rect" in done.stderr
    assert "not valid JSON" in done.stderr


def test_every_waitable_family_has_its_reads() -> None:
    """The naming the CLI relies on holds: each waitable family has a TaskKind and get."""
    client = A2EClient(api_key="sk_unused", base_url="http://127.0.0.1")
    for family in waitable():
        starter = starters(client)[family]
        assert kind_of(starter.resource, family).family == family
        assert callable(verb(starter.resource, starter.call, "get"))
