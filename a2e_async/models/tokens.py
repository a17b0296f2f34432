"""API tokens minted with the deprecated ``token/generate``."""

from __future__ import annotations

import attrs

from ._base import Model

__all__ = ["APIToken"]


@attrs.frozen
class APIToken(Model):
    """A new API token. Treat ``token`` as a password; it never shows in ``repr()``."""

    id: str
    """The token's record id (wire: ``_id``)."""
    token: str = attrs.field(default="", repr=False)
    """The bearer token for ``Authorization`` headers."""
