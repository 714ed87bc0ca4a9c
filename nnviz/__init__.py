"""nnviz: train a small neural network and make a video of it learning."""

__version__ = "0.1.0"

from .api import UsageError, VideoOptions, VideoResult, xor_video  # noqa: E402
from .still import StillResult, xor_still  # noqa: E402

__all__ = [
    "StillResult", "UsageError", "VideoOptions", "VideoResult", "xor_still", "xor_video", "__version__",
]
