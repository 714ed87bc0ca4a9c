"""The player: one self-contained HTML page that plays a video's shots, for the web without a
video file.

It holds one picture per shot (the shot as it settles), each a WebP file in a ``data:`` URI,
and plays them at the video's own times: a shot appears when it starts in the video and is
held until the next one does, so playing the page takes as long as the video. A play/pause
button, a scrubber over the shots, the shot's caption (the panel's title and subtitle) and
the keyboard (left and right arrows step shot by shot, space plays and pauses, Home and End)
drive it; ``#shot=K`` in the address opens it at shot K (from 1).

The page names no other file and no address: it opens from disk with no network, and its
Content-Security-Policy forbids it to load anything but its own ``data:`` pictures.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .style import EVEN_CONTRAST, Theme, luminance

# Pictures of at most this many pixels: a 1080p video's are 1280x720, where its smallest
# text is still crisp, and the default XOR video's 94 shots come to about 4.1 MB.
PICTURE_PIXELS = 1280 * 720
WEBP_QUALITY = 75  # no visible artefact on the text at 2x zoom (80 is 14 % larger)
WEBP_METHOD = 2  # half the time of method 4 for 5 % more bytes


@dataclass(frozen=True)
class PlayerShot:
    """One shot of the player: its picture (WebP bytes), when it starts in the video, and
    what it is called."""

    picture: bytes
    start_s: float
    title: str
    subtitle: str
    label: str  # the contact sheet's name for it ("cycle 3 · example 2")


def picture_size(width: int, height: int) -> tuple[int, int]:
    """The size of the player's pictures of ``width`` x ``height`` frames: the frame's own
    up to PICTURE_PIXELS, else scaled down to that many pixels (the same share of the frame
    at any shape, so text keeps the same share of its size)."""
    scale = min(1.0, math.sqrt(PICTURE_PIXELS / (width * height)))
    return max(1, round(width * scale)), max(1, round(height * scale))


def check_support() -> None:
    """Raise UsageError unless ffmpeg or Pillow (matplotlib's own dependency) can write WebP."""
    from PIL import features

    from .video import has_encoder

    if not has_encoder("libwebp") and not features.check("webp"):
        from .checks import UsageError, option

        raise UsageError(f"{option('player')} needs WebP pictures, which neither this ffmpeg nor Pillow "
                         f"can write (pip install --upgrade pillow); drop {option('player')}")


def encode_picture(rgba: np.ndarray) -> bytes:
    """A frame as the player's picture, by Pillow: scaled to :func:`picture_size`, as a
    lossy WebP (what ffmpeg's PictureWriter makes, for an ffmpeg without libwebp).

    Scaling by the mean of each new pixel's area is as crisp here as bicubic, at half the
    time (text at 2x zoom looks the same)."""
    from PIL import Image  # matplotlib's own dependency

    height, width = rgba.shape[:2]
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    size = picture_size(width, height)
    if size != (width, height):
        image = image.resize(size, Image.Resampling.BOX)  # each pixel the mean of its area
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out.getvalue()


class Pictures:
    """The player's pictures of a run's frames, in order: made by an ffmpeg of their own
    (:class:`~nnviz.video.PictureWriter`), so that they are encoded while the next shot is
    drawn, or here by Pillow where that ffmpeg has no WebP encoder. A context manager;
    ``encoded`` holds the pictures once it is left."""

    def __init__(self, width: int, height: int) -> None:
        from .video import PictureWriter, has_encoder

        self.width, self.height = width, height
        self.encoded: list[bytes] = []
        self._writer = None
        if has_encoder("libwebp"):
            self._writer = PictureWriter(width, height, picture_size(width, height), WEBP_QUALITY,
                                         WEBP_METHOD)

    def add(self, rgba: np.ndarray) -> None:
        if self._writer is not None:
            self._writer.write(rgba)
        else:
            self.encoded.append(encode_picture(rgba))

    def __enter__(self) -> Pictures:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._writer is not None:
            self._writer.__exit__(*exc)
            self.encoded = self._writer.pictures


def data_uri(picture: bytes) -> str:
    return "data:image/webp;base64," + base64.b64encode(picture).decode("ascii")


def page(shots: Sequence[PlayerShot], duration_s: float, size: tuple[int, int], title: str,
         theme: Theme) -> str:
    """The player's HTML: everything in one file."""
    if not shots:
        raise ValueError("a player needs at least one shot")
    width, height = size
    described = [{"start": round(shot.start_s, 6), "title": shot.title, "subtitle": shot.subtitle,
                  "label": shot.label} for shot in shots]
    first = shots[0]
    replacements = {
        "TITLE": html.escape(title),
        "WIDTH": str(width),
        "HEIGHT": str(height),
        "FIRST_PICTURE": data_uri(first.picture),
        "FIRST_ALT": html.escape(_alt(title, first)),
        "FIRST_TITLE": html.escape(first.title),
        "FIRST_SUBTITLE": html.escape(first.subtitle),
        "SHOTS": str(len(shots)),
        "SCHEME": "dark" if _dark(theme.background) else "light",  # the controls' own colours
        "BACKGROUND": theme.background,
        "PANEL": theme.panel,
        "TEXT": theme.text,
        "MUTED": theme.muted,
        "ACCENT": theme.glow,
        "DATA": _script_json({"duration": duration_s, "alt": title, "shots": described}),
        # The first picture is the <img>'s own (shown without JavaScript too), not repeated.
        "PICTURES": ",\n".join(["null", *(json.dumps(data_uri(shot.picture)) for shot in shots[1:])]),
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda found: replacements[found.group(1)], TEMPLATE)


def _alt(title: str, shot: PlayerShot) -> str:
    return f"{title}. {shot.title}: {shot.subtitle}" if shot.subtitle else f"{title}. {shot.title}"


def _dark(colour: str) -> bool:
    """Whether a ``#rrggbb`` colour is dark (white text reads better on it than black)."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return bool(luminance(rgb) < EVEN_CONTRAST)


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script>: no ``</`` can end it early."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{{TITLE}}</title>
<style>
  :root { color-scheme: {{SCHEME}}; }
  body { margin: 0; background: {{BACKGROUND}}; color: {{TEXT}};
         font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  /* As wide as the picture, and no wider than leaves its words and controls in the window
     (an upright picture had pushed them below it). */
  main { max-width: min({{WIDTH}}px, calc((100vh - 15em) * {{WIDTH}} / {{HEIGHT}} + 24px));
         margin: 0 auto; padding: 12px; }
  figure { margin: 0; }
  #picture { display: block; width: 100%; height: auto; aspect-ratio: {{WIDTH}} / {{HEIGHT}}; }
  figcaption { min-height: 1.4em; margin: 8px 0 4px; }
  #title { font-weight: 600; }
  #subtitle { color: {{MUTED}}; }
  .controls { display: flex; align-items: center; gap: 8px; padding: 8px; border-radius: 8px;
              background: {{PANEL}}; }
  button { font: inherit; min-width: 2.6em; height: 2.2em; border-radius: 6px; cursor: pointer;
           color: {{TEXT}}; background: transparent; border: 1px solid {{MUTED}}; }
  button:hover { border-color: {{ACCENT}}; }
  button:focus-visible, input:focus-visible { outline: 2px solid {{ACCENT}}; outline-offset: 2px; }
  #scrubber { flex: 1; min-width: 80px; accent-color: {{ACCENT}}; }
  #time, #counter { font-variant-numeric: tabular-nums; white-space: nowrap; color: {{MUTED}}; }
  #counter { margin: 6px 0 0; }
  .keys { margin: 4px 0 0; font-size: 13px; color: {{MUTED}}; }
  kbd { font: inherit; padding: 0 4px; border: 1px solid {{MUTED}}; border-radius: 3px; }
</style>
</head>
<body>
<main>
<figure>
<img id="picture" src="{{FIRST_PICTURE}}" width="{{WIDTH}}" height="{{HEIGHT}}" alt="{{FIRST_ALT}}">
<figcaption id="caption" aria-live="polite"><span id="title">{{FIRST_TITLE}}</span>
<span id="subtitle">{{FIRST_SUBTITLE}}</span></figcaption>
</figure>
<div class="controls" role="group" aria-label="Player">
<button id="previous" type="button" aria-label="Previous shot"
        title="Previous shot (left arrow)">&#9664;&#9664;</button>
<button id="play" type="button" aria-label="Play" title="Play (space)">&#9654;</button>
<button id="next" type="button" aria-label="Next shot"
        title="Next shot (right arrow)">&#9654;&#9654;</button>
<input id="scrubber" type="range" min="1" max="{{SHOTS}}" step="1" value="1" aria-label="Shot">
<output id="time" aria-label="Time">0:00</output>
</div>
<p id="counter">Shot 1 of {{SHOTS}}</p>
<p class="keys"><kbd>&larr;</kbd> <kbd>&rarr;</kbd> step shot by shot, <kbd>Space</kbd> plays and pauses,
<kbd>Home</kbd> <kbd>End</kbd> go to the first and last shot.</p>
<noscript><p>Without JavaScript only the first shot is shown.</p></noscript>
</main>
<script>
"use strict";
const PLAYER = {{DATA}};
const PICTURES = [
{{PICTURES}}
];
(function () {
  const shots = PLAYER.shots, count = shots.length, duration = PLAYER.duration;
  const picture = document.getElementById("picture");
  PICTURES[0] = picture.getAttribute("src");
  const title = document.getElementById("title"), subtitle = document.getElementById("subtitle");
  const caption = document.getElementById("caption"), counter = document.getElementById("counter");
  const scrubber = document.getElementById("scrubber"), time = document.getElementById("time");
  const play = document.getElementById("play");
  let current = -1, now = 0, playing = false, origin = 0, timer = null;

  function clock(seconds) {
    const whole = Math.floor(seconds + 1e-6), minutes = Math.floor(whole / 60), rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function end(k) { return k + 1 < count ? shots[k + 1].start : duration; }
  function shotAt(seconds) {
    let low = 0, high = count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (shots[middle].start <= seconds + 1e-9) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }
  function show(k) {
    k = Math.max(0, Math.min(count - 1, k));
    if (k !== current) {
      current = k;
      const shot = shots[k];
      document.body.dataset.shown = "";
      picture.src = PICTURES[k];
      picture.alt = PLAYER.alt + ". " + shot.title + (shot.subtitle ? ": " + shot.subtitle : "");
      title.textContent = shot.title;
      subtitle.textContent = shot.subtitle;
      counter.textContent = "Shot " + (k + 1) + " of " + count + (shot.label ? " \\u00b7 " + shot.label : "");
      scrubber.value = String(k + 1);
      scrubber.setAttribute("aria-valuetext",
                            "Shot " + (k + 1) + " of " + count + ": " + (shot.label || shot.title));
      if (k + 1 < count) { const next = new Image(); next.src = PICTURES[k + 1]; }
      try { history.replaceState(null, "", "#shot=" + (k + 1)); } catch (error) { /* a sandboxed page */ }
    }
    time.textContent = clock(now) + " / " + clock(duration);
  }
  picture.addEventListener("load", function () { document.body.dataset.shown = String(current + 1); });
  function tick() {
    timer = null;
    if (!playing) { return; }
    now = performance.now() / 1000 - origin;
    if (now >= duration) { now = duration; show(count - 1); pause(); return; }
    show(shotAt(now));
    const wait = Math.min(end(current) - now, 0.25);
    timer = setTimeout(tick, Math.max(wait, 0.01) * 1000);
  }
  function start() {
    if (now >= duration) { now = 0; }
    playing = true;
    origin = performance.now() / 1000 - now;
    play.innerHTML = "&#10074;&#10074;";
    play.setAttribute("aria-label", "Pause");
    play.title = "Pause (space)";
    caption.setAttribute("aria-live", "off");
    tick();
  }
  function pause() {
    playing = false;
    if (timer !== null) { clearTimeout(timer); timer = null; }
    play.innerHTML = "&#9654;";
    play.setAttribute("aria-label", "Play");
    play.title = "Play (space)";
    caption.setAttribute("aria-live", "polite");
  }
  function go(k) {
    k = Math.max(0, Math.min(count - 1, k));
    now = shots[k].start;
    origin = performance.now() / 1000 - now;
    show(k);
    if (playing) { if (timer !== null) { clearTimeout(timer); } tick(); }
  }
  function toggle() { if (playing) { pause(); } else { start(); } }
  play.addEventListener("click", toggle);
  document.getElementById("previous").addEventListener("click", function () { go(current - 1); });
  document.getElementById("next").addEventListener("click", function () { go(current + 1); });
  scrubber.addEventListener("input", function () { go(Number(scrubber.value) - 1); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    const tag = event.target && event.target.tagName;
    const key = event.key;
    if (tag === "INPUT" && key !== " ") { return; }
    if (tag === "BUTTON" && (key === " " || key === "Enter")) { return; }
    if (key === "ArrowRight") { go(current + 1); }
    else if (key === "ArrowLeft") { go(current - 1); }
    else if (key === " ") { toggle(); }
    else if (key === "Home") { go(0); }
    else if (key === "End") { go(count - 1); }
    else { return; }
    event.preventDefault();
  });
  function fromAddress() {
    const found = /(?:^#|&)shot=(\\d+)/.exec(location.hash);
    return found ? Number(found[1]) - 1 : null;
  }
  window.addEventListener("hashchange", function () {
    const k = fromAddress();
    if (k !== null && k !== current) { go(k); }
  });
  const opening = fromAddress();
  go(opening === null ? 0 : opening);
  if (picture.complete) { document.body.dataset.shown = String(current + 1); }
}());
</script>
</body>
</html>
"""
