"""``nnviz play`` and ``nnviz draw``: the model's maths against the trainers, and the windows
driven as a person would, by synthesised mouse and key events on the figure (Agg: no event
loop, so animations are jumped to their end)."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backend_bases import KeyEvent, MouseEvent  # noqa: E402

from nnviz.api import UsageError  # noqa: E402
from nnviz.data import xor  # noqa: E402
from nnviz.interactive.display import NoDisplay, display_problem, require_display  # noqa: E402
from nnviz.interactive.draw_window import DrawWindow  # noqa: E402
from nnviz.interactive.model import PlayModel  # noqa: E402
from nnviz.interactive.pad import Pad  # noqa: E402
from nnviz.interactive.play_window import PlayWindow  # noqa: E402
from nnviz.interactive.subjects import Trained, draw_network, play_setup  # noqa: E402
from nnviz.network import Network, initial_network, train_plain  # noqa: E402
from nnviz.online import _flatten, _NumpyStepper, _unflatten  # noqa: E402
from nnviz.train import TrainConfig, train  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def click(canvas, x: float, y: float, button: int = 1) -> None:
    """A press and a release at display point (x, y), as a mouse does."""
    MouseEvent("button_press_event", canvas, x, y, button=button)._process()
    MouseEvent("button_release_event", canvas, x, y, button=button)._process()


def click_button(window, name: str) -> None:
    ax = window.buttons[name].ax
    box = ax.get_window_extent()
    click(window.canvas, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)


def key(canvas, name: str) -> None:
    KeyEvent("key_press_event", canvas, name, x=10, y=10)._process()


def xor_window() -> PlayWindow:
    window = PlayWindow(PlayModel(*play_setup("xor")))
    window.canvas.draw()
    return window


# ====================================================================== the model's maths
def test_start_is_the_trainers_start():
    data, config = play_setup("xor")
    model = PlayModel(data, config)
    expected = initial_network((3, 4, 1), np.random.default_rng(0), False)
    for got, want in zip(model.network.W, expected.W):
        np.testing.assert_array_equal(got, want)


def test_backprop_is_one_step_of_the_online_trainer():
    data, config = play_setup("xor")
    model = PlayModel(data, config)
    model.select(2)
    before = model.network
    step = model.backprop()
    stepper = _NumpyStepper(before, config.bias)
    params, activations, _ = stepper.step(
        _flatten(before, False), (data.inputs[2], data.targets[2]), config.learning_rate
    )
    expected = _unflatten(params, before, False)
    for got, want in zip(model.network.W, expected.W):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(step.forward.output, activations[-1])
    # The cost of this example falls, and is the squared error ½ (t − o)².
    assert step.cost_after < step.cost_before
    assert step.cost_before == pytest.approx(0.5 * float((data.targets[2][0] - step.forward.output[0]) ** 2))


def test_backprop_matches_the_plain_loop_with_biases():
    data, config = play_setup("xor", bias=True)
    model = PlayModel(data, config)
    start = model.network
    for k in range(data.n_examples):  # one cycle, by hand
        model.select(k)
        model.forward()
        model.backprop()
    expected = train_plain(start, data.inputs, data.targets, 1, config.learning_rate, bias=True)
    for got, want in zip((*model.network.W, *model.network.b), (*expected.W, *expected.b)):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)


def test_train_n_from_the_start_is_the_trainers_network():
    data, config = play_setup("xor")
    model = PlayModel(data, config)
    model.train(100)
    model.train(23)
    reference = train(xor(), TrainConfig(train_cycles=123, shown=1)).final
    for got, want in zip(model.network.W, reference.W):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert model.log.trained == 123


def test_train_epochs_is_the_epoch_trainers_network():
    data, config = play_setup("circles", samples=100)
    model = PlayModel(data, config)
    model.train(3)
    reference = train(data, TrainConfig(**{**config.__dict__, "train_cycles": 3})).final
    for got, want in zip((*model.network.W, *model.network.b), (*reference.W, *reference.b)):
        np.testing.assert_array_equal(got, want)


def test_train_epochs_follows_the_trainers_falling_learning_rate():
    """MNIST's preset lowers the rate from 0.1 to 0.01 over its epochs; Train ×N had kept 0.1.
    After the preset's epochs the last rate holds."""
    from dataclasses import replace

    data, config = play_setup("circles", samples=100)
    config = replace(config, train_cycles=4, learning_rate_decay="linear")
    model = PlayModel(data, config)
    assert model.learning_rate == config.learning_rate
    model.train(1)
    model.train(3)
    reference = train(data, config).final  # the trainer's 4 epochs, rate 1, 3/4, 1/2 and 1/4 of it
    for got, want in zip((*model.network.W, *model.network.b), (*reference.W, *reference.b)):
        np.testing.assert_array_equal(got, want)
    assert model.learning_rate == config.learning_rate / 4
    model.train(6)
    assert model.learning_rate == config.learning_rate / 4


def test_reset_goes_back_to_the_start_and_replays_the_same_shuffles():
    data, config = play_setup("circles", samples=100)
    model = PlayModel(data, config)
    model.train(2)
    first = [w.copy() for w in model.network.W]
    model.backprop()
    model.reset()
    assert all(np.array_equal(a, b) for a, b in zip(model.network.W, model.initial.W))
    assert model.log.steps == 0 and model.log.trained == 0 and model.example == 0
    model.train(2)
    assert all(np.array_equal(a, b) for a, b in zip(model.network.W, first))


def test_inputs_find_their_target():
    model = PlayModel(*play_setup("xor"))
    model.set_inputs([1, 1, 0])  # the new situation: not a training example, its target is 0
    assert model.exact and model.target[0] == 0
    model.set_inputs([0, 1, 1])
    assert model.exact and model.example == 1 and model.target[0] == 1


# ====================================================================== the play window
def test_forward_button_lights_the_network_and_writes_the_cost():
    window = xor_window()
    assert window.neuron_text(2, 0) == ""  # nothing computed yet
    click_button(window, "forward")
    window.finish()
    f = window.model.forwarded
    assert f is not None
    assert window.neuron_text(2, 0) == f"{f.output[0]:.2f}"
    assert window.neuron_text(1, 3) == f"{f.activations[1][3]:.2f}"
    assert f"cost    {f.cost:.4f}" in window.info.get_text()
    assert window.verdicts[0].get_text() == "target 0.00"
    # The output's error ring is drawn as wide as the error.
    assert window.rings.get_linewidths()[-1] > 1


def test_backprop_button_changes_the_weights_on_the_wires():
    window = xor_window()
    click_button(window, "forward")
    before = [w.copy() for w in window.model.network.W]
    f = window.model.forwarded
    shown_before = window.wire_text(1, 0, 0)
    click_button(window, "backprop")
    window.finish()
    after = window.model.network.W
    assert not np.array_equal(before[1], after[1])
    assert window.wire_text(1, 0, 0) == f"{after[1][0, 0]:.2f}"
    assert window.wire_text(1, 0, 0) != shown_before  # hidden neuron 1 fires, so its weight moves
    assert "Backprop 1: cost" in window.info.get_text()
    # The numbers of the last forward pass are shown greyed: they are from before the step.
    assert window.stale and window.values[-1].get_color() == window.theme.muted
    # The rings compare across layers as the deltas do (worked by hand on the weights the
    # forward pass ran on): each hidden ring thinner than the output's, ordered as |delta|.
    hidden, output = np.asarray(f.activations[1]), np.asarray(f.output)
    delta_out = (np.asarray(f.target) - output) * output * (1 - output)
    delta_hidden = (before[1] @ delta_out) * hidden * (1 - hidden)
    widths = np.asarray(window.rings.get_linewidths(), dtype=float)
    assert np.all(widths[3:7] < widths[-1]) and np.all(np.abs(delta_hidden) < abs(delta_out[0]))
    assert list(np.argsort(widths[3:7])) == list(np.argsort(np.abs(delta_hidden)))
    error = abs(float(f.target[0] - f.output[0]))  # the output's ring: 1 + 9 x its error
    np.testing.assert_allclose(widths[-1], 1 + 9 * error)
    np.testing.assert_allclose(widths[3:7], 1 + 9 * np.cbrt(np.abs(delta_hidden) / abs(delta_out[0])) * error)


def test_backprop_animation_moves_weights_and_flashes_part_way():
    window = PlayWindow(PlayModel(*play_setup("xor")), animate=False)
    window.press("forward")
    window.animate = True  # a timer that never fires under Agg: the flow stays where it is put
    window.press("backprop")
    step_before, step_after = window.flow, window.model.network
    step_before._update(0.5)  # half way: the last layer's weights have moved, the first's not yet
    shown = window.network_shown
    np.testing.assert_allclose(shown.W[1], step_after.W[1])
    assert (
        np.max(
            window.flash.get_alpha()
            if window.flash.get_alpha() is not None
            else window.flash.get_colors()[:, 3]
        )
        > 0
    )
    window.finish()
    np.testing.assert_array_equal(window.network_shown.W[0], step_after.W[0])


def test_keys_drive_the_same_buttons():
    window = xor_window()
    key(window.canvas, "f")
    key(window.canvas, "b")
    window.finish()
    assert window.model.log.steps == 1
    key(window.canvas, "n")
    assert window.count == 1000
    key(window.canvas, "t")
    assert window.model.log.trained == 1000
    assert "Train \u00d71,000 cycles" in window.info.get_text()
    key(window.canvas, "right")
    assert window.model.example == 1
    key(window.canvas, "r")
    assert window.model.log.trained == 0 and window.model.example == 0
    assert window.wire_text(0, 0, 0) == f"{window.model.initial.W[0][0, 0]:.2f}"


def test_clicking_an_input_neuron_toggles_it():
    window = xor_window()
    x, y = window.ax.transData.transform(window.centres[0][0])
    click(window.canvas, x, y)
    assert list(window.model.inputs) == [1, 0, 1]
    assert window.neuron_text(0, 0) == "1.00"
    key(window.canvas, "1")
    assert list(window.model.inputs) == [0, 0, 1]


def test_train_n_button_then_forward_shows_a_lower_cost():
    window = xor_window()
    window.press("forward")
    first = window.model.forwarded.cost
    click_button(window, "count")  # 100 -> 1000
    click_button(window, "count")  # -> 10000
    click_button(window, "train")
    window.press("forward")
    window.finish()
    assert window.model.forwarded.cost < first


def test_after_train_n_the_last_forward_pass_is_greyed_and_its_error_ring_gone():
    """The output's error ring and the halos of the forward pass before Train ×N had stood
    beside the trained weights as if they were theirs."""
    window = xor_window()
    window.press("forward")
    window.finish()
    assert window.rings.get_linewidths()[-1] > 1 and window.rings.get_edgecolor()[-1][3] > 0
    halos = np.asarray(window.halos.get_facecolor())[:, 3].copy()
    click_button(window, "train")
    assert window.stale and window.values[-1].get_color() == window.theme.muted
    assert np.all(np.asarray(window.rings.get_edgecolor())[:, 3] == 0)
    np.testing.assert_allclose(np.asarray(window.halos.get_facecolor())[:, 3], 0.4 * halos)
    assert window.verdicts[0].get_text() == ""


def test_plane_click_picks_the_nearest_point():
    window = PlayWindow(PlayModel(*play_setup("circles", samples=60)))
    window.canvas.draw()
    k = 17
    point = window.model.dataset.inputs[k]
    x, y = window.ax_plane.transData.transform(point)
    click(window.canvas, x, y)
    assert window.model.example == k
    np.testing.assert_array_equal(window.model.inputs, point)
    window.press("forward")
    window.press("backprop")
    window.finish()
    assert window.model.log.steps == 1


def test_pictures_play_without_wire_values():
    window = PlayWindow(PlayModel(*play_setup("shapes", samples=60, pixels=12)))
    window.canvas.draw()
    assert not window.written and not window.weight_labels
    window.press("forward")
    window.press("backprop")
    window.finish()
    assert window.model.log.steps == 1


# ====================================================================== the drawing pad
def test_a_dab_puts_soft_ink_where_the_pen_is():
    pad = Pad((28, 28))
    pad.press(10.5, 5.5)  # the centre of pixel (row 5, column 10)
    x = pad.inputs().reshape(28, 28)
    assert x[5, 10] == 1.0  # saturated core
    assert 0 < x[5, 12] < x[5, 11] <= 1.0  # soft edge, falling off
    assert x[5, 20] == 0.0 and x[20, 10] == 0.0
    assert x.max() <= 1.0 and x.min() >= 0.0
    assert x.dtype == np.float32 and x.shape == (28, 28)


def test_a_stroke_is_continuous_and_the_eraser_and_clear_remove_ink():
    pad = Pad((28, 28))
    pad.press(4, 14)
    pad.move(24, 14)  # one fast move: no gaps along the way
    x = pad.inputs().reshape(28, 28)
    assert np.all(x[13, 4:24] > 0.9)
    pad.release()
    pad.press(14, 14, erase=True)
    assert pad.inputs().reshape(28, 28)[13, 13] < x[13, 13]
    pad.clear()
    assert not pad.inputs().any()


def test_8x8_inputs_are_block_means_of_a_32x32_pad():
    pad = Pad((8, 8))
    assert pad.shape == (32, 32) and pad.factor == 4
    pad.press(6, 6)
    x = pad.inputs().reshape(8, 8)
    np.testing.assert_allclose(x[1, 1], pad.ink[4:8, 4:8].mean(), rtol=1e-6)
    assert x[7, 7] == 0


@pytest.fixture(scope="module")
def digits_network() -> Trained:
    pytest.importorskip("sklearn")
    return draw_network("digits")


def _stroke(window: DrawWindow, points, button: int = 1) -> None:
    """A drag through ``points`` (pad pixels), as mouse events on the figure."""

    def display(px, py):
        left, bottom, block = window.pad_image.placement()
        return left + px * block, bottom + (window.pad.shape[0] - py) * block

    x, y = display(*points[0])
    MouseEvent("button_press_event", window.canvas, x, y, button=button)._process()
    for (ax_, ay), (bx, by) in zip(points, points[1:]):
        for t in np.linspace(0, 1, 6)[1:]:
            x, y = display(ax_ + t * (bx - ax_), ay + t * (by - ay))
            MouseEvent("motion_notify_event", window.canvas, x, y, button=button)._process()
    MouseEvent("button_release_event", window.canvas, x, y, button=button)._process()


def test_drawing_on_the_pad_changes_the_input_and_every_neuron(digits_network):
    window = DrawWindow(digits_network)
    window.canvas.draw()
    assert not window.pad.inputs().any()
    before = [np.array(a) for a in window.activations]
    _stroke(window, [(8, 8), (24, 8)])
    x = window.pad.inputs().reshape(8, 8)
    assert x[2, 2:6].min() > 0.2 and x[6:, :].max() == 0  # ink along the top, none below
    np.testing.assert_allclose(window.activations[0], window.pad.inputs(), rtol=1e-6)
    assert all(not np.allclose(a, b) for a, b in zip(window.activations[1:], before[1:]))
    # The probabilities on screen are the network's.
    p = window.probabilities()
    assert window.percents[int(np.argmax(p))].get_text().strip() == f"{p.max():.0%}"
    key(window.canvas, "c")
    assert not window.pad.inputs().any()


def test_clicking_a_first_layer_neuron_shows_its_weight_grid(digits_network):
    window = DrawWindow(digits_network)
    window.canvas.draw()
    x, y = window.ax_net.transData.transform(window.centres[1][5])
    click(window.canvas, x, y)
    assert window.selected == 5
    assert window.grid_title.get_text() == "first hidden neuron 6:"
    grid = window.grid_image.data
    assert grid.shape == (8, 8, 4)
    _stroke(window, [(4, 4), (28, 28)])  # ink reveals the weights under it
    assert not np.array_equal(grid, window.grid_image.data)


def test_draw_a_3_then_extend_it_into_an_8(digits_network):
    """3Blue1Brown's experiment: the answer changes as the 3's loops are closed."""
    window = DrawWindow(digits_network)
    window.canvas.draw()
    _stroke(window, [(9, 7), (15, 5), (21, 6), (23, 10), (20, 14), (14, 16)])
    _stroke(window, [(14, 16), (21, 18), (23, 23), (20, 27), (14, 28), (9, 26)])
    assert digits_network.classes[int(np.argmax(window.probabilities()))] == "3"
    _stroke(window, [(9, 7), (8, 11), (14, 16)])
    _stroke(window, [(14, 16), (8, 21), (9, 26)])
    assert digits_network.classes[int(np.argmax(window.probabilities()))] == "8"


def test_a_full_update_of_784_16_16_10_follows_the_pad():
    """A picture of MNIST's size is thought about anew at every move of the pad (how fast:
    benchmarks/draw_speed.py)."""
    rng = np.random.default_rng(0)
    net = initial_network((784, 16, 16, 10), rng, True, hidden="relu", output="softmax", init="he")
    net = Network(
        tuple(w.astype(np.float32) for w in net.W),
        tuple(b.astype(np.float32) for b in net.b),
        "relu",
        "softmax",
    )
    window = DrawWindow(Trained(net, (28, 28), tuple("0123456789"), "mnist-sized"))
    window.canvas.draw()
    seen = []
    for k in range(20):
        window.pad.move(5 + k, 14)
        window.update()
        p = window.probabilities()
        expected = net.output_of(window.pad.inputs(np.float32)[None, :])[0]
        np.testing.assert_allclose(p, expected, rtol=1e-5, atol=1e-6)
        seen.append(p.copy())
    assert not np.allclose(seen[0], seen[-1])  # the strokes changed what it thinks


# ====================================================================== no display
def test_no_display_is_one_line_and_exit_2():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    for command in (["play", "xor"], ["draw", "digits"]):
        done = subprocess.run(
            [sys.executable, "-m", "nnviz", *command], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(
            f"nnviz: error: nnviz {command[0]} needs a display (none found: DISPLAY is not set)"
        )
        assert "%matplotlib widget" in lines[0]


def test_a_display_nothing_answers_on_is_named_with_the_reason():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DISPLAY": ":987"}  # no X server there
    done = subprocess.run([sys.executable, "-m", "nnviz", "play", "xor"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "backend is agg" not in lines[0]
    try:
        import tkinter  # noqa: F401
    except ImportError:
        assert "this Python has no Tk" in lines[0]
    else:
        assert "Tk cannot open a window on ':987'" in lines[0]


@pytest.mark.parametrize("command", [["play", "xor"], ["draw", "digits", "--quiet"]])
def test_a_named_backend_on_a_display_nothing_answers_on_is_refused(command):
    """With $MPLBACKEND=TkAgg matplotlib fell back to drawing into memory: the window never
    came, matplotlib warned, and the command exited 0."""
    try:
        import tkinter  # noqa: F401
    except ImportError:
        pytest.skip("this Python has no Tk, so no TkAgg to name")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DISPLAY": ":987", "MPLBACKEND": "TkAgg"}
    done = subprocess.run([sys.executable, "-m", "nnviz", *command], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Tk cannot open a window on ':987'" in lines[0], done.stderr


@pytest.mark.parametrize("backend, module", [("qtagg", "PyQt6"), ("wxagg", "wx"), ("gtk4agg", "gi")])
def test_a_named_backend_whose_toolkit_is_missing_is_one_line_before_any_work(backend, module):
    """$MPLBACKEND=qtagg without Qt had been a 40-line traceback, and draw's only after training."""
    import importlib.util

    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DISPLAY": ":987", "MPLBACKEND": backend}
    for command in (["play", "xor"], ["draw", "digits", "--quiet"]):
        done = subprocess.run([sys.executable, "-m", "nnviz", *command], env=env, capture_output=True,
                              text=True, timeout=120)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1, done.stderr
        assert f"the backend {backend} (MPLBACKEND asks for it) cannot load" in lines[0]
        assert "unset MPLBACKEND" in lines[0]


def test_display_rules():
    assert display_problem({}, "linux") == "DISPLAY is not set"
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "darwin") is None
    assert require_display("x", "module://ipympl.backend_nbagg", {}, "linux")  # a notebook needs none
    with pytest.raises(NoDisplay, match="needs a display"):
        require_display("x", "TkAgg", {}, "linux")
    with pytest.raises(NoDisplay, match="draws only files"):
        require_display("x", "agg", {"DISPLAY": ":0"}, "linux")
    assert require_display("x", "TkAgg", {"DISPLAY": ":0"}, "linux") == "TkAgg"


def test_bad_input_is_refused_in_one_line(capsys):
    from nnviz.api import UsageError
    from nnviz.cli import main

    assert main(["play", "nope"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(UsageError, match="does not fit the data"):
        play_setup("spiral", layers=(3, 4, 1))


def test_a_tables_sliders_say_the_tables_own_values():
    """The network sees standardised inputs; a slider had said "−1.47" for a 5.0 cm row."""
    from pathlib import Path

    flowers = Path(__file__).parent.parent / "examples" / "flowers.csv"
    window = PlayWindow(PlayModel(*play_setup("custom", data=flowers)), animate=False)
    scaling = window.model.dataset.scaling
    own = scaling.undo(window.model.inputs)
    assert len(window.sliders) == 4
    for slider, value in zip(window.sliders, own):
        assert slider.valtext.get_text() == f"{value:.4g}".replace("-", "\u2212")
    window.sliders[2].set_val(0.5)  # standardised, as the network sees it
    assert window.model.inputs[2] == 0.5
    assert window.sliders[2].valtext.get_text() == f"{scaling.mean[2] + 0.5 * scaling.scale[2]:.4g}"
    plt.close(window.figure)


def test_a_column_of_one_value_gets_a_slider_without_a_warning(tmp_path):
    import warnings

    rows = "".join(f"{k % 7},5,{k % 3},{'ab'[k % 2]}\n" for k in range(30))
    (tmp_path / "c.csv").write_text("a,b,c,label\n" + rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib's "identical low and high xlims" had been printed
        window = PlayWindow(PlayModel(*play_setup("custom", data=tmp_path / "c.csv")), animate=False)
    low, high = window.sliders[1].valmin, window.sliders[1].valmax
    assert high - low == 2
    plt.close(window.figure)


def test_long_names_stay_inside_the_window_and_apart(tmp_path):
    """Names of 13 letters had run off the window's left edge; names alike but for a digit
    in the middle had read alike."""
    names = [f"environmental_sensor_{s}_temperature_{k}" for s in "AB" for k in "12"]
    rows = np.random.default_rng(0).normal(size=(30, 4))
    (tmp_path / "long.csv").write_text(",".join(names) + ",label\n" + "".join(
        ",".join(f"{v:.3f}" for v in row) + f",{'ab'[k % 2]}\n" for k, row in enumerate(rows)))
    window = PlayWindow(PlayModel(*play_setup("custom", data=tmp_path / "long.csv")), animate=False)
    window.figure.canvas.draw()
    r = window.figure.canvas.get_renderer()
    said = [t for t in window.ax.texts if t.get_text().startswith("env")]
    assert len(said) == 4 and len({t.get_text() for t in said}) == 4, [t.get_text() for t in said]
    assert min(t.get_window_extent(r).x0 for t in said) >= 6
    assert len({s.label.get_text() for s in window.sliders}) == 4
    plt.close(window.figure)


def test_a_full_window_keeps_its_numbers_and_text_apart(tmp_path):
    """16 a layer: each number had touched the rim of the neuron above it, and the text's
    line of 16 inputs had run off the window's right edge."""
    table = _table(tmp_path / "t.csv", 16, 2)
    window = PlayWindow(PlayModel(*play_setup("custom", data=table)), animate=False)
    window.press("forward")
    window.figure.canvas.draw()
    r = window.figure.canvas.get_renderer()
    radius = window.diameter / 2 * window.figure.dpi / 72
    tops = {}
    for text, (x, y) in zip(window.values, np.vstack([window.centres[k] for k in sorted(window.centres)])):
        rim = window.ax.transData.transform((x, y))[1] - radius  # the neuron's bottom, pixels
        tops.setdefault(round(float(x), 6), []).append((rim, text.get_window_extent(r)))
    checked = 0
    for column in tops.values():
        column.sort(key=lambda pair: pair[0])
        for (_, box), (rim_above, _) in zip(column, column[1:]):
            assert box.y1 < rim_above, (box, rim_above)
            checked += 1
    assert checked >= 3 * 15
    assert window.info.get_window_extent(r).x1 <= window.figure.bbox.width
    assert "16 in all" in window.info.get_text()
    plt.close(window.figure)


def _table(path, inputs: int, classes: int):
    rows = np.random.default_rng(0).normal(size=(4 * classes, inputs))
    header = ",".join(f"x{i}" for i in range(inputs)) + ",label\n"
    path.write_text(header + "".join(",".join(f"{v:.3f}" for v in row) + f",{k % classes}\n"
                                     for k, row in enumerate(rows)))
    return path


@pytest.mark.parametrize("name, options, said", [
    ("circles", {"layers": (2, 24, 24, 1)}, "at most 16 in a layer and up to 4 hidden layers, and layers=(2"),
    ("circles", {"layers": (2, 4, 4, 4, 4, 4, 1)}, "(2, 4, 4, 4, 4, 4, 1) is more; use smaller layers"),
    ("custom", {"table": (20, 2)}, "at most 16 in a layer, and the data has 20 inputs; make a video"),
    ("custom", {"table": (3, 11)}, "for up to 10 classes, and the data has 11; make a video"),
])
def test_play_refuses_a_network_it_cannot_draw_whole(tmp_path, name, options, said):
    """Beyond these its numbers had run into each other, its wires were left out, and a deep
    network's names had run off the window's edges."""
    if "table" in options:
        options = {"data": _table(tmp_path / "t.csv", *options["table"])}
    with pytest.raises(UsageError) as refused:
        play_setup(name, **options)
    assert said in str(refused.value)


def test_play_draws_the_largest_network_it_allows():
    """16 a layer in 4 hidden layers, and a picture's 784 inputs (the picture itself)."""
    play_setup("circles", layers=(2, 16, 16, 16, 16, 1))
    play_setup("shapes", samples=90, layers=(784, 16, 16, 3))


@pytest.mark.parametrize("name, options, said", [
    ("xor", {"pixels": 8}, "pixels is for shapes, not xor"),
    ("moons", {"pixels": 8}, "pixels is for shapes, not moons"),
    ("shapes", {"noise": 5}, "noise is for the 2-D sets, not shapes"),
    ("xor", {"layers": (3, 4, 1)}, "XOR's network is the original 3-4-1 (it takes seed, learning_rate and "
                                   "bias), so not layers"),
])
def test_play_names_an_option_given_for_other_data(name, options, said):
    """play's help lists every data set's options; one given for another set is named with
    the sets it is for, not refused as unknown (in Python, by its keyword)."""
    with pytest.raises(UsageError) as refused:
        play_setup(name, **options)
    assert str(refused.value).startswith(said) or said in str(refused.value)
    assert "--" not in str(refused.value)


def test_a_wayland_display_without_its_runtime_folder_is_one_line():
    """Probing a Wayland display without $XDG_RUNTIME_DIR had its library print a line of
    its own ("error: XDG_RUNTIME_DIR is invalid…") before nnviz's."""
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "WAYLAND_DISPLAY": "wayland-987"}
    done = subprocess.run([sys.executable, "-m", "nnviz", "play", "xor"], env=env, capture_output=True,
                          text=True, timeout=60)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith("nnviz: error: "), done.stderr


def test_a_plane_of_more_classes_than_colours_plays_without_its_map(tmp_path):
    """Ten classes over two inputs had been coloured class number mod 8 on the play window's
    map (class 8 as class 0's orange): as the video does, the window shows no map."""
    kinds = np.arange(200) % 10
    rows = "".join(f"{k + 0.1 * (i % 5)},{(i * 7) % 11},kind {k}\n" for i, k in enumerate(kinds))
    (tmp_path / "c10.csv").write_text("a,b,label\n" + rows)
    window = PlayWindow(PlayModel(*play_setup("custom", data=str(tmp_path / "c10.csv"), layers=(2, 8, 10))))
    window.canvas.draw()
    assert not window.plane and not hasattr(window, "ax_plane")
    window.press("forward")
    window.press("backprop")
    window.finish()
    assert window.model.log.steps == 1
    eight = tmp_path / "c8.csv"
    eight.write_text("a,b,label\n" + "".join(f"{k},{(i * 7) % 11},kind {k}\n"
                                             for i, k in enumerate(np.arange(160) % 8)))
    assert PlayWindow(PlayModel(*play_setup("custom", data=str(eight), layers=(2, 8, 8)))).plane
