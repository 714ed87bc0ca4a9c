"""Draw the README's pictures again, with the commands the README describes.

    python docs/pictures.py [--mnist DIR] [--fashion DIR] [NAME ...]

Every picture is made by ``python -m nnviz`` (the nnviz this Python imports) in a scratch
folder and then put in place as docs/NAME.png; NAME limits the run to some of them
(``probes layer-sweep``). MNIST's and Fashion-MNIST's pictures need a folder of their files
(``--mnist``, ``--fashion``); without one they are left as they are. The screenshots of real
windows (play.png, draw.png, player.png) are not made here: see the README's Interactive and
Player sections.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from matplotlib import image

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
FASHION_CLASSES = "T-shirt,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot"


def nnviz(*arguments: str | Path, cwd: Path | None = None) -> None:
    subprocess.run([sys.executable, "-m", "nnviz", *map(str, arguments), "--quiet"], check=True, cwd=cwd)


def still(scratch: Path, command: list[str], moment: str, size: str, *options: str) -> Path:
    """One still of ``nnviz COMMAND`` at ``moment``, ``size`` pixels."""
    out = scratch / f"{moment.replace(':', '-').replace('/', '-')}.png"
    nnviz(*command, "--still", moment, "--size", size, *options, "--out", out)
    return out


def rgba(path: Path) -> np.ndarray:
    """A PNG's pixels as RGBA (ffmpeg writes frames without alpha), as written again."""
    pixels = image.imread(path)
    return pixels if pixels.shape[2] == 4 else np.dstack([pixels, np.ones(pixels.shape[:2], pixels.dtype)])


def side_by_side(rows: list[list[Path]]) -> np.ndarray:
    """Pictures of one size, in rows."""
    return np.vstack([np.hstack([rgba(p) for p in row]) for row in rows])


def frames_at(video: Path, seconds: list[float], scratch: Path) -> list[Path]:
    """What the video shows at these times, as PNGs (read by the bundled ffmpeg). A held
    picture is stored once, so the frames are first put back on the 30 fps grid."""
    import imageio_ffmpeg

    paths = []
    for i, at in enumerate(seconds):
        path = scratch / f"frame-{i}.png"
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-i", f"file:{video}",
                        "-vf", "fps=30", "-ss", f"{at:.3f}", "-frames:v", "1", f"file:{path}"], check=True)
        paths.append(path)
    return paths


def steps(scratch: Path) -> np.ndarray:
    """Step mode at 640x360, the second example's step: forward, error, the last layer's
    flash, the first layer's (shares of the shot's 3 s, within nnviz.steps' phases)."""
    video, summary = scratch / "steps.mp4", scratch / "steps.json"
    nnviz("xor", "--steps", "--cycles", "2", "--seconds-per-shot", "3", "--size", "640x360",
          "--out", video, "--json", summary)
    start = json.loads(summary.read_text())["shot_starts_s"][2]
    forward, error, last, first = frames_at(video, [start + 3 * s for s in (0.25, 0.47, 0.54, 0.72)], scratch)
    return side_by_side([[forward, error], [last, first]])


def own_loop(scratch: Path) -> np.ndarray:
    """The README's own training loop (examples/own_training_loop.py), its last step."""
    subprocess.run([sys.executable, str(EXAMPLES / "own_training_loop.py"), str(scratch / "own-loop.mp4")],
                   check=True, cwd=scratch, stdout=subprocess.DEVNULL)
    return side_by_side([[still(scratch, ["render", str(scratch / "own-loop.npz")], "step:600", "960x540")]])


def contact_sheet(scratch: Path) -> np.ndarray:
    sheet = scratch / "sheet.png"
    nnviz("xor", "--out", scratch / "learn.mp4", "--contact-sheet", sheet)
    return rgba(sheet)


def pictures(data: argparse.Namespace) -> dict[str, Callable[[Path], np.ndarray] | None]:
    """Each README picture and how it is made (None: it needs data that was not given)."""

    def one(command: list[str], moment: str, size: str, *options: str):
        return lambda scratch: side_by_side([[still(scratch, command, moment, size, *options)]])

    def two(command: list[str], moments: tuple[str, str], size: str, stacked: bool = False):
        def make(scratch: Path) -> np.ndarray:
            paths = [still(scratch, command, m, size) for m in moments]
            return side_by_side([[p] for p in paths] if stacked else [paths])
        return make

    made: dict[str, Callable[[Path], np.ndarray] | None] = {
        "new-situation": one(["xor"], "new", "1920x1080"),
        "before": one(["xor"], "before", "1920x1080"),
        "after": one(["xor"], "after", "1920x1080"),
        "new-situation-light": one(["xor"], "new", "1280x720", "--theme", "light"),
        # The 2-D sets and the table at their last epoch: the network lit by a training point.
        "spiral": one(["spiral"], "epoch:500", "960x540"),
        **{name: one([name], "epoch:200", "960x540") for name in ("circles", "moons", "gauss", "xor2d")},
        "custom": one(["custom", "--data", str(EXAMPLES / "flowers.csv")], "epoch:200", "960x540"),
        "shapes": one(["shapes"], "epoch:4", "1280x720"),
        "digits": one(["digits"], "test:1", "1280x720"),
        "mnist": one(["digits", "--data", str(data.mnist)], "test:1", "1280x720") if data.mnist else None,
        "fashion-mnist": (one(["digits", "--data", str(data.fashion), "--class-names", FASHION_CLASSES],
                              "test:1", "1280x720") if data.fashion else None),
        "probes": two(["shapes", "--probes"], ("probe:1", "probe:2"), "960x540"),
        "weight-grids": one(["digits", "--weight-grids"], "test:1", "1280x720"),
        "neuron-maps": one(["spiral", "--neuron-maps"], "epoch:500", "1280x720"),
        "annotate": one(["xor", "--annotate"], "cycle:1/example:4", "1280x720"),
        # One above the other: a frame of 1280x720 draws all five hidden layers (a smaller
        # one summarises the middle ones), and side by side they would be too small to read.
        "layer-sweep": two(["moons", "--layers", "2,4,4,4,4,4,1", "--layer-sweep"], ("layer:1", "layer:5"),
                           "1280x720", stacked=True),
        "steps": steps,
        "own-loop": own_loop,
        "contact-sheet": contact_sheet,
    }
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mnist", type=Path, help="a folder of MNIST's IDX files")
    parser.add_argument("--fashion", type=Path, help="a folder of Fashion-MNIST's IDX files")
    parser.add_argument("names", nargs="*", help="only these pictures")
    args = parser.parse_args()
    made = pictures(args)
    unknown = sorted(set(args.names) - set(made))
    if unknown:
        parser.error(f"no such picture: {', '.join(unknown)}; the pictures are {', '.join(made)}")
    for name in args.names or made:
        make = made[name]
        if make is None:
            print(f"{name}.png left as it is (its data folder was not given)")
            continue
        with tempfile.TemporaryDirectory() as folder:
            picture = make(Path(folder))
        path = HERE / f"{name}.png"
        if path.exists() and np.array_equal(rgba(path), picture):
            print(f"{name}.png unchanged")
            continue
        written = HERE / f".{name}.png.part"
        image.imsave(written, picture, format="png")
        os.replace(written, path)
        print(f"{name}.png  {picture.shape[1]}x{picture.shape[0]}")


if __name__ == "__main__":
    main()
