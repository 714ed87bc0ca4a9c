"""Other containers: a palette-optimised looping GIF, and WebM (VP9)."""

import subprocess

import numpy as np
import pytest
from media import FFMPEG, decode, stream_line
from PIL import Image

from nnviz.cli import main
from nnviz.data import xor
from nnviz.render import Renderer
from nnviz.story import story
from nnviz.train import TrainConfig, train

FPS, HOLD = 10, 5
SMALL = ["--size", "640x360", "--fps", str(FPS), "--seconds-per-shot", "0.5",
         "--train-cycles", "60", "--cycles", "2", "--quiet"]
SHOTS = 1 + 2 * 7 + 2


def test_gif_loops_has_its_width_and_lasts_as_long(tmp_path):
    out = tmp_path / "learn.gif"
    assert main(["xor", "--out", str(out), *SMALL, "--gif-width", "800"]) == 0
    with Image.open(out) as gif:  # read by Pillow, not by what wrote it
        assert gif.size == (800, 450)
        assert gif.info["loop"] == 0  # forever
        durations = []
        for frame in range(gif.n_frames):
            gif.seek(frame)
            durations.append(gif.info["duration"])
    assert gif.n_frames == SHOTS + 1  # one picture per shot, and the closing repeat
    assert sum(durations) == pytest.approx(SHOTS * HOLD / FPS * 1000, abs=10 * SHOTS)


def test_gif_palette_beats_a_plain_gif_of_the_same_clip(tmp_path):
    out = tmp_path / "optimised.gif"
    assert main(["xor", "--out", str(out), *SMALL]) == 0
    run = train(xor(), TrainConfig(train_cycles=60, shown=2))
    renderer = Renderer(run.setup, 640, 360)
    plain = tmp_path / "plain.gif"
    process = subprocess.Popen(
        [FFMPEG, "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", "640x360",
         "-framerate", str(FPS / HOLD), "-i", "pipe:0", "-loop", "0", str(plain)],
        stdin=subprocess.PIPE,
    )
    for shot in story(run, HOLD):
        process.stdin.write(renderer.draw(shot).tobytes())
    process.stdin.close()
    assert process.wait() == 0
    assert out.stat().st_size < plain.stat().st_size


def test_webm_is_vp9_with_every_frame_on_the_grid(tmp_path):
    out = tmp_path / "learn.webm"
    assert main(["xor", "--out", str(out), *SMALL]) == 0
    assert "vp9" in stream_line(out)
    frames = decode(out, fps=FPS)
    assert len(frames) == SHOTS * HOLD
    assert np.abs(frames[HOLD].astype(int) - frames[HOLD - 1]).max() > 50  # shots change


def test_contact_sheet_shows_every_shot_in_its_place(tmp_path):
    from nnviz.render.sheet import GAP_PIXELS, LABEL_PIXELS

    out, sheet = tmp_path / "learn.mp4", tmp_path / "sheet.png"
    assert main(["xor", "--out", str(out), "--size", "640x360", "--fps", "2",
                 "--seconds-per-shot", "0.5", "--train-cycles", "60", "--cycles", "2",
                 "--contact-sheet", str(sheet), "--quiet"]) == 0
    with Image.open(sheet) as image:  # before; one row per cycle; after and new
        cells = np.asarray(image.convert("RGB")).astype(int)
    thumb_w, thumb_h = 320, 180
    assert cells.shape[1] == 7 * (thumb_w + GAP_PIXELS) + GAP_PIXELS
    assert cells.shape[0] == 4 * (thumb_h + LABEL_PIXELS + GAP_PIXELS) + GAP_PIXELS
    frames = decode(out, fps=2)

    def cell(row, column):
        top = GAP_PIXELS + row * (thumb_h + LABEL_PIXELS + GAP_PIXELS)
        left = GAP_PIXELS + column * (thumb_w + GAP_PIXELS)
        return cells[top : top + thumb_h, left : left + thumb_w]

    def shrunk(frame):
        return frame.reshape(thumb_h, 2, thumb_w, 2, 3).mean(axis=(1, 3))

    for (row, column), shot in (((0, 0), 0), ((1, 0), 1), ((2, 6), 14), ((3, 1), 16)):
        assert np.abs(cell(row, column) - shrunk(frames[shot])).mean() < 4, (row, column)
    assert np.ptp(cell(0, 3).reshape(-1, 3), axis=0).max() <= 1  # the rest of that row is empty


def test_a_contact_sheet_is_as_wide_as_its_widest_row(tmp_path):
    """Three shown epochs (a row of three, the closing shots a row of three) had been laid out
    in rows of seven, the sheet 60 % empty."""
    from nnviz.render.sheet import GAP_PIXELS

    sheet = tmp_path / "sheet.png"
    assert main(["moons", "--out", str(tmp_path / "m.mp4"), "--size", "640x360", "--fps", "2",
                 "--seconds-per-shot", "0.5", "--epochs", "20", "--shown", "3", "--quality", "draft",
                 "--contact-sheet", str(sheet), "--quiet"]) == 0
    with Image.open(sheet) as image:
        width, height = image.size
        cells = np.asarray(image.convert("RGB")).astype(int)
    assert width == 3 * (320 + GAP_PIXELS) + GAP_PIXELS
    right = cells[:, -GAP_PIXELS - 320 : -GAP_PIXELS]  # the last column: a shot in every row but the first
    rows = np.array_split(right, 3, axis=0)
    assert np.ptp(rows[0].reshape(-1, 3), axis=0).max() <= 1 and all(np.ptp(r) > 100 for r in rows[1:])


def test_html_snippet_plays_the_video_with_a_poster(tmp_path):
    from html.parser import HTMLParser
    from urllib.parse import unquote

    (tmp_path / "my media").mkdir()
    # A name a browser would cut at "#" or read "%1" in, unless the page writes it as a URL.
    video, page = tmp_path / "my media" / "take #1 100%.mp4", tmp_path / "post.html"
    assert main(["xor", "--out", str(video), *SMALL, "--html", str(page)]) == 0

    class Tags(HTMLParser):
        found: dict = {}

        def handle_starttag(self, tag, attrs):
            self.found[tag] = dict(attrs)

    parser = Tags()
    parser.feed(page.read_text())
    tag = parser.found["video"]
    for flag in ("muted", "playsinline", "loop", "controls"):
        assert flag in tag
    assert "#" not in tag["src"] and " " not in tag["src"]
    assert (tmp_path / unquote(tag["src"])).resolve() == video.resolve()  # a URL relative to the page
    with Image.open(tmp_path / unquote(tag["poster"])) as poster:
        assert poster.size == (640, 360)
        still = np.asarray(poster.convert("RGB")).astype(int)
    last = decode(video, fps=FPS)[-1]  # the poster is the new situation, the last shot
    assert np.abs(still - last).mean() < 3


def test_results_show_themselves_in_a_notebook(tmp_path):
    import base64

    from nnviz import xor_video

    for name, mime in (("clip.mp4", "video/mp4"), ("clip.gif", "image/gif")):
        gif = {"gif_width": 640} if name.endswith(".gif") else {}
        result = xor_video(tmp_path / name, width=640, height=360, fps=FPS, seconds_per_frame=0.5,
                           train_cycles=60, cycles=2, **gif)
        markup = result._repr_html_()
        assert ("<video" in markup) == (mime == "video/mp4") and ("<img" in markup) == (mime == "image/gif")
        data = markup.split(f"data:{mime};base64,")[1].split('"')[0]
        assert base64.b64decode(data) == (tmp_path / name).read_bytes()


@pytest.mark.parametrize("out", ["s.svg", "s.pdf", "v.webm"])
def test_the_same_options_give_the_same_bytes_in_every_format(tmp_path, out):
    """An SVG's date and element ids, a PDF's creation date and a WebM's segment id had
    differed from run to run."""
    written = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        moment = ["--still", "after"] if not out.endswith(".webm") else ["--cycles", "1"]
        assert main(["xor", "--train-cycles", "60", *moment, "--size", "640x360", "--quiet",
                     "--out", str(folder / out)]) == 0
        written.append((folder / out).read_bytes())
    assert written[0] == written[1]
