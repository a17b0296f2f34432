"""Benchmarks for a2e-async: ``make bench`` (or ``python -m benchmarks [--quick]``).

The emulator runs in its own process and every measured client in another, so that neither
the server's CPU nor a previous suite's memory is counted against the SDK. The suites are
the entries of ``suites.SUITES``; results go to ``benchmarks/out/latest.json``, the README's
results block and ``benchmarks/out/detect_cdf.png``, all written by the run.
"""
