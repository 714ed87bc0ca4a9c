"""nnviz: train a small neural network and make a video of it learning."""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# Loaded on first use, so that ``python -m nnviz`` starts (and can be interrupted) before
# numpy and matplotlib are imported.
_PUBLIC = {
    "UsageError": ".api", "VideoOptions": ".api", "VideoResult": ".api", "xor_video": ".api",
    "plane_video": ".api", "table_video": ".api", "shapes_video": ".api", "digits_video": ".api",
    "NetworkTraining": ".api",
    "StillResult": ".stills", "xor_still": ".stills", "still": ".stills", "plane_still": ".stills",
    "table_still": ".stills", "shapes_still": ".stills", "digits_still": ".stills", "Outputs": ".outputs",
    "Recorder": ".recorder", "Recording": ".recording", "load": ".recording_file",
    "save": ".recording_file", "recording_video": ".recording_file",
    "play": ".interactive", "draw": ".interactive",
}


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names (and the module's dunders): not the helpers this file imports."""
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})


__all__ = [*_PUBLIC, "__version__"]
