"""Async-first Python SDK for the A2E AI-avatar API.

``async with A2EClient() as client: video = await client.videos.generate_and_wait(...)``
"""

from .client import A2EClient
from .config import ClientConfig, PollPolicy, RetryPolicy
from .errors import (
    A2EError,
    APIError,
    AuthenticationError,
    InsufficientCreditsError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RequestTimeout,
    ResponseDecodeError,
    ServerError,
    TaskError,
    TaskFailed,
    TaskNotFound,
    TransportError,
    ValidationError,
    WaitTimeout,
)
from .models.common import Page
from .models.tts import TTSAudio, Voice, VoiceGroup
from .models.videos import Anchor, Video
from .waiter import TaskKind, TaskWaiter

__version__ = "0.1.0"

__all__ = [
    "A2EClient",
    "A2EError",
    "APIError",
    "Anchor",
    "AuthenticationError",
    "ClientConfig",
    "InsufficientCreditsError",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
    "PollPolicy",
    "RateLimitError",
    "RequestTimeout",
    "ResponseDecodeError",
    "RetryPolicy",
    "ServerError",
    "TTSAudio",
    "TaskError",
    "TaskFailed",
    "TaskKind",
    "TaskNotFound",
    "TaskWaiter",
    "TransportError",
    "ValidationError",
    "Video",
    "Voice",
    "VoiceGroup",
    "WaitTimeout",
    "__version__",
]
