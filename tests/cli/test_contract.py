"""The issue's public contract: three command lines scripts rely on, run as written."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import KEY, ThreadedEmulator, anchor, shell


def test_emulator_credits_json_prints_one_object() -> None:
    """`a2e --emulator credits --json` prints the credits as one JSON object, exit 0."""
    done = shell(["--emulator", "credits", "--json"])
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"coins": 100000, "diamonds": 10}


def test_generate_wait_download_json(server: ThreadedEmulator, media: Path, tmp_path: Path) -> None:
    """`a2e video generate --avatar ID --audio FILE --wait --download PATH --json` uploads the
    file, waits, downloads, prints the finished video as one JSON object and exits 0."""
    env = {"A2E_API_KEY": KEY, "A2E_BASE_URL": server.url}
    avatar = anchor(server)
    target = tmp_path / "out.mp4"

    done = shell(
        [
            "video",
            "generate",
            "--avatar",
            avatar,
            "--audio",
            str(media),
            "--wait",
            "--download",
            str(target),
            "--json",
        ],
        env=env,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    video = json.loads(lines[0])
    assert video["status"] == "success"
    assert video["anchor_id"] == avatar
    assert video["result_url"].endswith(".mp4")
    # The local file went through the presigned upload, and the result is on disk.
    assert media.name in video["audio_url"]
    assert server.stats()["requests"]["POST /api/v1/r2/get_upload_presigned_url"] == 1
    assert target.stat().st_size > 0
    assert KEY not in done.stdout + done.stderr


def test_generate_without_audio_is_a_one_line_usage_error() -> None:
    """`a2e video generate --avatar ID` (no audio) exits 2 with one line on stderr."""
    done = shell(["video", "generate", "--avatar", "ID"])
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "--audio" in lines[0]
