"""Help, version, the entry point, and the commands kept from before: demo and emulator."""

from __future__ import annotations

import click
import pytest

import a2e_async
from a2e_async.cli import main
from a2e_async.cli.commands import cli

from .conftest import invoke, shell


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*path, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


ALL = _commands(cli)


def test_the_tree_has_every_area() -> None:
    """The root offers the areas the issue names, plus one group per family."""
    names = set(cli.commands)
    assert {"credits", "voices", "avatars", "tts", "task", "video", "avatar", "demo"} <= names
    assert ("task", "get") in ALL
    assert ("task", "wait") in ALL
    assert ("tts", "speak") in ALL


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """`a2e ... --help` exits 0 with a usage line and a description for every command."""
    if path == ("emulator",):
        pytest.skip("a2e emulator passes --help on to the emulator (tested below)")
    done = invoke([*path, "--help"])
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith(f"Usage: a2e {' '.join(path)}")
    description = done.stdout.split("\n\n")[1].strip()
    assert len(description) > 10


def test_every_option_has_help() -> None:
    """No option of any command is left without a help text."""
    for path in ALL:
        command: click.Command = cli
        for name in path:
            command = command.commands[name]
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (path, param.name)


def test_version() -> None:
    """`a2e --version` prints the package version."""
    done = invoke(["--version"])
    assert done.exit_code == 0
    assert done.stdout == f"a2e {a2e_async.__version__}\n"


def test_no_arguments_prints_help_and_exits_2() -> None:
    """`a2e` alone shows the help (on stderr, as a usage error)."""
    done = invoke([])
    assert done.exit_code == 2
    assert "Commands:" in done.stderr


def test_main_returns_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    """main() (the console script) returns the code instead of exiting."""
    assert main(["--version"]) == 0
    assert main(["video", "generate"]) == 2
    assert "error: Missing option" in capsys.readouterr().err


def test_emulator_help_is_the_emulators() -> None:
    """`a2e emulator --help` shows the emulator's own options."""
    done = shell(["emulator", "--help"])
    assert done.returncode == 0
    assert "--time-scale" in done.stdout
    assert "--faults" in done.stdout


def test_demo_completes_every_job() -> None:
    """`a2e demo` runs TTS → generate → wait per job and reports requests by endpoint."""
    done = invoke(["demo", "--jobs", "12", "--no-progress", "--time-scale", "0.005"])
    assert done.exit_code == 0
    assert "completed" in done.stdout
    assert "POST /api/v1/video/generate" in done.stdout
    assert "GET /api/v1/video/awsList" in done.stdout


def test_demo_rejects_zero_jobs() -> None:
    """A job count below one is a one-line usage error, not an empty report."""
    done = invoke(["demo", "--jobs", "0"])
    assert done.exit_code == 2
    assert done.stderr.startswith("error: Invalid value for '--jobs'")


def _complete(line: str) -> list[str]:
    words = line.split()
    env = {"_A2E_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    return shell([], env=env).stdout.split()


def test_shell_completion_completes_commands_and_families() -> None:
    """Click's completion (documented in the README) completes families and options."""
    script = shell([], env={"_A2E_COMPLETE": "bash_source"})
    assert "_a2e_completion()" in script.stdout
    assert _complete("a2e task wait face") == ["plain,face_swap", "plain,face_swap_preview"]
    assert _complete("a2e video generate --au") == ["plain,--audio-url", "plain,--audio"]
