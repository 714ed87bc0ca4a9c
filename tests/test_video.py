"""The produced MP4, decoded: size, timing, pixels, and the extra outputs beside it."""

import json

import numpy as np
import pytest
from media import decode, packet_times, stream_line, top_level_boxes, video_size
from PIL import Image

from nnviz.cli import main
from nnviz.data import xor
from nnviz.layout import network_layout
from nnviz.train import TrainConfig, train

W, H, FPS, HOLD = 640, 360, 10, 5  # 0.5 s per shot at 10 fps
TRAIN, SHOWN = 60, 3
SHOTS = 1 + SHOWN * 7 + 2


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("video")
    out = folder / "learn.mp4"
    code = main([
        "xor", "--out", str(out), "--size", f"{W}x{H}", "--fps", str(FPS),
        "--seconds-per-frame", "0.5", "--train-cycles", str(TRAIN), "--cycles", str(SHOWN),
        "--stills", str(folder / "stills"), "--json", str(folder / "summary.json"), "--quiet",
    ])
    assert code == 0
    return folder, out


@pytest.fixture(scope="module")
def frames(made):
    """One decoded picture per shot (the stored frames, in order)."""
    pictures = decode(made[1])
    return pictures[:SHOTS]


def test_stream_is_browser_friendly_h264(made):
    _, out = made
    line = stream_line(out)
    assert "h264 (High)" in line and "yuv420p" in line and "bt709" in line
    assert video_size(out) == (W, H)
    boxes = top_level_boxes(out)
    assert boxes.index("moov") < boxes.index("mdat")  # +faststart: playable while downloading


def test_duration_and_timestamps_follow_the_shots_and_holds(made):
    _, out = made
    times, end = packet_times(out)
    expected_starts = [i * HOLD / FPS for i in range(SHOTS)]
    assert times[:SHOTS] == pytest.approx(expected_starts, abs=1e-9)
    assert end == pytest.approx(SHOTS * HOLD / FPS, abs=1e-9)
    assert all(abs(t * FPS - round(t * FPS)) < 1e-6 for t in times)  # every frame on the grid
    resampled = decode(out, fps=FPS)
    assert len(resampled) == SHOTS * HOLD
    # a held shot shows one picture for its whole hold, and the next shot starts after it
    # (the repeat that closes the last shot is encoded again: equal up to encoder noise)
    for shot in (0, 5, SHOTS - 1):
        held = resampled[shot * HOLD : (shot + 1) * HOLD].astype(int)
        assert np.abs(held - held[0]).mean() < 0.5
    assert np.abs(resampled[HOLD].astype(int) - resampled[HOLD - 1]).max() > 50


def _synapse_colours(frame):
    r, g, b = (frame[..., i].astype(int) for i in range(3))
    green = (g > r + 60) & (g >= b)  # the theme's bluish green
    red = (r > g + 80) & (r > b + 60)  # its vermilion (the amber glow has less red over green)
    return green, red


def test_early_frame_has_green_and_red_synapses(frames):
    network_area = frames[1][:, : int(W * 0.58)]
    green, red = _synapse_colours(network_area)
    assert green.sum() > 200 and red.sum() > 200


def _neuron_pixels(frame, centre, layout):
    px, py = np.round(layout.to_pixels(centre)).astype(int)
    patch = frame[py - 3 : py + 4, px - 3 : px + 4].astype(float)
    return patch.mean()


def test_brighter_neuron_for_higher_activation(frames):
    run = train(xor(), TrainConfig(train_cycles=TRAIN, shown=SHOWN))
    layout = network_layout(run.sizes, W, H)
    centres = layout.all_centres
    for shot_index, snap in enumerate(run.snapshots[:7], start=1):
        activations = np.concatenate(snap.activations)
        low, high = np.argmin(activations), np.argmax(activations)
        if activations[high] - activations[low] < 0.3:
            continue
        frame = frames[shot_index]
        assert _neuron_pixels(frame, centres[high], layout) > _neuron_pixels(frame, centres[low], layout) + 30
    # and before training nothing is thinking: all neurons equally dark
    dark = [_neuron_pixels(frames[0], c, layout) for c in centres]
    assert max(dark) - min(dark) < 5 and max(dark) < 80


def test_caption_changes_between_examples(frames):
    panel = slice(int(W * 0.62), W)
    for a, b in zip(frames[1:7], frames[2:8]):
        assert np.abs(a[:, panel].astype(int) - b[:, panel]).max() > 100


def test_json_summary(made):
    folder, out = made
    summary = json.loads((folder / "summary.json").read_text())
    run = train(xor(), TrainConfig(train_cycles=TRAIN, shown=SHOWN))
    assert summary["video"] == str(out)
    assert summary["frames"] == SHOTS * HOLD
    assert summary["duration_s"] == pytest.approx(SHOTS * HOLD / FPS)
    assert summary["shown_cycles"] == list(run.steps)
    np.testing.assert_allclose(summary["final_outputs"], run.final_outputs()[:, 0], atol=1e-12)
    assert summary["new_situation"]["inputs"] == [1, 1, 0]
    assert summary["new_situation"]["estimate"] == pytest.approx(run.new_situation()[-1][0])


def test_stills_are_full_size_and_match_the_video(made, frames):
    folder, _ = made
    for name, shot in (("before.png", 0), ("after.png", SHOTS - 2), ("new-situation.png", SHOTS - 1)):
        with Image.open(folder / "stills" / name) as image:
            assert image.size == (W, H)
            still = np.asarray(image.convert("RGB")).astype(int)
        assert np.abs(still - frames[shot]).mean() < 3  # same picture, up to encoding noise


def test_same_options_same_frames(tmp_path, frames):
    out = tmp_path / "again.mp4"
    assert main([
        "xor", "--out", str(out), "--size", f"{W}x{H}", "--fps", str(FPS),
        "--seconds-per-frame", "0.5", "--train-cycles", str(TRAIN), "--cycles", str(SHOWN), "--quiet",
    ]) == 0
    assert np.array_equal(decode(out)[:SHOTS], frames)


def test_an_ffmpeg_killed_mid_video_is_said_to_be(tmp_path):
    """A signal leaves ffmpeg no word to say: the error names it ("it was killed by SIGKILL"),
    not "ffmpeg stopped early: no message"."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, EncodeError, VideoWriter

    frame = np.zeros((360, 640, 4), np.uint8)
    writer = VideoWriter(tmp_path / "v.mp4", 640, 360, 30, [1] * 60, QUALITIES[DEFAULT_QUALITY])
    writer._process.kill()
    writer._process.wait()
    with pytest.raises(EncodeError, match="killed by SIGKILL"):
        for _ in range(60):
            writer.write(frame)
        writer.close()
    writer.abort()
    assert not list(tmp_path.iterdir())


def test_a_video_of_thousands_of_unevenly_held_shots_times_every_one(tmp_path):
    """Its timing expression is longer than one command-line argument may be (a smooth XOR
    video of 550 shown cycles had failed with 'Argument list too long'): ffmpeg reads it
    from a file, and each picture starts where its shot does."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter, _pts_expression, presentation_times

    holds = [1, 2] * 4200
    assert len(_pts_expression(presentation_times(holds))) > 131_072  # Linux's limit for one argument
    frame = np.zeros((64, 64, 4), np.uint8)
    with VideoWriter(tmp_path / "v.mp4", 64, 64, 30, holds, QUALITIES[DEFAULT_QUALITY]) as writer:
        for k in range(len(holds)):
            frame[..., :3] = (k * 37) % 256
            writer.write(frame)
    times, end = packet_times(tmp_path / "v.mp4")
    starts = np.concatenate([[0], np.cumsum(holds)[:-1]]) / 30
    assert len(times) >= len(holds) and np.allclose(sorted(times)[: len(holds)], starts, atol=1e-3)
    assert end == pytest.approx(sum(holds) / 30, abs=1e-3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.mp4"]


def test_the_filter_graph_s_file_goes_with_the_writer(tmp_path, monkeypatch):
    """Whether the video is finished, abandoned, or its ffmpeg fails, no nnviz-graph file
    stays in the temporary folder."""
    import tempfile

    from nnviz.video import DEFAULT_QUALITY, QUALITIES, EncodeError, VideoWriter

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    frame = np.zeros((64, 64, 4), np.uint8)
    with VideoWriter(tmp_path / "a.mp4", 64, 64, 30, [1, 2], QUALITIES[DEFAULT_QUALITY]) as writer:
        assert [p.name.startswith("nnviz-graph-") for p in scratch.iterdir()] == [True]
        writer.write(frame)
        writer.write(frame)
    with pytest.raises(RuntimeError), VideoWriter(tmp_path / "b.mp4", 64, 64, 30, [1, 2],
                                                 QUALITIES[DEFAULT_QUALITY]) as writer:
        writer.write(frame)
        raise RuntimeError("the run stopped")
    writer = VideoWriter(tmp_path / "c.mp4", 64, 64, 30, [1], QUALITIES[DEFAULT_QUALITY])
    writer._process.kill()
    with pytest.raises(EncodeError):
        writer.write(frame)
        writer.close()
    writer.abort()
    assert not list(scratch.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "tmp"]


def test_a_picture_is_taken_when_written_so_its_canvas_can_be_drawn_over(tmp_path):
    """ffmpeg reads a picture while the next one is drawn: the writer keeps its own copy,
    so a canvas drawn over as soon as ``write`` returns changes no frame of the video."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    canvas = np.zeros((720, 1280, 4), np.uint8)  # 3.7 MB: more than the pipe holds at once
    shades = [30, 140, 250]
    holds = [1] * len(shades)
    with VideoWriter(tmp_path / "v.mp4", 1280, 720, 30, holds, QUALITIES[DEFAULT_QUALITY]) as writer:
        for shade in shades:
            canvas[...] = shade
            writer.write(canvas)
            canvas[...] = 0  # drawn over at once
    frames = decode(tmp_path / "v.mp4")
    assert [round(float(frame.mean())) for frame in frames[: len(shades)]] == pytest.approx(shades, abs=2)


def test_an_abandoned_video_stops_a_write_that_ffmpeg_is_not_reading(tmp_path):
    """An interrupt can come while a picture is being written to an ffmpeg that reads
    nothing (here, stopped): abandoning the video kills ffmpeg, which ends the write, and
    leaves no file and no process behind."""
    import signal
    import threading

    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    canvas = np.full((1080, 1920, 4), 90, np.uint8)
    writer = VideoWriter(tmp_path / "v.mp4", 1920, 1080, 30, [1] * 3, QUALITIES[DEFAULT_QUALITY])
    process = writer._process
    process.send_signal(signal.SIGSTOP)
    writer.write(canvas)  # returns: the picture is written from a thread, which now waits
    assert writer._sending.is_alive()
    stopping = threading.Thread(target=writer.abort)
    stopping.start()
    stopping.join(30)
    assert not stopping.is_alive()
    assert process.poll() is not None
    assert not list(tmp_path.iterdir())


def test_a_second_interrupt_while_a_video_is_abandoned_leaves_no_file(tmp_path, monkeypatch):
    """Ctrl-C twice: the second comes while the first is stopping ffmpeg. It is held until
    the video is cleaned up (it had left the filter graph's file in the temporary folder)."""
    import signal
    import subprocess
    import tempfile

    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    writer = VideoWriter(tmp_path / "v.mp4", 64, 64, 30, [1, 1], QUALITIES[DEFAULT_QUALITY])
    writer.write(np.zeros((64, 64, 4), np.uint8))
    waiting = subprocess.Popen.wait

    def interrupted_wait(process, *args, **kwargs):
        signal.raise_signal(signal.SIGINT)  # the second Ctrl-C, while ffmpeg dies
        return waiting(process, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "wait", interrupted_wait)
    with pytest.raises(KeyboardInterrupt):
        writer.abort()
    monkeypatch.setattr(subprocess.Popen, "wait", waiting)
    assert writer._process.poll() is not None
    assert not list(scratch.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"]


def test_a_frame_in_any_memory_order_is_written(tmp_path):
    """A transposed view (columns first in memory) is a frame like any other: copied for the
    writing thread in row order (its cast had failed in the thread, unheard, and left a
    video of no frames)."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    shades = [40, 200]
    with VideoWriter(tmp_path / "v.mp4", 64, 48, 10, [1, 1], QUALITIES[DEFAULT_QUALITY]) as writer:
        for shade in shades:
            writer.write(np.full((64, 48, 4), shade, np.uint8).transpose(1, 0, 2))
    frames = decode(tmp_path / "v.mp4")
    assert len(frames) >= 2 and [round(float(f.mean())) for f in frames[:2]] == pytest.approx(shades, abs=2)


def test_whatever_stops_the_writing_thread_is_raised_to_the_caller(tmp_path, monkeypatch):
    """An error in the thread that writes to ffmpeg reaches the next write or the close;
    none is printed from the thread and forgotten."""
    from nnviz.video import DEFAULT_QUALITY, QUALITIES, VideoWriter

    writer = VideoWriter(tmp_path / "v.mp4", 64, 48, 10, [1, 1], QUALITIES[DEFAULT_QUALITY])

    def failing(data):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(writer._process.stdin, "write", failing)
    with pytest.raises(OSError, match="Input/output error"):
        with writer:
            writer.write(np.zeros((48, 64, 4), np.uint8))
            writer.write(np.zeros((48, 64, 4), np.uint8))
    assert not list(tmp_path.iterdir())
