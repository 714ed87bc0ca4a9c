"""Themes: a light one for white pages; weight colours that colour-blind readers can tell apart."""

import itertools

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from nnviz import xor_still
from nnviz.data import xor
from nnviz.render import Renderer
from nnviz.render.decision import MAP_STRENGTH
from nnviz.story import story
from nnviz.style import THEMES
from nnviz.train import TrainConfig, setup_of, train

# Machado, Oliveira & Fernandes (2009): full deuteranopia and protanopia, on linear RGB.
DEUTERANOPIA = np.array([
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
])
PROTANOPIA = np.array([
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
])
VISIONS = {"normal": np.eye(3), "deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}

# A firing neuron must not pass for a synapse: every colour of the glow (halo and lit ring,
# half-firing core, fully firing core) stays at least this many CIELAB units (ΔE76) from
# both weight colours, for every vision above. The two weight colours themselves are 34 to
# 37 units apart under simulated protanopia.
GLOW_CLEARANCE = 30


def _linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = (xyz @ np.clip(linear_rgb, 0, 1)) / np.array([0.9505, 1.0, 1.089])
    f = lambda t: np.cbrt(t) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return np.array([116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))])


def _seen(colour, vision="normal"):
    """CIELAB of an sRGB colour (a name, or 0..1 values) as ``vision`` sees it."""
    return _lab(VISIONS[vision] @ _linear(to_rgb(colour) if isinstance(colour, str) else colour))


@pytest.mark.parametrize("name", THEMES)
def test_weight_colours_stay_apart_for_deuteranopes(name):
    theme = THEMES[name]
    seen = [_seen(c, "deuteranopia") for c in (theme.positive, theme.negative)]
    assert np.linalg.norm(seen[0] - seen[1]) > 40  # plain green against red manages about 15


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("part", ["glow", "neuron_mid", "glow_core"])
@pytest.mark.parametrize("name", THEMES)
def test_a_firing_neuron_does_not_look_like_a_weight(name, part, vision):
    theme = THEMES[name]
    lit = _seen(getattr(theme, part), vision)
    for weight in (theme.positive, theme.negative):
        distance = np.linalg.norm(lit - _seen(weight, vision))
        assert distance >= GLOW_CLEARANCE, f"{part} is {distance:.1f} from {weight}"


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", THEMES)
def test_step_modes_error_and_gradient_colour_stands_apart_from_weights_and_glows(name, vision):
    """Step mode's rings and flashes had been the error bar's amber: 20 CIELAB units from the
    negative weights' vermilion under deuteranopia, so a flash over a red synapse read as a
    red synapse. Its own colour stays 35 units from either weight and 60 from every glow."""
    theme = THEMES[name]
    flash = _seen(theme.gradient, vision)
    for weight in (theme.positive, theme.negative):
        assert np.linalg.norm(flash - _seen(weight, vision)) >= 35, weight
    for glow in (theme.glow, theme.neuron_mid, theme.glow_core):
        assert np.linalg.norm(flash - _seen(glow, vision)) >= 60, glow
    amber = _seen(theme.error_bar, "deuteranopia")
    assert np.linalg.norm(amber - _seen(theme.negative, "deuteranopia")) < 27  # what it replaced


@pytest.mark.parametrize("name", THEMES)
def test_a_more_active_core_stands_further_out_from_the_page(name):
    """The core's lightness moves steadily away from the page's as activity grows (deeper on
    a white page, paler on a dark one), so activity reads even in greyscale."""
    theme = THEMES[name]
    stops = np.array([to_rgb(c) for c in (theme.neuron_dark, theme.neuron_mid, theme.glow_core)])
    t = np.linspace(0, 2, 201)  # the renderer's ramp: straight lines in sRGB between the stops
    segment = np.minimum(t.astype(int), 1)
    ramp = stops[segment] + (stops[segment + 1] - stops[segment]) * (t - segment)[:, None]
    page = _seen(theme.background)[0]
    apart = np.abs(np.array([_seen(c)[0] for c in ramp]) - page)
    assert np.all(np.diff(apart) > 0)
    assert apart[-1] - apart[0] > 40


def _contrast(a, b):
    """WCAG contrast ratio of two 0..1 sRGB colours."""
    y = sorted(float(np.dot([0.2126, 0.7152, 0.0722], _linear(c))) for c in (a, b))
    return (y[1] + 0.05) / (y[0] + 0.05)


def test_the_most_active_neuron_renders_unlike_a_weight_with_its_number_legible():
    theme = THEMES["light"]
    shots = story(train(xor(), TrainConfig(train_cycles=60, shown=3)), 1)
    shot = shots[-1]  # the new situation: inputs 1, 1, 0
    renderer = Renderer(setup_of(xor(), TrainConfig(train_cycles=60)), 640, 360, theme=theme, blit=False)
    frame = renderer.draw(shot)[..., :3].astype(float) / 255
    activations = np.concatenate(shot.activations)
    lay = renderer.layout
    most = int(np.argmax(activations))
    column, row = np.round(lay.to_pixels(lay.all_centres[most])).astype(int)
    centre = np.median(frame[row - 2 : row + 3, column - 2 : column + 3].reshape(-1, 3), axis=0)
    assert np.linalg.norm(_seen(centre) - _seen(theme.neuron_dark)) > 30  # it is lit
    for vision in VISIONS:
        for weight in (theme.negative, theme.positive):
            distance = np.linalg.norm(_seen(centre, vision) - _seen(weight, vision))
            assert distance >= GLOW_CLEARANCE, f"{distance:.1f} from {weight} ({vision})"
    # Its number sits on the halo, up and to the right: the dark digits stay legible there.
    radius = lay.radius * lay.stage_pixels
    left, bottom = column + round(0.95 * radius), row - round(0.95 * radius)
    label = frame[bottom - round(0.45 * radius) : bottom, left : left + round(1.8 * radius)]
    under = np.median(label.reshape(-1, 3), axis=0)
    assert np.linalg.norm(under - 1) > 0.04  # the halo tints the white page under the number
    assert _contrast(under, to_rgb(theme.text)) > 7


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


def _map_shade(theme, colour):
    """A class's colour on the decision map where the network is sure: mixed with the panel's."""
    return (1 - MAP_STRENGTH) * np.array(to_rgb(theme.panel)) + MAP_STRENGTH * np.array(to_rgb(colour))


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", THEMES)
def test_the_decision_maps_classes_stay_apart_for_colour_blind_readers(name, vision):
    theme = THEMES[name]
    apart = lambda a, b: np.linalg.norm(_seen(a, vision) - _seen(b, vision))  # noqa: E731
    shade = lambda colour: _map_shade(theme, colour)  # noqa: E731
    first, second, third = theme.classes[:3]
    # Two classes, Playground's orange and blue: as far apart as the weights' colours, or more.
    assert apart(first, second) > 90 and apart(shade(first), shade(second)) > 50
    # Three classes still differ at a glance.
    for a, b in itertools.combinations((first, second, third), 2):
        assert apart(a, b) > 40 and apart(shade(a), shade(b)) > 20, (a, b)
    for colour in (first, second, third):
        assert apart(shade(colour), theme.panel) > 15  # a sure answer stands out from a tie
        assert apart(colour, shade(colour)) > 20  # and a point from the map under it


def test_a_theme_is_named_in_any_case(tmp_path):
    """--activation ReLU was taken while --theme Light was refused."""
    from nnviz.cli import main
    from nnviz.film import VideoOptions

    assert VideoOptions(theme="Light").theme == "light"
    assert np.array_equal(xor_still(theme="LIGHT", width=640, train_cycles=60).image,
                          xor_still(theme="light", width=640, train_cycles=60).image)
    assert main(["xor", "--theme", "Light", "--still", "after", "--size", "640x360", "--quiet",
                 "--train-cycles", "60", "--out", str(tmp_path / "a.png")]) == 0
    assert Image.open(tmp_path / "a.png").getpixel((2, 2))[:3] == (255, 255, 255)
