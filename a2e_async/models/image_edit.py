"""AI outfit and product holding (A2E's ``userImageEdit``)."""

from __future__ import annotations

import attrs

from .records import TaskRecord

__all__ = ["ImageEditTask"]


@attrs.frozen
class ImageEditTask(TaskRecord):
    """An AI outfit / product-holding task.

    A2E does not document where the result goes; ``result_image_url`` (like try-on and
    product avatar) is the likely field, and ``image_urls`` holds the inputs as sent unless
    A2E writes the result there instead. Check both.
    """

    edit_type: str | None = None
    """``clothing`` (outfit change) or ``product`` (person holds product)."""
    image_urls: tuple[str, ...] = ()
    """The images as sent (A2E may also put results here: undocumented)."""
    result_image_url: str | None = None
    """The edited image, if A2E uses this field (undocumented)."""
