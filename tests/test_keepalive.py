"""Creates never go out on a pooled connection the server may be closing.

A server closes an idle keep-alive connection when its timeout fires; a request sent on it
at that moment is lost before the server reads it. For a read that is harmless (it is sent
again); a create lost that way used to end in a false ``OutcomeUnknownError``. The server
here is that race at its worst: every request that arrives on a reused connection meets a
connection the server has just given up, and is dropped unprocessed.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter

from a2e_async import A2EClient, RetryPolicy
from a2e_async.errors import OutcomeUnknownError

from .servers import http_response, raw_server, read_request, reset

VIDEO = {"anchor_id": "a1", "anchor_type": 0, "audio_url": "https://cdn.test/a.mp3"}
ROUNDS = 20


async def test_creates_after_reads_are_never_falsely_unknown() -> None:
    """20 rounds of a read then a create: no create ends in OutcomeUnknownError although
    the server dropped every reused connection, and none is processed twice."""
    processed: Counter[str] = Counter()
    dropped = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal dropped
        served = 0
        while True:
            _, target, _, body = await read_request(reader)
            if served:  # this connection's keep-alive timer fired as the request came in
                dropped += 1
                reset(writer)
                return
            served += 1
            if target.endswith("/video/generate"):
                title = json.loads(body)["title"]
                processed[title] += 1
                data: object = {"_id": f"id-{title}", "status": "init"}
            else:
                data = [{"_id": "v1", "status": "init"}]
            writer.write(http_response(json.dumps({"code": 0, "data": data}).encode()))
            await writer.drain()

    unknown = 0
    retry = RetryPolicy(max_retries=3, initial_backoff=0.001, max_backoff=0.002)
    async with (
        raw_server(handler) as url,
        A2EClient(api_key="sk_keepalive", base_url=url, retry=retry) as client,
    ):
        for n in range(ROUNDS):
            await client.videos.get("v1")
            try:
                await client.videos.generate(**VIDEO, title=f"job-{n}")
            except OutcomeUnknownError:
                unknown += 1
    assert unknown == 0
    assert dropped > 0  # the reads did meet closing connections (and were resent)
    assert processed == Counter({f"job-{n}": 1 for n in range(ROUNDS)})
