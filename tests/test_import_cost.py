"""``import a2e_async`` loads the async client only: servers, the blocking facade, the CLI,
the emulator and the batch runner load when first used."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import a2e_async
import a2e_async.webhooks

LOADED_ON_USE = [
    "aiohttp.web",
    "a2e_async.sync",
    "a2e_async.webhooks._receiver",
    "a2e_async.cli",
    "a2e_async.emulator",
    "a2e_async.batch",
    "click",
]


def test_importing_the_sdk_loads_no_server_facade_or_cli() -> None:
    """A fresh interpreter that imports a2e_async has none of the modules loaded on use."""
    code = (
        "import json, sys; import a2e_async; "
        f"print(json.dumps({{name: name in sys.modules for name in {LOADED_ON_USE!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out) == dict.fromkeys(LOADED_ON_USE, False)


def test_lazy_names_resolve_to_their_modules_objects() -> None:
    """The lazily loaded public names are the objects of the modules that define them,
    listed by dir(), and an unknown name still raises AttributeError."""
    from a2e_async import A2E
    from a2e_async.sync import A2E as defined_a2e
    from a2e_async.webhooks import WebhookReceiver, WebhookServer
    from a2e_async.webhooks._receiver import WebhookReceiver as defined_receiver
    from a2e_async.webhooks._receiver import WebhookServer as defined_server

    assert (A2E, WebhookReceiver, WebhookServer) == (
        defined_a2e,
        defined_receiver,
        defined_server,
    )
    assert "A2E" in dir(a2e_async)
    assert {"WebhookReceiver", "WebhookServer"} <= set(dir(a2e_async.webhooks))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        a2e_async.webhooks.Nope  # noqa: B018  (the attribute access is the test)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        a2e_async.Nope  # noqa: B018
