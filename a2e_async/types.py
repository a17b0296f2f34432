"""The parameter types of every call that starts a task, for annotating your own code.

``params: VideoGenerateParams = {...}; await client.videos.generate(**params)`` is checked
by a type checker like the call itself. Each ``*WaitParams`` adds the wait options
(``poll_policy``, ``on_progress``, ``cancel_remote``) of ``<verb>_and_wait``.
"""

from ._fields import (
    BodyParams,
    JobParams,
    MediaInput,
    NamedParams,
    OnProgress,
    WaitOptions,
    WebhookParams,
)
from .resources.avatars import AvatarTrainParams, AvatarTrainWaitParams
from .resources.caption_removal import CaptionRemovalParams, CaptionRemovalWaitParams
from .resources.dubbing import DubbingParams, DubbingWaitParams
from .resources.face_swap import (
    FaceSwapParams,
    FaceSwapPreviewParams,
    FaceSwapPreviewWaitParams,
    FaceSwapWaitParams,
)
from .resources.image_edit import ImageEditParams, ImageEditWaitParams
from .resources.image_models import (
    Flux2Params,
    Flux2WaitParams,
    GptImageParams,
    GptImageWaitParams,
    QwenImageParams,
    QwenImageWaitParams,
)
from .resources.image_to_video import (
    FLF2VPromptExtensionParams,
    ImageToVideoManyParams,
    ImageToVideoManyWaitParams,
    ImageToVideoParams,
    ImageToVideoWaitParams,
    PromptExtensionParams,
)
from .resources.kling import (
    KlingImageParams,
    KlingImageWaitParams,
    KlingOmniParams,
    KlingOmniWaitParams,
    KlingVideoParams,
    KlingVideoWaitParams,
)
from .resources.media_tools import (
    ActorSwapParams,
    ActorSwapWaitParams,
    HeadSwapParams,
    HeadSwapWaitParams,
    PhotobookParams,
    PhotobookWaitParams,
    ThinkSoundParams,
    ThinkSoundWaitParams,
    UpscaleParams,
    UpscaleWaitParams,
)
from .resources.nano_banana import NanoBananaParams, NanoBananaWaitParams
from .resources.product_avatar import ProductAvatarParams, ProductAvatarWaitParams
from .resources.seedance import (
    Seedance2Params,
    Seedance2WaitParams,
    SeedanceParams,
    SeedanceWaitParams,
)
from .resources.storage import WatermarkOptions, WatermarkParams
from .resources.talking_photo import TalkingPhotoParams, TalkingPhotoWaitParams
from .resources.talking_video import TalkingVideoParams, TalkingVideoWaitParams
from .resources.text_to_image import TextToImageParams, TextToImageWaitParams
from .resources.try_on import TryOnParams, TryOnWaitParams
from .resources.tts import TTSParams, TTSVoiceParams
from .resources.video_models import (
    GrokVideoParams,
    GrokVideoWaitParams,
    SoraParams,
    SoraWaitParams,
    VeoParams,
    VeoWaitParams,
)
from .resources.video_to_video import VideoToVideoParams, VideoToVideoWaitParams
from .resources.videos import VideoGenerateParams, VideoGenerateWaitParams
from .resources.voices import VoiceTrainParams, VoiceTrainWaitParams
from .resources.wan import (
    HappyHorseParams,
    HappyHorseWaitParams,
    Wan3Params,
    WanParams,
    WanSpicyParams,
    WanSpicyWaitParams,
    WanWaitParams,
)

__all__ = [
    "ActorSwapParams",
    "ActorSwapWaitParams",
    "AvatarTrainParams",
    "AvatarTrainWaitParams",
    "BodyParams",
    "CaptionRemovalParams",
    "CaptionRemovalWaitParams",
    "DubbingParams",
    "DubbingWaitParams",
    "FLF2VPromptExtensionParams",
    "FaceSwapParams",
    "FaceSwapPreviewParams",
    "FaceSwapPreviewWaitParams",
    "FaceSwapWaitParams",
    "Flux2Params",
    "Flux2WaitParams",
    "GptImageParams",
    "GptImageWaitParams",
    "GrokVideoParams",
    "GrokVideoWaitParams",
    "HappyHorseParams",
    "HappyHorseWaitParams",
    "HeadSwapParams",
    "HeadSwapWaitParams",
    "ImageEditParams",
    "ImageEditWaitParams",
    "ImageToVideoManyParams",
    "ImageToVideoManyWaitParams",
    "ImageToVideoParams",
    "ImageToVideoWaitParams",
    "JobParams",
    "KlingImageParams",
    "KlingImageWaitParams",
    "KlingOmniParams",
    "KlingOmniWaitParams",
    "KlingVideoParams",
    "KlingVideoWaitParams",
    "MediaInput",
    "NamedParams",
    "NanoBananaParams",
    "NanoBananaWaitParams",
    "OnProgress",
    "PhotobookParams",
    "PhotobookWaitParams",
    "ProductAvatarParams",
    "ProductAvatarWaitParams",
    "PromptExtensionParams",
    "QwenImageParams",
    "QwenImageWaitParams",
    "Seedance2Params",
    "Seedance2WaitParams",
    "SeedanceParams",
    "SeedanceWaitParams",
    "SoraParams",
    "SoraWaitParams",
    "TTSParams",
    "TTSVoiceParams",
    "TalkingPhotoParams",
    "TalkingPhotoWaitParams",
    "TalkingVideoParams",
    "TalkingVideoWaitParams",
    "TextToImageParams",
    "TextToImageWaitParams",
    "ThinkSoundParams",
    "ThinkSoundWaitParams",
    "TryOnParams",
    "TryOnWaitParams",
    "UpscaleParams",
    "UpscaleWaitParams",
    "VeoParams",
    "VeoWaitParams",
    "VideoGenerateParams",
    "VideoGenerateWaitParams",
    "VideoToVideoParams",
    "VideoToVideoWaitParams",
    "VoiceTrainParams",
    "VoiceTrainWaitParams",
    "WaitOptions",
    "Wan3Params",
    "WanParams",
    "WanSpicyParams",
    "WanSpicyWaitParams",
    "WanWaitParams",
    "WatermarkOptions",
    "WatermarkParams",
    "WebhookParams",
]
