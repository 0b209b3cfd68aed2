"""Drive headless Chromium over the DevTools protocol on a pipe (no websocket, no new dependency).

``--remote-debugging-pipe`` makes Chromium read protocol commands from fd 3 and write
replies and events to fd 4, each message JSON terminated by a NUL byte.  :func:`load_page`
opens one file, waits for it to load, and returns what a reviewer of the report cares
about: console messages and uncaught exceptions, every network request that was not the
file itself, a full-page screenshot and the page printed to PDF (A4, print stylesheet).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CANDIDATES", "FLAGS", "PageResult", "find_chromium", "load_page"]

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "chromium", "chromium-browser")

#: Quiet, offline, throw-away profile (the user-data dir is added per run).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """``$QUALINDEX_CHROMIUM`` if set (and nothing else), else the first of :data:`CANDIDATES`."""
    chosen = os.environ.get("QUALINDEX_CHROMIUM")
    for name in (chosen,) if chosen else CANDIDATES:
        path = name if os.path.isabs(name) else shutil.which(name)
        if path and os.access(path, os.X_OK):
            return path
    return None


@dataclass
class PageResult:
    console: list[str] = field(default_factory=list)  # "level: text"
    exceptions: list[str] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)  # browser log entries of level error
    requests: list[str] = field(default_factory=list)  # URLs other than the page itself
    width: int = 0
    height: int = 0
    screenshot: bytes = b""
    pdf: bytes = b""


class _Pipe:
    """One DevTools session over fds 3/4 of a Chromium child process."""

    def __init__(self, binary: str, profile: str, width: int) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # above 4, so dup2 onto 3 and 4 in the child cannot clobber one another
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child_r, from_child_w)]
        for fd in (to_child_r, from_child_w):
            os.close(fd)

        def child_fds() -> None:
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        args = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},900"]
        self.proc = subprocess.Popen(
            [*args, "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=child_fds,  # the test process is single-threaded
        )
        for fd in high:
            os.close(fd)
        self.out = os.fdopen(to_child_w, "wb", buffering=0)
        self.inp = os.fdopen(from_child_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.out.write(json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read())
        raise TimeoutError(f"no {method} within {timeout:g} s")

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = self.inp.read(1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.out.close()
        self.inp.close()


def load_page(binary: str, page: Path, *, width: int = 1280, pdf: bool = True) -> PageResult:
    """Open ``page`` (a local file) and collect errors, requests, a screenshot and a PDF."""
    with tempfile.TemporaryDirectory(prefix="qi-chromium-") as profile:
        pipe = _Pipe(binary, profile, width)
        try:
            return _visit(pipe, page.resolve().as_uri(), width, pdf)
        finally:
            pipe.close()


def _visit(pipe: _Pipe, url: str, width: int, pdf: bool) -> PageResult:
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        pipe.send(f"{domain}.enable", session=session)
    pipe.send("Page.navigate", {"url": url}, session=session)
    pipe.wait_for("Page.loadEventFired")
    metrics = pipe.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
    height = int(metrics["height"])
    pipe.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    shot = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session)
    printed = b""
    if pdf:
        params = {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}
        printed = base64.b64decode(pipe.send("Page.printToPDF", params, session=session)["data"])
    result = _collect(pipe.events, url)
    result.width, result.height = int(metrics["width"]), height
    result.screenshot = base64.b64decode(shot["data"])
    result.pdf = printed
    return result


def _collect(events: list[dict[str, Any]], url: str) -> PageResult:
    out = PageResult()
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            out.console.append(f"{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            out.exceptions.append(details.get("exception", {}).get("description", details["text"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            out.log_errors.append(params["entry"]["text"])
        elif method == "Network.requestWillBeSent":
            req = params["request"]["url"]
            if req != url and not req.startswith("data:"):
                out.requests.append(req)
    return out
