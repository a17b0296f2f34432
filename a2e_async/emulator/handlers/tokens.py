"""``token/generate`` (deprecated in A2E's docs): mint another API token for the same user."""

from __future__ import annotations

import secrets

from aiohttp import web

from .._web import ok, read_body, state_of, user_of
from ..params import Param, parse

__all__ = ["routes"]

routes = web.RouteTableDef()


@routes.post("/api/v1/token/generate")
async def generate(request: web.Request) -> web.Response:
    """Answer ``{_id, token}``; the new token acts as the caller, even when a token is pinned."""
    parse(await read_body(request), (Param("alias", required=True),))
    state = state_of(request)
    token = "sk_" + secrets.token_urlsafe(24)
    state.mint_token(user_of(request), token)
    return ok({"_id": state.new_id(), "token": token})
