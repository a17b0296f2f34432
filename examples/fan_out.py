"""Many avatar videos at once from one client: bound the submissions, not the waits.

Run: python examples/fan_out.py 500   (uses the emulator unless A2E_API_KEY is set)

Submitting (TTS, then ``videos.generate``) is what costs A2E capacity and your rate limit,
so at most ``SUBMITTING`` jobs do it at once. Waiting costs almost nothing: every wait of
one client shares one poller per family, which reads all in-flight videos with a few
list requests. So each job waits outside the limiter: holding a slot while a video renders
leaves the next job queued behind a render it does not need. Against the emulator, 500
jobs took 17 s with a slot held through each wait and 6 to 8 s like this.
"""

from __future__ import annotations

import asyncio
import sys

import anyio
from _common import open_client

from a2e_async import A2EError

SUBMITTING = 20


async def main(jobs: int) -> None:
    async with open_client() as client:
        voice = (await client.tts.list_voices())[0].voices[0]
        anchor = (await client.videos.list_anchors(type="default"))[0]
        submitting = anyio.CapacityLimiter(SUBMITTING)
        results: dict[int, str] = {}

        async def one(i: int) -> None:
            try:
                async with submitting:  # only the calls that create work hold a slot
                    audio = await client.tts.generate(text=f"Video number {i}", voice_id=voice.id)
                    video = await client.videos.generate(
                        anchor_id=anchor.id, anchor_type=0, audio_url=audio.url, title=f"fan-{i}"
                    )
                done = await client.videos.wait(video.id)  # shared polling; no slot held
                results[i] = done.result_url or ""
            except A2EError as exc:  # every failure is typed; keep going with the rest
                results[i] = f"error: {exc}"

        async with anyio.create_task_group() as tg:
            for i in range(jobs):
                tg.start_soon(one, i)
        ok = sum(1 for r in results.values() if not r.startswith("error"))
        print(f"{ok}/{jobs} videos done")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
