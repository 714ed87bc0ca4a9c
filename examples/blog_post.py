"""Build a small blog post about the XOR network into a folder: stills, a GIF, the video, and
the contact sheet, on one HTML page.

    python examples/blog_post.py [FOLDER] [--theme light]
"""

import argparse
import html
from pathlib import Path

import nnviz

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("folder", nargs="?", type=Path, default=Path("xor-blog-post"))
parser.add_argument("--theme", choices=["dark", "light"], default="light")
args = parser.parse_args()
folder = args.folder
(folder / "media").mkdir(parents=True, exist_ok=True)

common = dict(theme=args.theme, width=1280, height=720)
media = folder / "media"
video = nnviz.xor_video(media / "learn.mp4", contact_sheet=media / "sheet.png", **common)
gif = nnviz.xor_video(folder / "media" / "learn.gif", gif_width=640, **common)
# The pictures in the page's 760-pixel column are drawn at 960x540, in the design made for
# small pictures (larger type): a 1280x720 picture shrunk to the column has 6-pixel labels.
column = dict(theme=args.theme, width=960, height=540)
for moment, name in (("before", "before.png"), ("after", "after.png"), ("new", "new-situation.png")):
    nnviz.xor_still(folder / "media" / name, moment, **column)
early = nnviz.xor_still(folder / "media" / "cycle-1.svg", "cycle:1/example:6", **column)


def figure(inner: str, caption: str) -> str:
    return f"<figure>\n{inner}\n<figcaption>{html.escape(caption)}</figcaption>\n</figure>"


def image(name: str, alt: str) -> str:
    return f'<img src="media/{name}" alt="{html.escape(alt)}" style="max-width:100%;height:auto">'


estimate = f"{video.new_estimate:.2f}"
sections = [
    "<h1>Watching a neural network learn</h1>",
    "<p>A network of three inputs, four hidden neurons and one output learns XOR of its first "
    "two inputs, and that the third does not matter.</p>",
    figure(image("before.png", "The network before training"), "Before training: random weights."),
    figure(image("cycle-1.svg", "Cycle 1, example 6"), "The first cycle: it is still guessing."),
    figure(image("after.png", "The network after training"),
           "After 60,000 cycles: the third input's synapses have withered."),
    figure(image("new-situation.png", "The network thinking about [1, 1, 0]"),
           f"A situation it has never seen, [1, 1, 0]: it estimates {estimate}; the answer is 0."),
    "<h2>The whole story</h2>",
    figure(
        '<video src="media/learn.mp4" poster="media/new-situation.png" muted playsinline loop '
        'controls preload="metadata" style="max-width:100%;height:auto"></video>',
        f"The video ({video.duration_s:.0f} s). The GIF below loops the same story, smaller.",
    ),
    figure(image("learn.gif", "The learning story as a GIF"), "The same as a GIF."),
    figure(image("sheet.png", "Every shot of the video"), "Every shot at a glance."),
]
page = (
    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Watching a neural network learn</title>\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<style>body{max-width:760px;margin:2em auto;font-family:sans-serif;line-height:1.5}"
    "figure{margin:2em 0}figcaption{color:#555}</style>\n</head>\n<body>\n"
    + "\n".join(sections) + "\n</body>\n</html>\n"
)
(folder / "index.html").write_text(page)
print(f"{folder / 'index.html'}: video {video.video.stat().st_size / 1e6:.1f} MB, "
      f"GIF {gif.video.stat().st_size / 1e6:.1f} MB")
