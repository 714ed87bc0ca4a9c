"""Colours and sizes of the picture. Pure data: nothing here draws."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Theme:
    background: str = "#0b0f17"
    panel: str = "#131a26"
    text: str = "#e8edf4"
    muted: str = "#8a96a8"
    # Positive weights excite, negative ones inhibit. A bluish green and a vermilion red
    # keep the green/red reading and stay apart for colour-blind eyes: simulated
    # deuteranopia (Machado 2009) leaves them 52 CIELAB units apart, where pure green and
    # red collapse to 15.
    positive: str = "#21c49a"
    negative: str = "#ff5a36"
    neuron_dark: str = "#1a2130"  # a neuron that is not firing
    neuron_ring: str = "#5d6b80"
    # A firing neuron glows violet, a hue that stays clear of both weight colours for
    # colour-blind eyes too: at least 30 CIELAB units from each in normal vision, simulated
    # deuteranopia and protanopia. (An amber glow did not: a half-firing amber neuron and a
    # negative synapse were 3 units apart in deuteranopia.)
    glow: str = "#b794ff"  # halo of a firing neuron, and its lit ring
    neuron_mid: str = "#7c3aed"  # a half-firing neuron: vivid violet, not grey
    glow_core: str = "#d8ccff"  # centre of a fully firing neuron: near white, violet-tinged
    highlight: str = "#24324a"  # row of the example being considered
    error_bar: str = "#ffc24b"
    # Step mode's error rings and gradient flashes: a lemon yellow, 39 CIELAB units from the
    # negative weights' vermilion under simulated deuteranopia and protanopia (the amber of
    # the error bar came within 20, and a flash over a red synapse read as one), and further
    # from the positive weights and every glow.
    gradient: str = "#ffea00"
    # Classes on the decision map and its points, in class order: Playground's orange (class
    # 0) and blue (class 1), as Okabe and Ito's colour-blind safe orange and sky blue, then
    # the rest of their palette in the order that keeps each new colour farthest from those
    # before it for colour-blind eyes. Two classes stay 100 CIELAB units apart (their map
    # shades 58) in normal vision, simulated deuteranopia and protanopia; three, 48 (shades
    # 22). Dichromats see two dimensions of colour, so from the fourth class on the key's
    # names do more of the telling apart.
    classes: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#F0E442",
                                "#0072B2", "#BBBBBB")


DARK = Theme()

# For a white page. Okabe and Ito's bluish green and vermilion: 53 CIELAB units apart in
# simulated deuteranopia. A firing neuron deepens from pale lavender to vivid violet: an
# orange glow would pass for a negative weight (its core was 15 units from the vermilion).
# The glow stays at least 48 units from both weights, in normal vision, deuteranopia and
# protanopia alike.
LIGHT = Theme(
    background="#ffffff",
    panel="#f2f4f8",
    text="#1d2433",
    muted="#5f6b7d",
    positive="#009E73",
    negative="#D55E00",
    neuron_dark="#e9edf3",
    neuron_ring="#8d98a9",
    glow="#8b5cf6",
    neuron_mid="#c4b5fd",
    glow_core="#7c3aed",
    highlight="#dde5f0",
    error_bar="#f5a300",
    gradient="#ffd700",  # gold: lemon yellow vanishes on white; 37 units from the vermilion
    # On white, Okabe and Ito's deeper blue for class 1: the sky blue is too pale for points.
    classes=("#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#666666"),
)

THEMES = {"dark": DARK, "light": LIGHT}
# The classes a decision map tells apart, one colour each (every theme has as many): twelve
# had been coloured class number mod 8, Red-winged Blackbird's points as Goldfinch's.
MAP_CLASSES = min(len(theme.classes) for theme in THEMES.values())


def beyond_the_map(inputs: int, classes: int) -> str | None:
    """The note for a plane (two inputs) of more classes than MAP_CLASSES, a table's or a
    Recorder's; None for any other data."""
    if inputs != 2 or classes <= MAP_CLASSES:
        return None
    return (f"{classes} classes: more than a decision map's {MAP_CLASSES} colours, so the picture shows "
            "the loss and accuracy curves instead of the map")


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Relative luminance (WCAG) of sRGB colours, channels 0 to 1 along the last axis: 0 for
    black, 1 for white."""
    rgb = np.asarray(rgb, dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


# The luminance at which white and black text have the same contrast ratio against a colour:
# below it a colour is dark (white reads better on it).
EVEN_CONTRAST = np.sqrt(1.05 * 0.05) - 0.05

# Synapse width in points (at 1080 pixels high; everything scales with the frame height).
# Width grows with |w| and saturates, so weights near ±20 do not swallow the picture.
SYNAPSE_MIN_WIDTH = 0.6
SYNAPSE_MAX_WIDTH = 13.0
SYNAPSE_WIDTH_SCALE = 4.0  # |w| at which the width has gone ~63 % of the way to the cap


def synapse_width(weight: np.ndarray) -> np.ndarray:
    grow = 1.0 - np.exp(-np.abs(weight) / SYNAPSE_WIDTH_SCALE)
    return SYNAPSE_MIN_WIDTH + (SYNAPSE_MAX_WIDTH - SYNAPSE_MIN_WIDTH) * grow


def synapse_strength(weight: np.ndarray) -> np.ndarray:
    """How much of a signal a synapse passes on, 0 (withered, |w| near 0) to 1 (|w| of 1.5
    or more): what its opacity and its glow follow."""
    return np.clip(np.abs(weight) / 1.5, 0.0, 1.0)


def synapse_opacity(weight: np.ndarray) -> np.ndarray:
    """Withered synapses (|w| near 0) fade; anything above |w| = 1.5 is fully opaque."""
    return 0.35 + 0.65 * synapse_strength(weight)
