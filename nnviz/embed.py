"""HTML for blog posts and notebooks: a ``<video>`` (or ``<img>`` for a GIF) ready to paste."""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path
from urllib.parse import quote

MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".gif": "image/gif"}
INLINE_LIMIT_BYTES = 25_000_000  # notebooks embed the file itself up to this size


def _tag(source: str, gif: bool, width: int, height: int, alt: str, poster: str | None,
         sound: bool = False) -> str:
    size = f'width="{width}" height="{height}" style="max-width:100%;height:auto"'
    text = html.escape(alt)
    if gif:
        return f'<img src="{html.escape(source)}" {size} alt="{text}">'
    poster_attribute = f' poster="{html.escape(poster)}"' if poster else ""
    # Silent videos are marked muted (a browser then lets them play on their own); a video
    # with music is not, or pressing play would play it silently.
    muted = "" if sound else "muted "
    return (
        f'<video src="{html.escape(source)}"{poster_attribute} {size}\n'
        f'       {muted}playsinline loop controls preload="metadata" aria-label="{text}"></video>'
    )


def snippet(
    video: Path, width: int, height: int, alt: str, poster: Path | None = None,
    relative_to: Path | None = None, sound: bool = False,
) -> str:
    """The markup that shows ``video`` at up to its own width, scaled down on narrow pages.

    Paths are written relative to ``relative_to`` (the folder of the page) when given.
    """
    def where(path: Path) -> str:
        if relative_to is not None:
            path = Path(os.path.relpath(Path(path).resolve(), Path(relative_to).resolve()))
        # A URL, not a path: "take #1.mp4" would load "take " and "a:b.mp4" a scheme "a:".
        return quote(Path(path).as_posix(), safe="/")

    gif = Path(video).suffix.lower() == ".gif"
    return _tag(where(video), gif, width, height, alt, where(poster) if poster else None, sound)


def page(body: str, title: str) -> str:
    """A small stand-alone page around ``body``."""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "</head>\n<body>\n"
        f"<!-- paste from here -->\n<figure>\n{body}\n<figcaption>{html.escape(title)}</figcaption>\n"
        "</figure>\n<!-- to here -->\n</body>\n</html>\n"
    )


def inline(video: Path, width: int, height: int, alt: str, sound: bool = False) -> str:
    """For a notebook: the file itself as a data URL, so the output needs nothing beside it
    (larger files are linked by path instead)."""
    video = Path(video)
    if not video.exists() or video.stat().st_size > INLINE_LIMIT_BYTES:
        return snippet(video, width, height, alt, sound=sound)
    mime = MIME.get(video.suffix.lower(), "video/mp4")
    data = base64.b64encode(video.read_bytes()).decode()
    return _tag(f"data:{mime};base64,{data}", mime == "image/gif", width, height, alt, None, sound)
