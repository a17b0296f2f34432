"""Every endpoint A2E's reference gives a path for is served by the emulator."""

from __future__ import annotations

from a2e_async.emulator import create_app

from .conftest import fixture


def test_every_documented_path_has_a_route() -> None:
    """Each (method, path) row of endpoints.json with a known path is routed."""
    app = create_app()
    routed = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
    }
    documented = {(row["method"], row["path"]) for row in fixture("endpoints.json") if row["path"]}
    assert len(documented) > 80
    assert documented - routed == set()
