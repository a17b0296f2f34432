"""Fixtures for the contract tests: an emulator, a client, and the ids calls refer to.

Ids (:class:`~tests.contract.calls.Ref`) are made with raw HTTP, not the SDK, from documented
request examples where A2E has them, then the emulator's clock is moved on so every task has
finished. The request log is emptied before the call under test runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest_asyncio

from a2e_async import A2EClient
from a2e_async.emulator import Emulator
from a2e_async.emulator.state import DEFAULT_DURATIONS
from a2e_async.testing import FAST_POLL

from ..conftest import load_fixture
from .calls import Ref

TOKEN = "sk_contract_test_token"
MP4 = "https://cdn.example/clip.mp4"
IMG = "https://cdn.example/person.png"
DOCUMENTED = {(row["method"], row["path"]): row["body"] for row in load_fixture("requests.json")}

Maker = Callable[["World"], Awaitable[str]]


class World:
    """Raw access to the emulator for setup: ``await world.make("video")`` → an id."""

    def __init__(self, session: aiohttp.ClientSession, emulator: Emulator) -> None:
        self.session = session
        self.emulator = emulator
        self.made: dict[str, str] = {}

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        async with self.session.post(
            self.emulator.url + path, json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        ) as resp:
            answer = await resp.json()
        assert answer["code"] == 0, (path, answer)
        return answer["data"]

    async def get(self, path: str) -> Any:
        async with self.session.get(
            self.emulator.url + path, headers={"Authorization": f"Bearer {TOKEN}"}
        ) as resp:
            answer = await resp.json()
        assert answer["code"] == 0, (path, answer)
        return answer["data"]

    async def make(self, kind: str) -> str:
        if kind not in self.made:
            self.made[kind] = await WORLD[kind](self)
            self.emulator.advance(10_000)  # every task made so far has finished
        return self.made[kind]

    async def resolve(self, value: Any) -> Any:
        """``value`` with every :class:`Ref` replaced by a made id."""
        if isinstance(value, Ref):
            return await self.make(value.kind)
        if isinstance(value, tuple):
            return tuple([await self.resolve(item) for item in value])
        if isinstance(value, list):
            return [await self.resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: await self.resolve(item) for key, item in value.items()}
        return value


def _start(path: str, body: dict[str, Any] | None = None, *, first: bool = False) -> Maker:
    async def make(world: World) -> str:
        data = await world.post(path, body if body is not None else DOCUMENTED[("POST", path)])
        return str((data[0] if first else data)["_id"])

    return make


async def _speaker(world: World) -> str:
    clone = await world.make("voice_clone")
    return str((await world.get(f"/api/v1/userVoice/{clone}"))["speaker_id"])


async def _channel(world: World) -> str:
    body = {"avatar_id": "676e1f054c86ff839eae2cc3"}
    return str((await world.post("/api/v1/streaming-avatar/agora-token", body))["channel"])


async def _tts_preview(world: World) -> str:
    body = {"msg": "Hello", "tts_id": "6625ebd4613f49985c349f95"}
    await world.post("/api/v1/video/send_tts", body)
    return str((await world.get("/api/v1/tts/preview/list"))["rows"][0]["_id"])


async def _face_image(world: World) -> str:
    return str((await world.post("/api/v1/userFaceSwapImage/add", DOCUMENTED[
        ("POST", "/api/v1/userFaceSwapImage/add")
    ]))[0]["_id"])  # fmt: skip


WORLD: dict[str, Maker] = {
    "video": _start("/api/v1/video/generate", {
        **DOCUMENTED[("POST", "/api/v1/video/generate")], "msg": "Hello from the docs"
    }),
    "avatar": _start("/api/v1/userVideoTwin/startTraining"),
    "voice_clone": _start("/api/v1/userVoice/training", {"name": "v", "voice_urls": [MP4]}),
    "speaker": _speaker,
    "background": _start("/api/v1/custom_back/add", {"img_url": IMG}),
    "face_image": _face_image,
    "tts_preview": _tts_preview,
    "custom_avatar": _start("/api/v1/custom_avatar/add", {"name": "mine", "image_url": IMG}),
    "face_swap": _start("/api/v1/userFaceSwapTask/add"),
    "face_swap_preview": _start("/api/v1/userFaceSwapPreview/add"),
    "dubbing": _start(
        "/api/v1/userDubbing/startDubbing", {"source_url": MP4, "target_lang": "es"}
    ),
    "image_to_video": _start("/api/v1/userImage2Video/start"),
    "caption_removal": _start("/api/v1/userCaptionRemoval/start", {"name": "c", "source_url": MP4}),
    "caption_removal_failed": _start(
        "/api/v1/userCaptionRemoval/start", {"name": "emulator:fail", "source_url": MP4}
    ),
    "text_to_image": _start("/api/v1/userText2Image/start", {"prompt": "a face"}, first=True),
    "nano_banana": _start("/api/v1/userNanoBanana/start", {"name": "n", "prompt": "a banana"}),
    "talking_photo": _start("/api/v1/talkingPhoto/start"),
    "talking_video": _start("/api/v1/talkingVideo/start"),
    "try_on": _start("/api/v1/virtualTryOn/start", {"image_urls": [IMG, IMG]}),
    "video_to_video": _start("/api/v1/motionTransfer/start", {"image_url": IMG, "video_url": MP4}),
    "product_avatar": _start(
        "/api/v1/productAvatar/start",
        {"image_urls": [IMG, IMG], "product_rect": {"x": 1, "y": 1, "width": 9, "height": 9}},
    ),
    "image_edit": _start("/api/v1/userImageEdit/start"),
    "gpt_image": _start("/api/v1/userGptImage/start", {"name": "g", "prompt": "a cat"}),
    "flux2": _start("/api/v1/userFlux2/start", {"name": "f", "prompt": "a cat"}),
    "qwen_image": _start("/api/v1/userQwen2Image/start", {"name": "q", "prompt": "a cat"}),
    "kling_image": _start(
        "/api/v1/userKlingImage/start", {"name": "k", "prompt": "a fox"}, first=True
    ),
    "kling_video": _start("/api/v1/klingVideo/start", {"mode": "text-to-video", "prompt": "a"}),
    "kling_omni": _start("/api/v1/klingOmni/start", {"prompt": "a"}),
    "veo": _start("/api/v1/veoVideo/start", {"prompt": "a", "aspectRatio": "16:9"}),
    "sora": _start("/api/v1/soraVideo/start", {"prompt": "a", "image_urls": [IMG]}),
    "grok_video": _start("/api/v1/grokVideo/start", {"prompt": "a"}),
    "seedance": _start("/api/v1/seedanceVideo/start", {"prompt": "a"}),
    "seedance2": _start("/api/v1/seedance2Video/start", {"prompt": "a"}),
    "wan": _start("/api/v1/userWan25/start", {"prompt": "a", "image_url": IMG}),
    "wan_spicy": _start(
        "/api/v1/userWanSpicy/start",
        {"prompt": "a", "image_url": IMG, "resolution": "720p", "duration": 5},
    ),
    "happyhorse": _start("/api/v1/userHappyhorseVideo/start", {"mode": "t2v", "prompt": "a"}),
    "head_swap": _start("/api/v1/headSwap/start", {"image_url": IMG, "target_image_url": IMG}),
    "actor_swap": _start("/api/v1/actorSwap/start", {"image_url": IMG, "video_url": MP4}),
    "photobook": _start("/api/v1/userPhotobook/start", {"face_image_url": IMG}),
    "think_sound": _start("/api/v1/thinkSound/start", {"video_url": MP4}),
    "upscale": _start("/api/v1/userUpscale/start", {"source_url": IMG}),
    "channel": _channel,
}  # fmt: skip

# Every family finishes within a few A2E seconds, so *_and_wait calls end at once.
QUICK = {name: (1.0, 2.0) for name in DEFAULT_DURATIONS}


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(time_scale=0.001, seed=11, durations=QUICK) as emu:
        yield emu


@pytest_asyncio.fixture
async def world(emulator: Emulator) -> AsyncIterator[World]:
    async with aiohttp.ClientSession() as session:
        yield World(session, emulator)


@pytest_asyncio.fixture
async def client(emulator: Emulator) -> AsyncIterator[A2EClient]:
    async with A2EClient(api_key=TOKEN, base_url=emulator.url, poll_policy=FAST_POLL) as c:
        yield c
