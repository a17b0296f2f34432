"""Many avatar videos at once from one client, with bounded concurrency.

Run: python examples/fan_out.py 50   (uses the emulator unless A2E_API_KEY is set)
"""

from __future__ import annotations

import asyncio
import sys

import anyio
from _common import open_client

from a2e_async import A2EError


async def main(jobs: int) -> None:
    async with open_client() as client:
        voice = (await client.tts.list_voices())[0].voices[0]
        anchor = (await client.videos.list_anchors(type="default"))[0]
        limiter = anyio.CapacityLimiter(20)  # at most 20 jobs submitting or waiting at once
        results: dict[int, str] = {}

        async def one(i: int) -> None:
            async with limiter:
                try:
                    audio = await client.tts.generate(text=f"Video number {i}", voice_id=voice.id)
                    video = await client.videos.generate_and_wait(
                        anchor_id=anchor.id, anchor_type=0, audio_url=audio.url, title=f"fan-{i}"
                    )
                    results[i] = video.result_url or ""
                except A2EError as exc:  # every failure is typed; keep going with the rest
                    results[i] = f"error: {exc}"

        async with anyio.create_task_group() as tg:
            for i in range(jobs):
                tg.start_soon(one, i)
        ok = sum(1 for r in results.values() if not r.startswith("error"))
        print(f"{ok}/{jobs} videos done")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
