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
from .resources.image_to_video import (
    ImageToVideoManyParams,
    ImageToVideoManyWaitParams,
    ImageToVideoParams,
    ImageToVideoWaitParams,
)
from .resources.nano_banana import NanoBananaParams, NanoBananaWaitParams
from .resources.product_avatar import ProductAvatarParams, ProductAvatarWaitParams
from .resources.storage import WatermarkOptions, WatermarkParams
from .resources.talking_photo import TalkingPhotoParams, TalkingPhotoWaitParams
from .resources.talking_video import TalkingVideoParams, TalkingVideoWaitParams
from .resources.text_to_image import TextToImageParams, TextToImageWaitParams
from .resources.try_on import TryOnParams, TryOnWaitParams
from .resources.tts import TTSParams, TTSVoiceParams
from .resources.video_to_video import VideoToVideoParams, VideoToVideoWaitParams
from .resources.videos import VideoGenerateParams, VideoGenerateWaitParams
from .resources.voices import VoiceTrainParams, VoiceTrainWaitParams

__all__ = [
    "AvatarTrainParams",
    "AvatarTrainWaitParams",
    "BodyParams",
    "CaptionRemovalParams",
    "CaptionRemovalWaitParams",
    "DubbingParams",
    "DubbingWaitParams",
    "FaceSwapParams",
    "FaceSwapPreviewParams",
    "FaceSwapPreviewWaitParams",
    "FaceSwapWaitParams",
    "ImageEditParams",
    "ImageEditWaitParams",
    "ImageToVideoManyParams",
    "ImageToVideoManyWaitParams",
    "ImageToVideoParams",
    "ImageToVideoWaitParams",
    "JobParams",
    "MediaInput",
    "NamedParams",
    "NanoBananaParams",
    "NanoBananaWaitParams",
    "OnProgress",
    "ProductAvatarParams",
    "ProductAvatarWaitParams",
    "TTSParams",
    "TTSVoiceParams",
    "TalkingPhotoParams",
    "TalkingPhotoWaitParams",
    "TalkingVideoParams",
    "TalkingVideoWaitParams",
    "TextToImageParams",
    "TextToImageWaitParams",
    "TryOnParams",
    "TryOnWaitParams",
    "VideoGenerateParams",
    "VideoGenerateWaitParams",
    "VideoToVideoParams",
    "VideoToVideoWaitParams",
    "VoiceTrainParams",
    "VoiceTrainWaitParams",
    "WaitOptions",
    "WatermarkOptions",
    "WatermarkParams",
    "WebhookParams",
]
