"""What jobs are made from: voices, avatars, backgrounds, faces, speech, files.

``a2e voices list``, ``a2e avatars list``, ``a2e backgrounds list|add|delete``,
``a2e faces list|add|delete``, ``a2e tts speak``, ``a2e upload`` and ``a2e download``.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from .._spec import Spec
from ..client import A2EClient
from ..resources.tts import TTSVoiceParams
from ._app import Run, run
from ._options import FileOrUrl, bindings_for
from .tasks import json_option

__all__ = ["avatars", "backgrounds", "download", "faces", "tts", "upload", "voices"]

Deleter = Callable[[A2EClient, str], Awaitable[None]]


# -- voices and avatars ------------------------------------------------------------------
@click.group()
def voices() -> None:
    """Public TTS voices (for a2e tts speak --voice). Voice clones: a2e voice-clone."""


@voices.command("list")
@click.option("--country", metavar="CODE", help="Language part of the locale, e.g. en.")
@click.option("--region", metavar="CODE", help="Region part of the locale, e.g. US.")
@click.option("--locale", metavar="LOCALE", help="A whole locale, e.g. en-US.")
@json_option
@click.pass_context
def voices_list(
    ctx: click.Context,
    country: str | None,
    region: str | None,
    locale: str | None,
    json_output: bool,
) -> int:
    """List public voices, by group; a voice's id is tts speak's --voice.

    With --json: one group per line ({"key", "name", "voices": [{"id", "name"}]}).
    """

    async def work(current: Run) -> int:
        groups = await current.client.tts.list_voices(country=country, region=region, locale=locale)
        if current.out.json:
            current.out.models(groups)
        else:
            rows = [
                (voice.id, voice.name, group.name) for group in groups for voice in group.voices
            ]
            current.out.rows(("id", "name", "group"), rows)
        return 0

    return run(ctx, work, json_output=json_output)


@click.group()
def avatars() -> None:
    """Avatars for a2e video generate --avatar. Training your own: a2e avatar train."""


@avatars.command("list")
@click.option(
    "--type",
    "kind",
    type=click.Choice(["default", "custom"]),
    help="Only public avatars (default) or yours (custom); both when omitted.",
)
@click.option("--trained", metavar="ID", help="Only the avatars of this trained avatar task.")
@json_option
@click.pass_context
def avatars_list(
    ctx: click.Context, kind: str | None, trained: str | None, json_output: bool
) -> int:
    """List avatars; an avatar's id is video generate's --avatar (--anchor-type 1 for yours)."""

    async def work(current: Run) -> int:
        found = await current.client.videos.list_anchors(
            type=kind,  # type: ignore[arg-type]  # click.Choice checked it
            user_video_twin_id=trained,
        )
        current.out.models(found, ("id", "name", "type", "anchor_type", "user_video_twin_id"))
        return 0

    return run(ctx, work, json_output=json_output)


# -- backgrounds and faces -----------------------------------------------------------------
@click.group()
def backgrounds() -> None:
    """Background images for a2e video generate (--background-id, --custom-background-id)."""


@backgrounds.command("list")
@click.option("--custom", is_flag=True, help="Only the ones you added.")
@json_option
@click.pass_context
def backgrounds_list(ctx: click.Context, custom: bool, json_output: bool) -> int:
    """List backgrounds."""

    async def work(current: Run) -> int:
        area = current.client.backgrounds
        found = await (area.list_custom() if custom else area.list())
        current.out.models(found, ("id", "name", "type", "image_url"))
        return 0

    return run(ctx, work, json_output=json_output)


@backgrounds.command("add")
@click.argument("image", type=FileOrUrl(), metavar="FILE_OR_URL")
@click.option("--name", help="A display name.")
@json_option
@click.pass_context
def backgrounds_add(ctx: click.Context, image: Any, name: str | None, json_output: bool) -> int:
    """Add a background image (a local file is uploaded first); prints it, with its id."""

    async def work(current: Run) -> int:
        current.out.model(await current.client.backgrounds.add(image, name=name))
        return 0

    return run(ctx, work, json_output=json_output, flags={"image": "FILE_OR_URL"})


@click.group()
def faces() -> None:
    """Your face library for a2e face-swap (its --face takes a face's URL)."""


@faces.command("list")
@json_option
@click.pass_context
def faces_list(ctx: click.Context, json_output: bool) -> int:
    """List the faces in your library."""

    async def work(current: Run) -> int:
        current.out.models(await current.client.face_swap.list_faces(), ("id", "face_url"))
        return 0

    return run(ctx, work, json_output=json_output)


@faces.command("add")
@click.argument("image", type=FileOrUrl(), metavar="FILE_OR_URL")
@json_option
@click.pass_context
def faces_add(ctx: click.Context, image: Any, json_output: bool) -> int:
    """Add a face image (a local file is uploaded first); prints the library."""

    async def work(current: Run) -> int:
        library = await current.client.face_swap.add_face(image)
        current.out.models(library, ("id", "face_url"))
        return 0

    return run(ctx, work, json_output=json_output, flags={"face_url": "FILE_OR_URL"})


def _deleter(group: click.Group, doc: str, param: str, delete: Deleter) -> None:
    """Add ``delete ID`` to ``group``: ``delete(client, id)``, then ``{"id", "deleted"}``."""

    @group.command("delete", help=doc)
    @click.argument("item_id", metavar="ID")
    @json_option
    @click.pass_context
    def delete_command(ctx: click.Context, item_id: str, json_output: bool) -> int:
        async def work(current: Run) -> int:
            await delete(current.client, item_id)
            current.out.data({"id": item_id, "deleted": True}, f"deleted {item_id}")
            return 0

        return run(ctx, work, json_output=json_output, flags={param: "ID"})


_deleter(
    backgrounds,
    "Delete one of your backgrounds.",
    "background_id",
    lambda client, item_id: client.backgrounds.delete(item_id),
)
_deleter(
    faces,
    "Remove a face from your library.",
    "face_id",
    lambda client, item_id: client.face_swap.delete_face(item_id),
)


# -- speech --------------------------------------------------------------------------------
@click.group()
def tts() -> None:
    """Text to speech with a public voice (a2e voices list) or a cloned one."""


_VOICE = bindings_for("tts", Spec(TTSVoiceParams), taken={"--output", "-o", "--json"})


def _speak(
    ctx: click.Context, text: str, output: str | None, json_output: bool, **voice: Any
) -> int:
    """Say TEXT (at most 1,000 characters; - reads it from stdin); print the audio's URL.

    Give exactly one voice: --voice (a public one, from a2e voices list) or --user-voice
    (a clone's speaker id, with --country and --region). -o FILE saves the audio.
    """
    if text == "-":
        text = sys.stdin.read().strip()
    params = {b.field.name: b.convert(voice[b.field.name]) for b in _VOICE}
    params = {name: value for name, value in params.items() if value is not None}
    flags = {binding.field.name: binding.flags for binding in _VOICE} | {"text": "TEXT"}
    if output is not None and not Path(output).parent.is_dir():
        raise click.BadParameter(f"no such directory: {Path(output).parent}", param_hint="-o")

    async def work(current: Run) -> int:
        audio = await current.client.tts.generate(text=text, **params)
        if output is not None:
            current.out.note(f"saved {await current.client.download(audio.url, output)}")
        current.out.model(audio)
        return 0

    return run(ctx, work, json_output=json_output, flags=flags)


speak = click.Command(
    "speak",
    callback=click.pass_context(_speak),
    help=_speak.__doc__,
    params=[
        click.Argument(["text"]),
        *(binding.option for binding in _VOICE),
        click.Option(["-o", "--output"], metavar="FILE", help="Save the audio to FILE."),
        click.Option(["--json", "json_output"], is_flag=True, help='Print JSON ({"url": ...}).'),
    ],
)
tts.add_command(speak)


# -- files ---------------------------------------------------------------------------------
@click.command("upload")
@click.argument("path", type=click.Path(exists=True, dir_okay=False), metavar="FILE")
@json_option
@click.pass_context
def upload(ctx: click.Context, path: str, json_output: bool) -> int:
    """Upload a local file to A2E's storage; print the URL A2E accepts for it.

    Every option that takes FILE_OR_URL does this by itself; this is for reusing one file.
    """

    async def work(current: Run) -> int:
        url = await current.client.storage.upload(Path(path))
        current.out.data({"url": url}, url)
        return 0

    return run(ctx, work, json_output=json_output)


@click.command("download")
@click.argument("url")
@click.argument("path", default=".", metavar="[PATH]")
@json_option
@click.pass_context
def download(ctx: click.Context, url: str, path: str, json_output: bool) -> int:
    """Save URL (a result) to PATH, a file or a directory (default: here).

    Resumes an interrupted download of the same file; sends the API key only to A2E.
    """

    async def work(current: Run) -> int:
        saved = await current.client.download(url, path)
        current.out.data({"path": str(saved)}, str(saved))
        return 0

    return run(ctx, work, json_output=json_output)
