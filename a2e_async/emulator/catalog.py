"""Fixed public data every user sees: voices, avatars (anchors), backgrounds, languages.

Ids are ones seen in A2E's docs and in public callers, so documented request examples work
against the emulator unchanged.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "LANGUAGES",
    "PUBLIC_ANCHORS",
    "PUBLIC_BACKGROUNDS",
    "PUBLIC_VOICES",
    "STREAMING_AVATARS",
    "VOICE_IDS",
]

# (tts_id, name, gender, locale)
PUBLIC_VOICES: Final = (
    ("6625ebd4613f49985c349f95", "Jenny", "female", "en-US"),
    ("63a549c1ad2a27fe43d9669a", "Aria", "female", "en-US"),
    ("66d3fb1bc051cfb134c60f20", "Andrew Multilingual", "male", "en-US"),
    ("66dc3c1b7dc1f1c483cc5ab8", "Guy", "male", "en-US"),
    ("6613b4c2160a4c1df435d701", "Xiaoxiao", "female", "zh-CN"),
    ("6613b4c2160a4c1df435d702", "Yunxi", "male", "zh-CN"),
    ("6613b4c2160a4c1df435d703", "Elvira", "female", "es-ES"),
    ("6613b4c2160a4c1df435d704", "Alvaro", "male", "es-ES"),
)
VOICE_IDS: Final = frozenset(voice[0] for voice in PUBLIC_VOICES)

# (anchor _id, name); the first is the anchor of A2E's documented video/generate example.
PUBLIC_ANCHORS: Final = (
    ("660556b3cd492168141926d3", "Emma"),
    ("6525f9b5bae4de626f8b4111", "Lucas"),
    ("65d5a1b5c1e2f3a4b5c6d7e8", "Sofia"),
    ("65d5a1b5c1e2f3a4b5c6d7e9", "Noah"),
)

# (background _id, name); the first is the back_id of the documented video/generate example.
PUBLIC_BACKGROUNDS: Final = (
    ("62a6d3e56c209514b155b12b", "Office"),
    ("62a6d3e56c209514b155b12c", "Studio"),
    ("62a6d3e56c209514b155b12d", "Living room"),
)

LANGUAGES: Final = (
    ("en-US", "English (United States)"),
    ("en-GB", "English (United Kingdom)"),
    ("zh-CN", "Chinese (Mandarin, Simplified)"),
    ("es-ES", "Spanish (Spain)"),
    ("fr-FR", "French (France)"),
    ("de-DE", "German (Germany)"),
    ("ja-JP", "Japanese (Japan)"),
    ("ar-SA", "Arabic (Saudi Arabia)"),
)

# (avatar _id, name); ids seen in public streaming-avatar callers.
STREAMING_AVATARS: Final = (
    ("676e1f054c86ff839eae2cc3", "Lily"),
    ("68af59a86eeedd0042ca7e27", "Alice"),
    ("68af59a86eeedd0042ca7e28", "Ethan"),
)
