"""Account: balances, credits history, cost quotes, sub-users and languages."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import Model

__all__ = ["CreditTransaction", "Credits", "Language", "Quote", "SubUser"]


@attrs.frozen
class Credits(Model):
    """What ``user/remainingCoins`` answers: the account's two balances."""

    coins: float = 0
    """Coins (credits) left; most generation is charged in coins."""
    diamonds: float = 0
    """Diamonds left; image-mode avatars and continue training cost one each."""


@attrs.frozen
class CreditTransaction(Model):
    """One row of ``transactionRecord/creditsHistory``: positive grants, negative charges.

    A2E does not document the row; fields it does not send stay ``None``.
    """

    id: str | None = None
    """Row id (wire: ``_id``)."""
    coins: float | None = None
    """Coins added (positive) or charged (negative)."""
    diamonds: float | None = None
    """Diamonds added (positive) or charged (negative)."""
    type: str | None = None
    """Kind of entry, e.g. ``consumption`` or ``income``."""
    description: str | None = None
    """What the entry was for."""
    record_id: str | None = None
    """The task the entry belongs to, when there is one."""
    created_at: datetime | None = None
    """When it happened (wire: ``createdAt``)."""


@attrs.frozen
class Quote(Model):
    """What ``generation/quote`` estimates for one request; nothing is created or charged."""

    coins: float | None = None
    """Estimated coins."""
    diamonds: float | None = None
    """Estimated diamonds."""
    endpoint: str | None = None
    """The generation path that was priced."""
    validated: bool | None = None
    """Whether the whole request was checked, or only its pricing inputs (``False``)
    (wire: ``generationRequestValidated``)."""


@attrs.frozen
class SubUser(Model):
    """A user created with ``user/add``."""

    id: str
    """User id (wire: ``_id``)."""
    username: str = ""
    """The user name."""
    created_at: datetime | None = None
    """When the user was created (wire: ``createdAt``)."""


@attrs.frozen
class Language(Model):
    """A language/region for voices (an item of ``anchor/language_list``)."""

    code: str
    """Locale code, e.g. ``en-US`` (wire: ``value``); ``country``-``region`` for TTS."""
    name: str = ""
    """Display name (wire: ``label``)."""

    @property
    def country(self) -> str:
        """The language part, TTS's ``country`` (``en`` of ``en-US``)."""
        return self.code.split("-", 1)[0]

    @property
    def region(self) -> str | None:
        """The region part, TTS's ``region`` (``US`` of ``en-US``), if any."""
        parts = self.code.split("-", 1)
        return parts[1] if len(parts) == 2 else None
