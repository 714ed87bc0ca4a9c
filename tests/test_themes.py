"""Themes: a light one for white pages; weight colours that colour-blind readers can tell apart."""

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from nnviz import xor_still
from nnviz.style import THEMES

# Machado, Oliveira & Fernandes (2009): full deuteranopia, on linear RGB.
DEUTERANOPIA = np.array([
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
])


def _linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = (xyz @ np.clip(linear_rgb, 0, 1)) / np.array([0.9505, 1.0, 1.089])
    f = lambda t: np.cbrt(t) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])


@pytest.mark.parametrize("name", THEMES)
def test_weight_colours_stay_apart_for_deuteranopes(name):
    theme = THEMES[name]
    seen = [_lab(DEUTERANOPIA @ _linear(to_rgb(c))) for c in (theme.positive, theme.negative)]
    assert np.linalg.norm(seen[0] - seen[1]) > 40  # plain green against red manages about 15


def test_light_theme_is_a_white_page_with_dark_text(tmp_path):
    out = tmp_path / "light.png"
    xor_still(out, "after", width=640, height=360, train_cycles=3000, theme="light")
    with Image.open(out) as image:
        pixels = np.asarray(image.convert("RGB")).astype(int)
    assert pixels[3, 3].min() > 245  # the page
    panel_text = pixels[40:80, 400:600]
    assert panel_text.min() < 80  # dark text on the light panel
    green, red = (to_rgb(THEMES["light"].positive), to_rgb(THEMES["light"].negative))
    network = pixels[:, :370].reshape(-1, 3) / 255
    assert (np.abs(network - green).max(axis=1) < 0.1).sum() > 100  # both kinds of synapse
    assert (np.abs(network - red).max(axis=1) < 0.1).sum() > 100
