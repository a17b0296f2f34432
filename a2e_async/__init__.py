"""Async-first Python SDK for the A2E AI-avatar API.

``async with A2EClient() as client: video = await client.videos.generate_and_wait(...)``;
in scripts and notebooks, ``with A2E() as client: video = client.videos.generate_and_wait(...)``
(the blocking facade of :mod:`a2e_async.sync`).
"""

import logging as _logging
import typing as _typing

from ._raw import RawResponse
from .client import A2EClient
from .config import ClientConfig, ClientOptions, PollPolicy, RetryPolicy
from .costs import Cost, Price, estimate_cost
from .errors import (
    A2EError,
    APIError,
    AuthenticationError,
    CreateDecodeError,
    InsufficientCreditsError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    RedactedError,
    RequestTimeout,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    TaskError,
    TaskFailed,
    TaskNotFound,
    TransportError,
    ValidationError,
    WaitTimeout,
)
from .models.account import Credits, CreditTransaction, Language, Quote, SubUser
from .models.avatars import Avatar
from .models.backgrounds import Background
from .models.caption_removal import CaptionRemovalTask
from .models.common import Page
from .models.dubbing import DubbingTask
from .models.face_swap import FaceImage, FaceSwapPreview, FaceSwapTask
from .models.generated import GeneratedImages, GeneratedMedia
from .models.image_edit import ImageEditTask
from .models.image_models import Flux2Task, GptImageTask, QwenImageTask
from .models.image_to_video import ImageToVideoTask
from .models.kling import KlingImageTask, KlingOmniTask, KlingVideoTask
from .models.media_tools import (
    ActorSwapTask,
    HeadSwapTask,
    PhotobookTask,
    ThinkSoundTask,
    UpscaleTask,
)
from .models.nano_banana import NanoBananaTask
from .models.product_avatar import ProductAvatarTask, ProductRect
from .models.records import TaskRecord, TaskStatus
from .models.seedance import Seedance2Task, SeedanceTask
from .models.storage import PresignedUpload, Watermark
from .models.streaming import StreamingAvatar, StreamingToken
from .models.talking_photo import TalkingPhotoTask
from .models.talking_video import TalkingVideoTask
from .models.text_to_image import TextToImageTask
from .models.tokens import APIToken
from .models.try_on import TryOnTask
from .models.tts import TTSAudio, Voice, VoiceGroup
from .models.video_models import GrokVideoTask, SoraTask, VeoTask
from .models.video_to_video import VideoToVideoTask
from .models.videos import Anchor, DetectedLanguage, Video, VideoStatus
from .models.voices import VoiceClone
from .models.wan import HappyHorseTask, Wan3Task, WanSpicyTask, WanTask
from .resources._base import MediaInput
from .resources.streaming import StreamingRoom
from .waiter import TaskKind, TaskWaiter

if _typing.TYPE_CHECKING:
    from .sync import A2E

__version__ = "0.1.0"

__all__ = [
    "A2E",
    "A2EClient",
    "A2EError",
    "APIError",
    "APIToken",
    "ActorSwapTask",
    "Anchor",
    "AuthenticationError",
    "Avatar",
    "Background",
    "CaptionRemovalTask",
    "ClientConfig",
    "ClientOptions",
    "Cost",
    "CreateDecodeError",
    "CreditTransaction",
    "Credits",
    "DetectedLanguage",
    "DubbingTask",
    "FaceImage",
    "FaceSwapPreview",
    "FaceSwapTask",
    "Flux2Task",
    "GeneratedImages",
    "GeneratedMedia",
    "GptImageTask",
    "GrokVideoTask",
    "HappyHorseTask",
    "HeadSwapTask",
    "ImageEditTask",
    "ImageToVideoTask",
    "InsufficientCreditsError",
    "KlingImageTask",
    "KlingOmniTask",
    "KlingVideoTask",
    "Language",
    "MediaInput",
    "NanoBananaTask",
    "NetworkError",
    "NotFoundError",
    "OutcomeUnknownError",
    "Page",
    "PhotobookTask",
    "PollPolicy",
    "PresignedUpload",
    "Price",
    "ProductAvatarTask",
    "ProductRect",
    "Quote",
    "QwenImageTask",
    "RateLimitError",
    "RawResponse",
    "RedactedError",
    "RequestTimeout",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "Seedance2Task",
    "SeedanceTask",
    "ServerError",
    "SoraTask",
    "StreamingAvatar",
    "StreamingRoom",
    "StreamingToken",
    "SubUser",
    "TTSAudio",
    "TalkingPhotoTask",
    "TalkingVideoTask",
    "TaskError",
    "TaskFailed",
    "TaskKind",
    "TaskNotFound",
    "TaskRecord",
    "TaskStatus",
    "TaskWaiter",
    "TextToImageTask",
    "ThinkSoundTask",
    "TransportError",
    "TryOnTask",
    "UpscaleTask",
    "ValidationError",
    "VeoTask",
    "Video",
    "VideoStatus",
    "VideoToVideoTask",
    "Voice",
    "VoiceClone",
    "VoiceGroup",
    "WaitTimeout",
    "Wan3Task",
    "WanSpicyTask",
    "WanTask",
    "Watermark",
    "__version__",
    "estimate_cost",
]

# Library etiquette: no output unless the application (or A2E_LOG) configures logging.
_logging.getLogger("a2e_async").addHandler(_logging.NullHandler())

# The blocking facade (a generated twin of every area, about a tenth of this import) loads
# on first use: async code never pays for it. Type checkers see the import above instead of
# __getattr__, so a misspelt name stays an error rather than Any.
if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> _typing.Any:
        if name == "A2E":
            from .sync import A2E

            globals()["A2E"] = A2E
            return A2E
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
