"""The webhook benchmark suite runs end to end at toy sizes (no timing asserted)."""

from __future__ import annotations

from a2e_async.emulator import Emulator
from benchmarks.webhook import TEXT_TO_IMAGE, run_webhook_suite

TIME_SCALE = 0.001  # the a2e_emulator fixture's clock


async def test_webhook_suite_reports_every_key(a2e_emulator: Emulator) -> None:
    """Both runs finish every job, the first woken by webhooks, the second with some dropped."""
    doc = await run_webhook_suite(a2e_emulator.url, jobs=6, time_scale=TIME_SCALE, drop=0.5)
    for prefix in ("webhook", "webhook.dropped20"):
        assert doc[f"{prefix}.completed"] == 6
        assert doc[f"{prefix}.lost"] == 0
        assert doc[f"{prefix}.status_requests_per_job"] > 0
        assert 0 <= doc[f"{prefix}.p50_detect_s"] <= doc[f"{prefix}.p95_detect_s"]
    assert doc["webhook.woken"] == 6
    assert doc["webhook.dropped"] == 0
    assert doc["webhook.dropped20.dropped"] + doc["webhook.dropped20.woken"] == 6


async def test_the_batched_workload_confirms_through_batch_detail(a2e_emulator: Emulator) -> None:
    """Text-to-image jobs end the same way, and their status reads are counted (through
    batchDetail, which the woken waits of one window share)."""
    doc = await run_webhook_suite(
        a2e_emulator.url, jobs=6, time_scale=TIME_SCALE, drop=0.5, workload=TEXT_TO_IMAGE
    )
    for prefix in ("webhook", "webhook.dropped20"):
        assert doc[f"{prefix}.completed"] == 6
        assert doc[f"{prefix}.lost"] == 0
        assert doc[f"{prefix}.status_requests_per_job"] > 0
    assert doc["webhook.woken"] == 6
    stats = a2e_emulator.stats()["requests"]
    assert stats.get("POST /api/v1/userText2Image/batchDetail", 0) > 0
