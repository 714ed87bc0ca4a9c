"""The player (--player): one HTML file that holds every shot's picture, plays them at the
video's times, needs no network, and works in a real browser (headless Chromium)."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import time

import numpy as np
import pytest
from browser import Browser, chromium, file_url, firefox, firefox_screenshot
from media import decode
from PIL import Image

from nnviz.cli import main

FPS = 10
SMALL = ["--size", "640x360", "--fps", str(FPS), "--seconds-per-shot", "0.5", "--train-cycles", "60",
         "--cycles", "2", "--quiet"]
SHOTS = 1 + 2 * 7 + 2  # before, two cycles of seven examples, after, the new situation


def contents(page: str) -> tuple[dict, list[np.ndarray]]:
    """What the page says of its shots, and its pictures decoded (RGB), read from its text."""
    found = re.search(r"const PLAYER = (.*?);\nconst PICTURES = \[\n(.*?)\n\];", page, re.S)
    assert found, "the page's data is not where the player keeps it"
    player = json.loads(found.group(1))
    uris = json.loads("[" + found.group(2) + "]")
    assert uris[0] is None  # the first picture is the <img>'s own, not repeated
    uris[0] = re.search(r'<img id="picture" src="([^"]+)"', page).group(1)
    pictures = []
    for uri in uris:
        head, data = uri.split(",", 1)
        assert head == "data:image/webp;base64"
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            assert image.format == "WEBP"
            pictures.append(np.asarray(image.convert("RGB")))
    return player, pictures


def difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


@pytest.fixture(scope="module")
def small_player(tmp_path_factory):
    """A small XOR video with its player and summary (made once for this module's tests)."""
    folder = tmp_path_factory.mktemp("player")
    video, page, summary = folder / "learn.mp4", folder / "learn.html", folder / "learn.json"
    assert main(["xor", "--out", str(video), *SMALL, "--player", str(page), "--json", str(summary)]) == 0
    return video, page, json.loads(summary.read_text())


def test_player_holds_each_shot_of_the_video_at_its_time(small_player):
    video, page, summary = small_player
    player, pictures = contents(page.read_text())
    assert summary["player"] == {"file": str(page), "pictures": SHOTS, "width": 640, "height": 360,
                                 "bytes": page.stat().st_size}
    shots = player["shots"]
    assert len(shots) == len(pictures) == SHOTS
    assert [shot["start"] for shot in shots] == pytest.approx(summary["shot_starts_s"], abs=1e-6)
    assert player["duration"] == pytest.approx(summary["duration_s"])
    # Each picture is its shot in the video, and no other shot is closer to it.
    frames = decode(video, fps=FPS)
    shown = [frames[round(start * FPS)] for start in summary["shot_starts_s"]]
    for k, picture in enumerate(pictures):
        assert picture.shape == (360, 640, 3)
        apart = [difference(picture, frame) for frame in shown]
        assert int(np.argmin(apart)) == k and apart[k] < 3, (k, apart[k])
    # Captions: the panel's title and subtitle, and the contact sheet's name for the shot.
    assert (shots[0]["title"], shots[0]["label"]) == ("Before training", "before training")
    assert (shots[1]["title"], shots[1]["subtitle"], shots[1]["label"]) == (
        "Learning", "Cycle 1 of 60", "cycle 1 · example 1")
    assert shots[8]["label"] == f"cycle {summary['shown_cycles'][1]} · example 1"
    assert [shot["title"] for shot in shots[-2:]] == ["After training", "A new situation"]


def test_player_names_no_address_and_loads_nothing(small_player):
    _, page, _ = small_player
    text = page.read_text()
    outside = re.sub(r"data:image/webp;base64,[A-Za-z0-9+/=]+", "DATA", text)
    for banned in ("http:", "https:", "//", "src=", "url(", "<link", "@import", "fetch(", "XMLHttpRequest"):
        where = outside.replace('src="DATA"', "")  # the first picture, in the page itself
        assert banned not in where, banned
    assert "default-src 'none'; img-src data:" in text  # the browser is told to load nothing else
    # Accessible: every button and the scrubber has a name.
    for control in re.findall(r"<(?:button|input)\b[^>]*>", text):
        assert "aria-label=" in control, control


@pytest.mark.parametrize("args", [
    ["xor", "--smooth", "--size", "640x360", "--fps", "10", "--train-cycles", "30", "--cycles", "1"],
    ["xor", "--steps", "--size", "640x360", "--fps", "10", "--train-cycles", "30", "--cycles", "1"],
    ["circles", "--size", "640x360", "--fps", "10", "--samples", "40", "--epochs", "4", "--shown", "2"],
], ids=["smooth", "steps", "circles"])
def test_player_has_one_picture_per_shot_of_any_video(tmp_path, args):
    page, summary = tmp_path / "p.html", tmp_path / "s.json"
    assert main([*args, "--out", str(tmp_path / "v.mp4"), "--player", str(page), "--json", str(summary),
                 "--quiet"]) == 0
    player, pictures = contents(page.read_text())
    starts = json.loads(summary.read_text())["shot_starts_s"]
    assert len(pictures) == len(player["shots"]) == len(starts)
    assert [shot["start"] for shot in player["shots"]] == pytest.approx(starts, abs=1e-6)
    assert all(shot["title"] and shot["label"] for shot in player["shots"])


def test_without_webp_in_ffmpeg_pillow_makes_the_same_pictures(tmp_path, monkeypatch, small_player):
    from nnviz import video

    monkeypatch.setattr(video, "has_encoder", lambda name: False)  # an ffmpeg built without libwebp
    page = tmp_path / "learn.html"
    assert main(["xor", "--out", str(tmp_path / "learn.mp4"), *SMALL, "--player", str(page)]) == 0
    player, pictures = contents(page.read_text())
    ffmpeg_player, ffmpeg_pictures = contents(small_player[1].read_text())
    assert player["shots"] == ffmpeg_player["shots"]
    for mine, theirs in zip(pictures, ffmpeg_pictures, strict=True):
        assert difference(mine, theirs) < 2


def test_webp_pictures_written_one_after_another_come_apart():
    from nnviz.video import EncodeError, split_riff

    first = b"RIFF" + (6).to_bytes(4, "little") + b"WEBPab"
    second = b"RIFF" + (5).to_bytes(4, "little") + b"WEBPc\0"
    assert split_riff(first + second) == [first, second]  # an odd chunk is padded to even
    with pytest.raises(EncodeError):
        split_riff(first + b"junk")


def _children_running_ffmpeg() -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry.name}/cmdline", "rb") as cmd:
                    command = cmd.read().split(b"\0")[0]
            except (OSError, ValueError, IndexError):
                continue
            if parent == os.getpid() and b"ffmpeg" in command:
                found.append(int(entry.name))
    return found


def test_interrupted_while_drawing_leaves_no_player_and_no_ffmpeg(tmp_path, monkeypatch, capsys):
    from nnviz.render import scene

    drawn, draw = [], scene.Renderer.draw

    def interrupted(self, shot):
        drawn.append(shot)
        if len(drawn) == 5:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the shots
        return draw(self, shot)

    monkeypatch.setattr(scene.Renderer, "draw", interrupted)
    code = main(["xor", "--out", str(tmp_path / "learn.mp4"), *SMALL, "--player", str(tmp_path / "p.html")])
    assert code == 130 and "nothing was written" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert _children_running_ffmpeg() == []


def test_default_xor_player_stays_under_5_mb(tmp_path):
    page = tmp_path / "learn.html"
    assert main(["xor", "--out", str(tmp_path / "learn.mp4"), "--quality", "draft", "--player", str(page),
                 "--quiet"]) == 0
    player, pictures = contents(page.read_text())
    assert len(pictures) == 94 and pictures[0].shape == (720, 1280, 3)
    assert page.stat().st_size < 5_000_000


def test_player_option_is_reported(tmp_path, capsys):
    page = tmp_path / "p.html"
    assert main(["xor", "--out", str(tmp_path / "v.mp4"), *SMALL[:-1], "--player", str(page)]) == 0
    said = capsys.readouterr().out
    assert f"Player: {page} ({SHOTS} shots at 640x360, " in said


# ------------------------------------------------------------------------- in a real browser
def _browser_or_skip() -> None:
    if chromium() is None:
        if os.environ.get("NNVIZ_REQUIRE_BROWSER"):
            pytest.fail("NNVIZ_REQUIRE_BROWSER is set but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")


@pytest.fixture
def browser():
    _browser_or_skip()
    with Browser(900, 700) as opened:
        yield opened


def shown(browser: Browser, k: int, pictures: list[np.ndarray]) -> np.ndarray:
    """Wait until the page shows shot ``k`` (from 1), then return its picture as painted."""
    browser.wait_until(f"document.body.dataset.shown === '{k}'")
    box = browser.evaluate("(() => { const r = document.getElementById('picture').getBoundingClientRect();"
                           " return [r.x, r.y, r.width, r.height]; })()")
    assert box[2:] == [640, 360]  # drawn at its own size: pixels compare one to one
    png = browser.screenshot({"x": box[0], "y": box[1], "width": box[2], "height": box[3]})
    with Image.open(io.BytesIO(png)) as image:
        painted = np.asarray(image.convert("RGB"))
    apart = [difference(painted, picture) for picture in pictures]
    assert int(np.argmin(apart)) == k - 1 and apart[k - 1] < 1.5, (k, apart[k - 1], min(apart))
    return painted


def texts(browser: Browser) -> tuple[str, str, str]:
    return tuple(browser.evaluate(f"document.getElementById('{name}').textContent")
                 for name in ("title", "subtitle", "counter"))


def test_player_steps_shot_by_shot_in_chromium(browser, small_player):
    _, page, _ = small_player
    player, pictures = contents(page.read_text())
    shots = player["shots"]
    browser.open(file_url(page, "shot=5"))  # the address opens it at shot 5
    shown(browser, 5, pictures)
    assert texts(browser) == (shots[4]["title"], shots[4]["subtitle"],
                              f"Shot 5 of {SHOTS} · {shots[4]['label']}")
    browser.press("ArrowRight")
    browser.press("ArrowRight")
    shown(browser, 7, pictures)
    browser.press("ArrowLeft")
    shown(browser, 6, pictures)
    assert texts(browser)[2] == f"Shot 6 of {SHOTS} · {shots[5]['label']}"
    browser.press("End")
    shown(browser, SHOTS, pictures)
    assert texts(browser)[:2] == (shots[-1]["title"], shots[-1]["subtitle"])
    browser.press("ArrowRight")  # nothing after the last shot
    shown(browser, SHOTS, pictures)
    browser.press("Home")
    shown(browser, 1, pictures)
    browser.press("ArrowLeft")
    shown(browser, 1, pictures)
    # With the scrubber focused, an arrow steps once (the scrubber's own step, not twice).
    browser.evaluate("document.getElementById('scrubber').focus()")
    browser.press("ArrowRight")
    shown(browser, 2, pictures)
    assert browser.evaluate("document.getElementById('scrubber').value") == "2"
    browser.evaluate("document.getElementById('next').click()")
    shown(browser, 3, pictures)
    assert browser.evaluate("location.hash") == "#shot=3"
    # Nothing was asked of any network: the page and its own pictures only.
    assert {url.split(":", 1)[0] for url in browser.requests()} <= {"file", "data"}


def test_player_plays_at_the_video_s_pace_in_chromium(browser, small_player):
    _, page, summary = small_player
    _, pictures = contents(page.read_text())
    starts = summary["shot_starts_s"]
    browser.open(file_url(page))
    shown(browser, 1, pictures)
    assert browser.evaluate("document.getElementById('play').getAttribute('aria-label')") == "Play"
    browser.press(" ")
    began = time.monotonic()
    assert browser.evaluate("document.getElementById('play').getAttribute('aria-label')") == "Pause"
    browser.wait_until("document.body.dataset.shown === '4'")
    took = time.monotonic() - began
    # Shot 4 starts 1.5 s in: never sooner; later only by what a busy machine adds (a pace
    # of frames taken for seconds, or the other way round, would be 30 times off).
    assert starts[3] - 0.05 <= took <= 2 * starts[3] + 1.0, took
    browser.press(" ")  # pause: the picture stays
    at = int(browser.evaluate("document.body.dataset.shown"))
    time.sleep(2 * (starts[1] - starts[0]))
    assert int(browser.evaluate("document.body.dataset.shown")) == at
    # From the last shot, playing holds it for its time and stops at the end of the video.
    browser.press("End")
    shown(browser, SHOTS, pictures)
    browser.press(" ")
    browser.wait_until("document.getElementById('play').getAttribute('aria-label') === 'Play'", timeout=5)
    assert browser.evaluate("document.getElementById('time').textContent") == "0:08 / 0:08"
    shown(browser, SHOTS, pictures)


# ------------------------------------------------------------------------- in Firefox
def _firefox_or_skip() -> None:
    if firefox() is None:
        if os.environ.get("NNVIZ_REQUIRE_BROWSER"):
            pytest.fail("NNVIZ_REQUIRE_BROWSER is set but firefox-esr is not installed")
        pytest.skip("firefox is not installed (apt-get install firefox-esr); .ci/run installs it")


def painted_in_firefox(url: str, pictures: list[np.ndarray]) -> int:
    """Which shot (from 1) headless Firefox paints at ``url``, found where the page puts
    its picture (centred, 12 pixels from the top) and checked to be that picture."""
    with Image.open(io.BytesIO(firefox_screenshot(url, 900, 700))) as image:
        page = np.asarray(image.convert("RGB"))
    height, width = pictures[0].shape[:2]
    left = (page.shape[1] - (width + 24)) // 2 + 12
    painted = page[12 : 12 + height, left : left + width]
    apart = [difference(painted, picture) for picture in pictures]
    k = int(np.argmin(apart))
    assert apart[k] < 1.5, (k, apart[k])
    return k + 1


def test_player_opens_at_shot_k_and_steps_in_firefox(small_player, tmp_path):
    _firefox_or_skip()
    _, page, _ = small_player
    text = page.read_text()
    _, pictures = contents(text)
    assert painted_in_firefox(file_url(page, "shot=6"), pictures) == 6
    # Keys as Firefox delivers them to the page's own listener, pressed as soon as it loads.
    pressed = tmp_path / "pressed.html"
    presses = ", ".join(json.dumps(key) for key in ["ArrowRight", "ArrowRight", "ArrowLeft", "ArrowRight"])
    pressed.write_text(text.replace("</body>", (
        f"<script>for (const key of [{presses}]) {{ document.dispatchEvent(new KeyboardEvent("
        "'keydown', {key: key, bubbles: true})); }</script>\n</body>")))
    assert painted_in_firefox(file_url(pressed, "shot=6"), pictures) == 8


def test_an_upright_player_keeps_its_controls_in_the_window(browser, tmp_path):
    """A 9:16 video's player had been as wide as the window, so its picture pushed the words
    and the controls below a landscape window's bottom."""
    page = tmp_path / "upright.html"
    assert main(["xor", "--out", str(tmp_path / "upright.mp4"), "--size", "720x1280", "--train-cycles", "60",
                 "--cycles", "1", "--quiet", "--player", str(page)]) == 0
    browser.open(file_url(page, "shot=2"))
    browser.wait_until("document.body.dataset.shown === '2'")
    picture = browser.evaluate("(() => { const r = document.getElementById('picture')"
                               ".getBoundingClientRect(); return [r.width, r.height]; })()")
    bottom = browser.evaluate("document.querySelector('.keys').getBoundingClientRect().bottom")
    assert bottom <= browser.evaluate("window.innerHeight")
    assert picture[1] == pytest.approx(picture[0] * 1280 / 720, abs=1.5) and picture[0] > 200


def test_a_test_example_is_named_as_its_still_is(tmp_path):
    """The player and the contact sheet name the video's test examples 1 and 2, as their
    stills (test:1, test-2.png) are, not by their places in the test set: "test example 6 ·
    wrong" had been the still test:2, and test:6 was refused."""
    out = tmp_path / "v.mp4"
    assert main(["spiral", "--size", "640x360", "--out", str(out), "--player", str(tmp_path / "p.html"),
                 "--json", str(tmp_path / "s.json"), "--quiet"]) == 0
    examples = json.loads((tmp_path / "s.json").read_text())["shot_examples"]
    places = [e["index"] for e in examples if e is not None and e["set"] == "test"]
    assert places != [0, 1]  # a test example whose place in the test set is not its number
    names = re.findall(r"test example \d+", (tmp_path / "p.html").read_text())
    assert sorted(set(names)) == ["test example 1", "test example 2"]
