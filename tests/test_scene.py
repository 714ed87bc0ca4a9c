"""The picture of any recording: summarised layers, other activations, dropout, the panels
for each kind of data; and XOR's picture exactly as it was."""

import hashlib

import numpy as np

from nnviz.data import xor
from nnviz.render import Renderer
from nnviz.story import story
from nnviz.style import THEMES
from nnviz.train import TrainConfig, train

# SHA-256 of the RGBA frames of the default XOR run (60,000 cycles, 13 shown), as drawn by
# the renderer before it learnt to draw any network and any data: the XOR picture must not
# change by a single pixel. They were computed once from that renderer's frames (matplotlib
# 3.11, its bundled FreeType); another matplotlib may rasterise text differently, and then
# these need computing again from a checkout of that renderer, not from this one.
XOR_FRAMES = {
    (1920, 1080, "dark", "before"): "32bab91d1ba2c24a58f89a6aa9fa0d8d0831976e8a64ee96ef8645a1a285311a",
    (1920, 1080, "dark", "training"): "e9ac9c6b60a6af25c33118091b1c8da350b392f6d5090beaaad84b17a2f01efb",
    (1920, 1080, "dark", "late"): "f3b060a56bc695f7569bb58a18cf047d08fa4fdc7727caa100afe4f5306de9f2",
    (1920, 1080, "dark", "after"): "1a9272dfd7b9184f85b0cfdb8ae50ddc43db2de07096948f0c2412bc03320d82",
    (1920, 1080, "dark", "new"): "509ae1abab9f53879cdc0a79f6bc6b491cb0a1c191a364a47461c7b600643764",
    (1920, 1080, "light", "late"): "a685e94cd10e8084b08f852e6507f6b9d1bf9a4aade3c52c3226f7694cb3fc1f",
    (640, 360, "dark", "late"): "9f154091c192f85f0055a3edbc610b29c554ff800c09a8a62712ef6254800611",
    (640, 360, "light", "new"): "59a2e27a4db9abc57c691dc9fb9dccb55ef9228d1927feae7707763c2fe5c344",
}
XOR_SHOTS = {"before": 0, "training": 1, "late": 90, "after": -2, "new": -1}


def test_the_default_xor_picture_is_unchanged_to_the_pixel():
    run = train(xor(), TrainConfig())
    shots = story(run, 1)
    renderers = {}
    for (width, height, theme, moment), expected in XOR_FRAMES.items():
        key = (width, height, theme)
        if key not in renderers:
            renderers[key] = Renderer(run.setup, width, height, theme=THEMES[theme])
        frame = renderers[key].draw(shots[XOR_SHOTS[moment]])
        assert hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest() == expected, (key, moment)
