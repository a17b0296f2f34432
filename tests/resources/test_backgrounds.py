"""Background images against the emulator: list, add (URL or local file), use, delete."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.errors import NotFoundError, ValidationError

IMAGE = "https://example.com/office.png"


async def test_added_background_is_listed_and_deleted(a2e_client: A2EClient) -> None:
    """A new background appears in both lists and disappears after delete."""
    public = await a2e_client.backgrounds.list()
    assert public
    assert all(b.type == "default" for b in public)
    added = await a2e_client.backgrounds.add(IMAGE, name="office")
    assert added.image_url == IMAGE
    assert added.name == "office"
    assert added.created_at is not None
    assert added.id in [b.id for b in await a2e_client.backgrounds.list()]
    assert [b.id for b in await a2e_client.backgrounds.list_custom()] == [added.id]
    await a2e_client.backgrounds.delete(added.id)
    assert added.id not in [b.id for b in await a2e_client.backgrounds.list()]
    assert await a2e_client.backgrounds.list_custom() == []
    with pytest.raises(NotFoundError):
        await a2e_client.backgrounds.delete(added.id)


async def test_local_image_is_uploaded(a2e_client: A2EClient, tmp_path: Path) -> None:
    """A local image is uploaded first and its hosted URL becomes img_url."""
    image = tmp_path / "studio.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + bytes(512))
    added = await a2e_client.backgrounds.add(image)
    assert added.image_url
    async with aiohttp.ClientSession() as session, session.get(added.image_url) as resp:
        assert resp.headers["Content-Type"] == "image/jpeg"
        assert await resp.read() == image.read_bytes()


async def test_custom_background_renders_in_a_video(a2e_client: A2EClient) -> None:
    """A custom background's id is accepted by videos.generate as custom_background_id."""
    added = await a2e_client.backgrounds.add(IMAGE)
    anchor = (await a2e_client.videos.list_anchors(type="default"))[0]
    voice = (await a2e_client.tts.list_voices())[0].voices[0]
    audio = await a2e_client.tts.generate(text="Hi", voice_id=voice.id)
    video = await a2e_client.videos.generate(
        anchor_id=anchor.id,
        anchor_type=0,
        audio_url=audio.url,
        custom_background_id=added.id,
        canvas=(1920, 1080),
        avatar_box=(608, 1080, 656, 0),
    )
    assert video.custom_background_id == added.id


async def test_bad_inputs_are_refused_locally(
    a2e_client: A2EClient, a2e_emulator: Emulator
) -> None:
    """A bad image or id is refused before anything is sent."""
    with pytest.raises(ValidationError):
        await a2e_client.backgrounds.add("office.png")
    with pytest.raises(ValidationError):
        await a2e_client.backgrounds.add(IMAGE, name="")
    with pytest.raises(ValidationError):
        await a2e_client.backgrounds.delete("a/b")
    assert not a2e_emulator.stats()["requests"]
