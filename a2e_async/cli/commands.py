"""The ``a2e`` command tree: the root command, its options, and every command group.

To add a command group: import it here and add one ``cli.add_command(...)`` line to the
block at the end of this module.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from .. import __version__
from ._app import EMULATOR_TIME_SCALE, EXIT_INTERRUPTED, Settings, error_line
from .account import account, credits_command
from .batch import batch
from .families import family_groups
from .library import avatars, backgrounds, download, faces, tts, upload, voices
from .tasks import task
from .webhooks import webhooks

__all__ = ["cli"]

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class RootGroup(click.Group):
    """The root command: errors become one line on stderr, and the exit code is returned.

    Click would print a usage block for a bad option; scripts get one line instead, naming
    the option and the command whose ``--help`` explains it (exit code 2).
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args, prog_name or "a2e", complete_var, standalone_mode=False, **extra
            )
            code = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.format_message(), err=True)
            code = exc.exit_code
        except click.ClickException as exc:
            message = exc.format_message()
            command = getattr(getattr(exc, "ctx", None), "command_path", None)
            if isinstance(exc, click.UsageError) and command:
                message = f"{message} (see: {command} --help)"
            error_line(message)
            code = exc.exit_code
        except click.Abort:
            error_line("interrupted")
            code = EXIT_INTERRUPTED
        if standalone_mode:
            sys.exit(code)
        return code


@click.group("a2e", cls=RootGroup, context_settings=_CONTEXT, no_args_is_help=True)
@click.version_option(
    __version__, "--version", "-V", prog_name="a2e", message="%(prog)s %(version)s"
)
@click.option(
    "--api-key",
    metavar="KEY",
    help="A2E API token (default: $A2E_API_KEY). Prefer the variable: options show in ps.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="A2E server (default: $A2E_BASE_URL, else https://video.a2e.ai).",
)
@click.option(
    "--emulator",
    is_flag=True,
    help="Start an embedded A2E emulator for this one command: works offline, no key "
    "needed; its tasks end with the command.",
)
@click.option(
    "--time-scale",
    type=click.FloatRange(min=0, min_open=True),
    default=EMULATOR_TIME_SCALE,
    show_default=True,
    metavar="SECONDS",
    help="With --emulator: real seconds per simulated A2E second (0.01: a one-minute "
    "render takes 0.6 s).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    emulator: bool,
    time_scale: float,
) -> None:
    """A2E from the command line: avatar videos, avatars, voices and every task family.

    \b
    Quick start (offline, no key):
      a2e --emulator avatars list
      a2e --emulator video generate --avatar ID --audio hello.mp3 --wait --json

    Configure with A2E_API_KEY and A2E_BASE_URL (or --api-key, --base-url). Each family's
    start command takes its options from the SDK (a2e video generate --help); local files
    are uploaded wherever a URL is accepted. --wait shows progress; Ctrl-C stops waiting,
    not the job, and prints the command that resumes. --json prints JSON, one object per
    line.

    \b
    Exit codes: 0 success, 1 task failed (or its result could not be saved), 2 usage
    error (nothing sent), 3 API or authentication error, 4 wait timeout, 130 Ctrl-C.
    """
    if emulator and base_url:
        raise click.UsageError("--emulator and --base-url exclude each other")
    ctx.obj = Settings(api_key=api_key, base_url=base_url, emulator=emulator, time_scale=time_scale)


@click.command(
    "emulator",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def emulator_command(args: tuple[str, ...]) -> int:
    """Serve a local fake of the A2E API until Ctrl-C (a2e emulator --help for options)."""
    from ..emulator.__main__ import main as emulator_main

    return emulator_main(list(args))


@click.command("demo")
@click.option(
    "--jobs", type=click.IntRange(min=1), default=100, show_default=True, help="Videos to make."
)
@click.option(
    "--time-scale",
    type=float,
    default=0.02,
    show_default=True,
    help="Real seconds per simulated A2E second (0.02: a 60 s render takes 1.2 s).",
)
@click.option("--concurrency", type=int, default=100, show_default=True, help="Jobs in flight.")
@click.option(
    "--seed", type=int, default=7, show_default=True, help="Seed of the emulator's randomness."
)
@click.option("--no-progress", is_flag=True, help="No live progress bar.")
def demo_command(
    jobs: int, time_scale: float, concurrency: int, seed: int, no_progress: bool
) -> int:
    """Fan out avatar videos against an embedded emulator and report (offline, no key)."""
    from .demo import run_demo

    return run_demo(
        jobs=jobs,
        time_scale=time_scale,
        concurrency=concurrency,
        seed=seed,
        progress=not no_progress,
    )


# -- command groups: one import above and one line here each ----------------------------
cli.add_command(credits_command)
cli.add_command(account)
cli.add_command(voices)
cli.add_command(avatars)
cli.add_command(backgrounds)
cli.add_command(faces)
cli.add_command(tts)
cli.add_command(upload)
cli.add_command(download)
cli.add_command(task)
cli.add_command(batch)
for _group in family_groups():
    cli.add_command(_group)
cli.add_command(webhooks)
cli.add_command(emulator_command)
cli.add_command(demo_command)
