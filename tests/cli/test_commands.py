"""The commands around the families: account, catalogues, speech, files and `a2e task`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from a2e_async.cli.commands import cli

from .conftest import KEY, ThreadedEmulator, against, invoke

FAST = ["--emulator", "--time-scale", "0.001"]


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_credits_table_and_json() -> None:
    """`a2e credits` prints a table; with --json exactly the Credits model's fields."""
    table = invoke([*FAST, "credits"])
    assert table.exit_code == 0
    assert "coins" in table.stdout
    assert "100000" in table.stdout
    assert _lines(invoke([*FAST, "credits", "--json"]).stdout) == [
        {"coins": 100000, "diamonds": 10}
    ]


def test_account_history_and_languages(server: ThreadedEmulator) -> None:
    """History lists the movements (--charges only charges); languages lists locales."""
    marked = against(
        server, ["watermark", "start", "--media-url", "https://x.test/a.mp4", "--text", "hi"]
    )
    assert marked.exit_code == 0, marked.stderr  # A2E charges a coin for it
    history = against(server, ["account", "history", "--limit", "5", "--json"])
    assert history.exit_code == 0, history.stderr
    rows = _lines(history.stdout)
    assert rows[-1]["description"] == "initial grant"
    charges = _lines(against(server, ["account", "history", "--charges", "--json"]).stdout)
    assert charges
    assert all(float(row["coins"]) <= 0 for row in charges)
    languages = _lines(against(server, ["account", "languages", "--json"]).stdout)
    assert {"code", "name"} <= set(languages[0])
    assert "en-US" in {row["code"] for row in languages}


def test_voices_list() -> None:
    """`a2e voices list` shows id, name and group; --json prints one group per line."""
    table = invoke([*FAST, "voices", "list"])
    assert table.exit_code == 0
    assert table.stdout.split()[:3] == ["id", "name", "group"]
    groups = _lines(invoke([*FAST, "voices", "list", "--json"]).stdout)
    assert groups
    assert all(set(group) == {"key", "name", "voices"} for group in groups)
    assert all({"id", "name"} == set(v) for g in groups for v in g["voices"])


def test_avatars_list_filters() -> None:
    """`a2e avatars list --type default` lists only public avatars."""
    rows = _lines(invoke([*FAST, "avatars", "list", "--type", "default", "--json"]).stdout)
    assert rows
    assert {row["type"] for row in rows} == {"default"}


def test_backgrounds_add_list_delete(server: ThreadedEmulator, media: Path) -> None:
    """A local image added as a background is uploaded, listed as yours, then deleted."""
    added = against(server, ["backgrounds", "add", str(media), "--name", "studio", "--json"])
    assert added.exit_code == 0, added.stderr
    background = json.loads(added.stdout)
    assert media.name in str(background["image_url"])
    mine = _lines(against(server, ["backgrounds", "list", "--custom", "--json"]).stdout)
    assert background["id"] in {row["id"] for row in mine}
    deleted = against(server, ["backgrounds", "delete", str(background["id"]), "--json"])
    assert _lines(deleted.stdout) == [{"id": background["id"], "deleted": True}]
    left = _lines(against(server, ["backgrounds", "list", "--custom", "--json"]).stdout)
    assert background["id"] not in {row["id"] for row in left}


def test_faces_add_list_delete(server: ThreadedEmulator, media: Path) -> None:
    """A local face is uploaded into the library, listed, then removed."""
    added = against(server, ["faces", "add", str(media), "--json"])
    assert added.exit_code == 0, added.stderr
    face = _lines(added.stdout)[0]
    listed = _lines(against(server, ["faces", "list", "--json"]).stdout)
    assert face["id"] in {row["id"] for row in listed}
    assert against(server, ["faces", "delete", str(face["id"])]).exit_code == 0
    listed = _lines(against(server, ["faces", "list", "--json"]).stdout)
    assert face["id"] not in {row["id"] for row in listed}


def test_tts_speak_saves_the_audio(tmp_path: Path) -> None:
    """`a2e tts speak TEXT --voice ID -o FILE` saves the speech and prints its URL."""
    voices = _lines(invoke([*FAST, "voices", "list", "--json"]).stdout)
    voice = voices[0]["voices"][0]["id"]
    target = tmp_path / "hello.mp3"
    done = invoke([*FAST, "tts", "speak", "Hello there", "--voice", voice, "-o", str(target)])
    assert done.exit_code == 0, done.stderr
    assert target.stat().st_size > 0
    assert f"saved {target}" in done.stderr
    assert "url" in done.stdout


def test_tts_speak_reads_stdin() -> None:
    """`a2e tts speak -` reads the text from stdin."""
    voices = _lines(invoke([*FAST, "voices", "list", "--json"]).stdout)
    voice = voices[0]["voices"][0]["id"]
    done = CliRunner().invoke(
        cli, [*FAST, "tts", "speak", "-", "--voice", voice, "--json"], input="Hi from stdin\n"
    )
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["url"].startswith("http://127.0.0.1:")


def test_tts_speak_needs_exactly_one_voice() -> None:
    """Two voices are refused before sending, naming the option (exit 2)."""
    done = invoke([*FAST, "tts", "speak", "Hi", "--voice", "a", "--user-voice", "b"])
    assert done.exit_code == 2
    assert done.stderr.startswith("error: --voice-id/--voice: give exactly one of")


def test_upload_then_download(server: ThreadedEmulator, media: Path, tmp_path: Path) -> None:
    """`a2e upload FILE` prints the URL; `a2e download URL PATH` fetches the same bytes."""
    url = json.loads(against(server, ["upload", str(media), "--json"]).stdout)["url"]
    target = tmp_path / "copy.mp3"
    done = against(server, ["download", url, str(target), "--json"])
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout) == {"path": str(target)}
    assert target.read_bytes() == media.read_bytes()


def test_task_get_list_wait_delete(server: ThreadedEmulator, media: Path) -> None:
    """A task started without --wait is read, listed, waited for and deleted by id."""
    started = against(
        server,
        [
            "talking-photo",
            "start",
            "--image",
            str(media),
            "--prompt",
            "smile",
            "--negative-prompt",
            "blur",
            "--json",
        ],
    )
    assert started.exit_code == 0, started.stderr
    task_id = str(json.loads(started.stdout)["id"])
    assert f"a2e task wait talking_photo {task_id}" in started.stderr

    got = _lines(against(server, ["task", "get", "talking-photo", task_id, "--json"]).stdout)
    assert got[0]["id"] == task_id
    listed = _lines(against(server, ["task", "list", "talking_photo", "--json"]).stdout)
    assert task_id in {row["id"] for row in listed}
    waited = against(server, ["task", "wait", "talking_photo", task_id, "--json"])
    assert waited.exit_code == 0, waited.stderr
    assert json.loads(waited.stdout)["status"] == "completed"
    deleted = against(server, ["task", "delete", "talking_photo", task_id, "--json"])
    assert _lines(deleted.stdout) == [{"family": "talking_photo", "id": task_id, "deleted": True}]
    assert against(server, ["task", "get", "talking_photo", task_id]).exit_code == 3


def test_task_list_table_shows_the_usual_columns(server: ThreadedEmulator) -> None:
    """Without --json, `a2e task list` is a table with id and status columns."""
    against(server, ["text-to-image", "start", "--prompt", "a cat"])
    done = against(server, ["task", "list", "text-to-image", "--limit", "1"])
    assert done.exit_code == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    assert header.split()[:2] == ["id", "status"]
    assert len(rows) == 1


@pytest.mark.parametrize("verb", ["list", "delete"])
def test_task_verbs_a2e_lacks_are_usage_errors(verb: str) -> None:
    """A2E cannot list or delete face-swap previews: exit 2 before any request."""
    args = ["task", verb, "face_swap_preview"] + (["x"] if verb == "delete" else [])
    done = invoke(args)
    assert done.exit_code == 2
    assert "face_swap_preview" in done.stderr


def test_several_results_go_into_a_directory(tmp_path: Path) -> None:
    """Two images of one text-to-image call are saved as <task id>-<n>.<ext> in PATH."""
    target = tmp_path / "images"
    done = invoke(
        [*FAST, *f"text-to-image start --prompt cat --max-images 2 --download {target}".split()]
    )
    assert done.exit_code == 0, done.stderr
    ids = [line.split()[0] for line in done.stdout.splitlines()[1:]]
    assert sorted(p.name for p in target.iterdir()) == [f"{ids[0]}-1.png", f"{ids[1]}-2.png"]


def test_a_result_that_cannot_be_saved_exits_1(tmp_path: Path) -> None:
    """When PATH for several results is a file, the tasks finished but the save fails: 1."""
    target = tmp_path / "taken"
    target.write_text("not a directory")
    done = invoke(
        [*FAST, *f"text-to-image start --prompt cat --max-images 2 --download {target}".split()]
    )
    assert done.exit_code == 1
    assert done.stderr.splitlines()[-1].startswith(f"error: could not save the result to {target}")


def test_download_needs_an_existing_directory(media: Path, tmp_path: Path) -> None:
    """--download into a missing directory exits 2 before the job starts."""
    target = tmp_path / "missing" / "out.mp4"
    done = invoke(
        [*FAST, *f"video generate --avatar a --audio {media} --download {target}".split()]
    )
    assert done.exit_code == 2
    assert "--download" in done.stderr


def test_no_output_ever_shows_the_token(server: ThreadedEmulator) -> None:
    """The API key given on the command line appears in no output."""
    done = invoke(["--api-key", KEY, "--base-url", server.url, "credits", "--json"])
    assert done.exit_code == 0
    assert KEY not in done.stdout + done.stderr
