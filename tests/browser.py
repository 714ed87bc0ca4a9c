"""Driving a real browser from a test: headless Chromium over the DevTools protocol, spoken
through the pipe Chromium opens with ``--remote-debugging-pipe`` (file descriptors 3 and 4,
messages ended by a NUL byte), with the standard library alone.

The page gets real (trusted) key presses (``Input.dispatchKeyEvent``), its JavaScript can be
evaluated, and its pixels captured (``Page.captureScreenshot``); every request the page makes
is recorded, so a test can check that it makes none.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

KEYS = {  # key -> (code, Windows virtual key code), as a keyboard sends them
    "ArrowLeft": ("ArrowLeft", 37), "ArrowRight": ("ArrowRight", 39), " ": ("Space", 32),
    "Home": ("Home", 36), "End": ("End", 35),
}


def chromium() -> str | None:
    """The Chromium to drive (Debian's package), or None if none is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page (a tab), ``width`` x ``height`` CSS pixels."""

    def __init__(self, width: int = 1024, height: int = 768, timeout: float = 30.0) -> None:
        executable = chromium()
        if executable is None:
            raise BrowserError("no chromium installed")
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="nnviz-chromium-")
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # The child's ends, out of the way of 3 and 4 until they are moved there.
        to_child = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands_read, replies_write)]
        os.close(commands_read)
        os.close(replies_write)

        def as_fds_3_and_4() -> None:
            os.dup2(to_child[0], 3)  # a dup2'd descriptor is inherited across exec
            os.dup2(to_child[1], 4)

        self._process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
             f"--user-data-dir={self._profile.name}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=as_fds_3_and_4,
        )
        for fd in to_child:
            os.close(fd)
        self._write, self._read = commands_write, replies_read
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})
            self._session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Network"):
                self.call(f"{domain}.enable")
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
            self.call("Emulation.setFocusEmulationEnabled", {"enabled": True})  # keys reach the page
        except BaseException:
            self.close()
            raise

    # ---------------------------------------------------------------- the protocol
    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._write, data):]
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def call(self, method: str, params: dict | None = None) -> dict:
        """A command to the page."""
        return self._call(method, params, self._session)

    def wait_for_event(self, method: str, timeout: float | None = None) -> dict:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for event in self.events:
                if event["method"] == method:
                    self.events.remove(event)
                    return event
            self.events.append(self._receive(deadline))

    # ---------------------------------------------------------------- what a test does
    def open(self, url: str) -> None:
        """Go to ``url`` and wait until it has loaded."""
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        self.call("Page.navigate", {"url": url})
        self.wait_for_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        """The value of a JavaScript expression (awaited, if it is a promise)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True})
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float = 10.0):
        """Poll a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"never true: {expression}")
            time.sleep(0.02)

    def press(self, key: str) -> None:
        """One real key press (down and up), as the keyboard would send it."""
        code, virtual = KEYS[key]
        text = {"text": key} if len(key) == 1 else {}
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": code,
                                                 "windowsVirtualKeyCode": virtual,
                                                 **(text if kind == "keyDown" else {})})

    def screenshot(self, clip: dict | None = None) -> bytes:
        """A PNG of the page (or of ``clip``: x, y, width, height in CSS pixels)."""
        params = {"format": "png"}
        if clip is not None:
            params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", params)["data"])

    def requests(self) -> list[str]:
        """The address of every request the page has made so far."""
        return [event["params"]["request"]["url"] for event in self.events
                if event["method"] == "Network.requestWillBeSent"]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._send("Browser.close", None, None)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def file_url(path: Path, fragment: str = "") -> str:
    return Path(path).resolve().as_uri() + (f"#{fragment}" if fragment else "")


def firefox() -> str | None:
    """The Firefox to run (Debian's firefox-esr), or None if none is installed."""
    for name in ("firefox-esr", "firefox"):
        found = shutil.which(name)
        if found:
            return found
    return None


def firefox_screenshot(url: str, width: int, height: int, timeout: float = 120.0) -> bytes:
    """A PNG of ``url`` as headless Firefox shows it once loaded, in a fresh profile."""
    with tempfile.TemporaryDirectory(prefix="nnviz-firefox-") as folder:
        out = Path(folder) / "shot.png"
        profile = Path(folder) / "profile"
        profile.mkdir()
        subprocess.run([firefox(), "--headless", "-no-remote", "-profile", str(profile),
                        f"--window-size={width},{height}", "--screenshot", str(out), url],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=True,
                       env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"})
        return out.read_bytes()
