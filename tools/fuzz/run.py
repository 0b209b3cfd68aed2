"""Fuzz the qualindex CLI with mutated catalogue material and classify every run (issue 18).

Each case copies one catalogue entry (``indicators/<id>.yaml`` and its folder with
judgments, data, answers and ``run.yaml``) and the presets into a fresh temporary folder
-- never touching the repository's files -- applies seeded mutations (see ``mutate.py``)
to the index, a judgment file, the run configuration, the presets, a data file (CSV, or a
converted xlsx/Parquet copy), a survey answer table, an R ``ahp`` file or the command
line, and runs the real CLI on it.

Throughput comes from a forked in-process worker pool: the parent imports qualindex, its
heavy dependencies and the click command tree once; each case then runs in an
``os.fork()`` child (``workers`` at a time, default one per core) that calls the command
with ``standalone_mode`` and exits with its code.  The child's stdout and stderr go to
pipes the parent drains; the child gets a wall-clock timeout (its process group is killed
-> ``hang``) and an ``RLIMIT_AS`` memory limit (-> ``memory``).  ``--spawn`` starts
``python -c ...`` afresh per case instead (slow; to rule out fork effects).

Classes: ``ok`` (exit 0), ``clean`` (exit 1/2, no traceback, every message located),
``unlocated`` (a clean error whose message names no file/line), ``traceback``,
``hang`` (over the timeout), ``memory`` (MemoryError or killed over the limit),
``partial`` (a failed run left an output or a temp file), ``changed`` (an input file
was modified).  Every case that is not ok/clean is saved under ``--out`` with its
command, seed and output, to become a regression file.

Run: ``python tools/fuzz/run.py --minutes 30`` (``make fuzz``; FUZZ_MINUTES, FUZZ_WORKERS).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import math
import os
import random
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import mutate
import yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "indicators"
PRESETS = ROOT / "configs" / "presets.yaml"
AHP_FILES = sorted((ROOT / "tests" / "data" / "decision" / "rahp").glob("*.ahp"))
BAD = ("traceback", "hang", "memory", "partial", "changed")
CLASSES = ("ok", "clean", "unlocated", *BAD)
TIMEOUT = 60.0  # CPU seconds per case (RLIMIT_CPU); the wall clock allows WALL times more
# A case that computes for over TIMEOUT CPU seconds is a hang; one that waits (a deadlock, a
# read that never ends) is caught by the wall clock.  The wall-clock limit alone misfiled a
# 20-CPU-second xlsx read as a hang on a machine loaded 10-fold by other work.
WALL = 10
MEMORY = 1536 * 1024 * 1024  # bytes of address space a case may add
KEEP = 64 * 1024  # characters of each stream kept (head and tail) for the report


@dataclass
class Case:
    seed: int
    entry: str
    kind: str
    args: list[str]
    folder: Path
    outputs: list[str] = field(default_factory=list)  # paths the command may write
    notes: list[str] = field(default_factory=list)


@dataclass
class Result:
    case: Case
    klass: str
    code: int | None
    seconds: float
    stdout: str
    stderr: str
    detail: str = ""
    cpu: float = 0.0  # user + system seconds of the case's process (load-independent cost)


def entries() -> list[str]:
    return _ENTRIES


_ENTRIES = sorted(
    p.stem for p in CATALOG.glob("*.yaml") if (CATALOG / p.stem / "run.yaml").is_file()
)


# --- building a case ------------------------------------------------------------------------
KINDS = ("index", "judgment", "config", "data", "presets", "answers", "ahp", "cmdline")
# how often each kind is drawn (data files come in three formats, so they get more)
_KIND_WEIGHTS = {
    "index": 3,
    "judgment": 2,
    "config": 2,
    "data": 4,
    "presets": 1,
    "answers": 1,
    "ahp": 1,
    "cmdline": 2,
}


def build_case(seed: int, work: Path, kinds: tuple[str, ...] = KINDS) -> Case:
    rng = random.Random(seed)
    entry = rng.choice(entries())
    folder = work / f"case-{seed}"
    ind = folder / "indicators"
    ind.mkdir(parents=True)
    shutil.copy2(CATALOG / f"{entry}.yaml", ind / f"{entry}.yaml")
    shutil.copytree(CATALOG / entry, ind / entry)
    (folder / "base").mkdir()  # the unmutated index, for ``diff``
    shutil.copy2(CATALOG / f"{entry}.yaml", folder / "base" / f"{entry}.yaml")
    # the case folder is QUALINDEX_HOME: presets and catalogue (init, catalog) are the case's
    (folder / "configs").mkdir()
    shutil.copy2(PRESETS, folder / "configs" / "presets.yaml")
    case = Case(seed, entry, "", [], folder)
    names = list(_KIND_WEIGHTS)
    kind = rng.choices(names, weights=[_KIND_WEIGHTS[k] for k in names])[0]
    if kind not in kinds:
        kind = kinds[seed % len(kinds)]
    case.kind = kind
    {
        "index": _mutate_index,
        "judgment": _mutate_judgment,
        "config": _mutate_config,
        "data": _mutate_data,
        "presets": _mutate_presets,
        "answers": _mutate_answers,
        "ahp": _mutate_ahp,
        "cmdline": lambda r, c: None,
    }[kind](rng, case)
    case.args = _command(rng, case)
    return case


def _yaml_file(rng: random.Random, path: Path, case: Case) -> None:
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.6:
        try:
            # libyaml where present: the pure-Python parser was half of building a case
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            text = mutate.dump_yaml(mutate.mutate_yaml_tree(rng, data, rng.randint(1, 3)))
            case.notes.append(f"tree-mutated {path.name}")
        except yaml.YAMLError:
            pass
    if rng.random() < 0.5 or not case.notes:
        text = mutate.mutate_yaml_text(rng, text)
        case.notes.append(f"text-mutated {path.name}")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")


def _entry_dir(case: Case) -> Path:
    return case.folder / "indicators" / case.entry


def _mutate_index(rng: random.Random, case: Case) -> None:
    _yaml_file(rng, case.folder / "indicators" / f"{case.entry}.yaml", case)


def _mutate_judgment(rng: random.Random, case: Case) -> None:
    files = sorted((_entry_dir(case) / "judgments").glob("*.yaml"))
    if not files:
        return _mutate_index(rng, case)
    _yaml_file(rng, rng.choice(files), case)


def _mutate_config(rng: random.Random, case: Case) -> None:
    _yaml_file(rng, _entry_dir(case) / "run.yaml", case)


def _mutate_presets(rng: random.Random, case: Case) -> None:
    _yaml_file(rng, case.folder / "configs" / "presets.yaml", case)


def _mutate_ahp(rng: random.Random, case: Case) -> None:
    """An R ahp file (YAML) for ``import``, mutated like the other YAML documents."""
    src = rng.choice(AHP_FILES)
    dest = case.folder / src.name
    shutil.copy2(src, dest)
    _yaml_file(rng, dest, case)


def _mutate_answers(rng: random.Random, case: Case) -> None:
    """A survey-platform answer table for ``collect`` (the one entry that has one)."""
    files = sorted((_entry_dir(case) / "answers").glob("*.csv"))
    if not files:
        src = CATALOG / "network-service-quality" / "answers" / "survey-export.csv"
        dest = case.folder / "answers.csv"
        shutil.copy2(src, dest)
        files = [dest]
    _mutate_table(rng, rng.choice(files), case, retarget=False)


def _mutate_data(rng: random.Random, case: Case) -> None:
    files = sorted((_entry_dir(case) / "data").glob("*.csv"))
    if not files:
        return _mutate_config(rng, case)
    _mutate_table(rng, rng.choice(files), case, retarget=True)


def _mutate_table(rng: random.Random, path: Path, case: Case, *, retarget: bool) -> None:
    """Cell-level damage, then maybe a format change (xlsx/Parquet) and byte damage."""
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.7:
        text = mutate.mutate_csv(rng, text)
        case.notes.append(f"cells-mutated {path.name}")
    target = rng.choice(["csv", "csv", "xlsx", "parquet"] if retarget else ["csv", "csv", "xlsx"])
    if target == "csv":
        data = text.encode("utf-8")
        if rng.random() < 0.4:
            data = mutate.corrupt_bytes(rng, data)
            case.notes.append(f"bytes-corrupted {path.name}")
        path.write_bytes(data)
        return
    maker: Callable[[random.Random, str], bytes] = (
        mutate.to_xlsx if target == "xlsx" else mutate.to_parquet
    )
    try:
        data = maker(rng, text)
    except Exception as exc:  # the converter itself refused this table: keep the CSV
        case.notes.append(f"no {target}: {type(exc).__name__}")
        path.write_text(text, encoding="utf-8")
        return
    if rng.random() < 0.4:
        data = mutate.corrupt_bytes(rng, data)
        case.notes.append(f"bytes-corrupted {target}")
    new = path.with_suffix(f".{target}")
    new.write_bytes(data)
    path.unlink()
    if retarget:
        run = _entry_dir(case) / "run.yaml"
        run.write_text(run.read_text(encoding="utf-8").replace(path.name, new.name), "utf-8")
    case.notes.append(f"{path.name} -> {new.name}")


# --- command lines ----------------------------------------------------------------------------
def _out(rng: random.Random, case: Case, suffix: str) -> str:
    """An -o value: mostly fine, sometimes every kind of bad path."""
    choice = rng.randrange(12)
    rel = {
        0: "",
        1: "indicators",
        2: "x" * 300 + suffix,
        3: "ro" + suffix,
        4: f"indicators/{case.entry}/run.yaml",
        5: f"indicators/{case.entry}.yaml/x{suffix}",
        6: "a/b/c/out" + suffix,
        7: "out:100:" + suffix,
        8: "[red]out" + suffix,
    }.get(choice, "out" + suffix)
    if choice == 3 and not (case.folder / rel).exists():
        ro = case.folder / rel
        ro.write_text("read-only")
        ro.chmod(0o444)
    case.outputs.append(rel)
    return rel


def _dir_out(rng: random.Random, case: Case) -> str:
    """An -o folder (questionnaire, collect, import): mostly new, sometimes a bad one."""
    rel = rng.choice(
        ["outdir", "outdir", "outdir", "", "indicators", "x" * 300, "configs/presets.yaml/x"]
    )
    case.outputs.append(rel)
    return rel


_COMMANDS = {  # command -> weight; the heavy ones (report, sensitivity) are drawn less
    "validate": 4,
    "show": 2,
    "weights": 4,
    "consistency": 2,
    "evaluate": 5,
    "diagram": 2,
    "report": 1,
    "init": 1,
    "schema": 1,
    "catalog": 1,
    "sensitivity": 1,
    "experts": 2,
    "rank": 2,
    "diff": 2,
    "questionnaire": 2,
}


def _command(rng: random.Random, case: Case) -> list[str]:
    e = case.entry
    index = f"indicators/{e}.yaml"
    run = f"indicators/{e}/run.yaml"
    judgments = [
        str(p.relative_to(case.folder))
        for p in sorted((_entry_dir(case) / "judgments").glob("*.yaml"))
    ]
    data = [
        str(p.relative_to(case.folder))
        for p in sorted((_entry_dir(case) / "data").glob("*"))
        if p.is_file()
    ]
    target = rng.choice([run, run, index])
    if case.kind == "ahp":
        ahp = next(p for p in case.folder.glob("*.ahp"))
        return ["import", ahp.name, "-o", _dir_out(rng, case), *_maybe(rng, ["--force"])]
    if case.kind == "answers":
        answers = [
            str(p.relative_to(case.folder))
            for p in [*case.folder.glob("answers.*"), *(_entry_dir(case) / "answers").glob("*")]
        ]
        run_for = (
            run
            if (_entry_dir(case) / "answers").is_dir()
            else (
                "indicators/network-service-quality.yaml"
                if e == "network-service-quality"
                else index
            )
        )
        return [
            "collect",
            *answers,
            "--run",
            run_for,
            "-o",
            _dir_out(rng, case),
            *(["--negative", rng.choice(["first", "second"])] if rng.random() < 0.8 else []),
            *_maybe(rng, ["--id-column", rng.choice(["expert", "submitted", "", "nope"])], 0.2),
        ]
    cmd = rng.choices(list(_COMMANDS), weights=list(_COMMANDS.values()))[0]
    fmt = lambda *xs: ["--format", rng.choice(xs)] if rng.random() < 0.5 else []  # noqa: E731
    if cmd == "validate":
        files = [index, run, *judgments, "configs/presets.yaml"]
        return ["validate", *rng.sample(files, rng.randint(1, len(files))), *fmt("text", "json")]
    if cmd == "show":
        return [
            "show",
            index,
            *(["--lang", "en"] if rng.random() < 0.5 else []),
            *(["--depth", str(rng.choice([1, 2, 99]))] if rng.random() < 0.5 else []),
        ]
    if cmd == "schema":
        return ["schema", *(["-o", _out(rng, case, ".json")] if rng.random() < 0.7 else [])]
    if cmd == "catalog":
        return ["catalog", *_maybe(rng, ["--lang", "en"])]
    if cmd == "init":
        dest = rng.choice(["new", "indicators", f"indicators/{e}.yaml", "x" * 300, "ro/p"])
        if dest == "ro/p":
            (case.folder / "ro").mkdir()
            (case.folder / "ro").chmod(0o555)
        case.outputs.append(dest)
        return ["init", dest, "--from", rng.choice([e, e, "no-such-entry", ""])]
    out: list[str] = []
    if cmd in ("weights", "evaluate", "experts", "rank", "diff") and rng.random() < 0.5:
        suffix = rng.choice([".json", ".csv", ".xlsx", ".md"])
        out = ["-o", _out(rng, case, suffix)]
    if cmd == "weights":
        return ["weights", target, *fmt("table", "json", "csv"), *out]
    if cmd == "consistency":
        extra = ["--repair", "-o", _out(rng, case, "")] if rng.random() < 0.3 else []
        return ["consistency", target, *fmt("text", "json"), *extra]
    if cmd == "evaluate":
        if rng.random() < 0.2 and data:
            cols = ["provider", "entity", "quarter", "", ":100:"]
            return [
                "evaluate",
                index,
                "--data",
                rng.choice(data),
                "--entity",
                rng.choice(cols),
                *(["--respondent"] if rng.random() < 0.3 else []),
                *out,
            ]
        return ["evaluate", target, *fmt("table", "json", "csv"), *out]
    if cmd == "diagram":
        return [
            "diagram",
            target,
            "-o",
            _out(rng, case, rng.choice([".svg", ".mmd", ".dot"])),
            *(["--weights", "both"] if rng.random() < 0.5 else []),
        ]
    if cmd == "sensitivity":
        vary = rng.choice(["weights", "weights,judgments", "values", "methods", "judgments", "x"])
        return [
            "sensitivity",
            run,
            "--vary",
            vary,
            "--draws",
            str(rng.choice([1, 2, 20])),
            *_maybe(rng, ["--value-sd", rng.choice(["0", "1", "50"])], 0.3),
            *fmt("text", "json", "csv"),
            *(["-o", _out(rng, case, ".json")] if rng.random() < 0.3 else []),
        ]
    if cmd == "experts":
        return ["experts", target, *fmt("table", "json"), *out]
    if cmd == "rank":
        return [
            "rank",
            target,
            *_maybe(rng, ["--mode", "ideal"]),
            *fmt("table", "json", "csv"),
            *out,
            *_maybe(rng, ["--strict"], 0.2),
        ]
    if cmd == "diff":
        pair = rng.choice(
            [[f"base/{e}.yaml", index], [index, f"base/{e}.yaml"], [run, run], [index, run]]
        )
        return ["diff", *pair, *fmt("md", "json", "table"), *out]
    if cmd == "questionnaire":
        return [
            "questionnaire",
            target,
            "-o",
            _dir_out(rng, case),
            *_maybe(rng, ["--experts", rng.choice(["li,wang", "a", ",", "a,a", "[red]"])]),
            *fmt("xlsx", "html"),
            *_maybe(rng, ["--subset", rng.choice(["0", "1", "3"])], 0.3),
            *_maybe(rng, ["--scores", rng.choice(["1-5", "0-100"])], 0.3),
            *_maybe(rng, ["--delphi"], 0.2),
        ]
    # HTML draws its charts with matplotlib (seconds a case): the cheap formats come more often
    suffix = rng.choice([".md", ".md", ".xlsx", ".html"])
    return ["report", run, "-o", _out(rng, case, suffix)]


def _maybe(rng: random.Random, args: list[str], p: float = 0.5) -> list[str]:
    return args if rng.random() < p else []


# --- running and classifying ------------------------------------------------------------------
def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            try:
                out[str(p.relative_to(folder))] = hashlib.blake2b(p.read_bytes()).hexdigest()
            except OSError:
                out[str(p.relative_to(folder))] = "unreadable"
    return out


_COMMAND: Any = (
    None  # the click command tree, built once in the parent (typer rebuilds it per call)
)


def _child(args: list[str], folder: Path, out_fd: int, err_fd: int, cpu: float) -> None:
    """In the forked child: limits, redirected output, the real CLI, then _exit."""
    code = 70
    try:
        os.setpgid(0, 0)  # a hang kills the whole group (anything the command started)
        os.chdir(folder)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.close(out_fd)
        os.close(err_fd)
        # a host such as pytest may have replaced sys.stdout: write to the real fds
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        soft = _address_space() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (soft, soft))
        seconds = max(1, math.ceil(cpu))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))  # SIGXCPU, then KILL
        os.environ.update(_child_env(folder))
        if _COMMAND is not None:
            command = _COMMAND
        else:
            from qualindex.cli import app

            command = app
        try:
            if _COMMAND is not None:
                command.main(args=args, prog_name="qualindex", standalone_mode=True)
            else:
                command(args=args, prog_name="qualindex", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a crash outside click's handling: print it like Python does
        import traceback

        traceback.print_exc()
        code = 70
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _child_env(folder: Path) -> dict[str, str]:
    return {
        "COLUMNS": "200",
        "_TYPER_STANDARD_TRACEBACK": "1",
        "QUALINDEX_HOME": str(folder),
        "QUALINDEX_LANG": "en",
    }


def _address_space() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


class _Capture:
    """One output stream of a child: head and tail kept, markers seen anywhere."""

    MARKS = ("Traceback (most recent call last)", "MemoryError")

    def __init__(self) -> None:
        self.head = b""
        self.tail = b""
        self.size = 0
        self.seen: set[str] = set()

    def add(self, chunk: bytes) -> None:
        window = (self.tail[-64:] + chunk).decode("utf-8", "replace")
        self.seen.update(m for m in self.MARKS if m in window)
        self.size += len(chunk)
        if len(self.head) < KEEP:
            take = KEEP - len(self.head)
            self.head += chunk[:take]
            chunk = chunk[take:]
        self.tail = (self.tail + chunk)[-KEEP:]

    def text(self) -> str:
        cut = self.size > len(self.head) + len(self.tail)
        body = self.head + (b"\n[...]\n" if cut else b"") + self.tail
        text = body.decode("utf-8", "replace")
        missing = [m for m in self.seen if m not in text]
        return text + "".join(f"\n[seen in the cut part: {m}]" for m in missing)


@dataclass
class _Running:
    case: Case
    pid: int
    before: dict[str, str]
    start: float
    deadline: float
    streams: dict[int, _Capture]  # read fd -> capture (removed at EOF)
    out: _Capture
    err: _Capture
    status: int | None = None
    killed: str = ""
    selector: selectors.BaseSelector | None = None
    cpu: float = 0.0


def _start(case: Case, timeout: float, others: tuple[int, ...] = ()) -> _Running:
    before = _snapshot(case.folder)
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        for fd in (out_r, err_r, *others):  # other cases' pipes: their EOF must not wait on us
            os.close(fd)
        _child(case.args, case.folder, out_w, err_w, timeout)
    os.close(out_w)
    os.close(err_w)
    for fd in (out_r, err_r):
        os.set_blocking(fd, False)
    start = time.monotonic()
    out, err = _Capture(), _Capture()
    deadline = start + WALL * timeout
    return _Running(case, pid, before, start, deadline, {out_r: out, err_r: err}, out, err)


def _finish(run: _Running) -> Result:
    seconds = time.monotonic() - run.start
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(run.pid, signal.SIGKILL)  # whatever the command left running
    for fd in list(run.streams):
        _drain(run, fd)
    code: int | None
    status = run.status
    if run.killed:
        code, killed = None, run.killed
    elif status is not None and os.WIFSIGNALED(status):
        code, killed = None, f"signal {os.WTERMSIG(status)}"
    else:
        code, killed = (os.WEXITSTATUS(status) if status is not None else None), ""
    stdout, stderr = run.out.text(), run.err.text()
    after = _snapshot(run.case.folder)
    klass, detail = classify(run.case, code, killed, stdout, stderr, run.before, after)
    return Result(run.case, klass, code, seconds, stdout[-4000:], stderr[-4000:], detail, run.cpu)


def _drain(run: _Running, fd: int) -> None:
    """Read what the pipe holds; close it at EOF (or when nothing more can come)."""
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            if run.status is None and not run.killed:
                return
            chunk = b""  # the child is gone: nothing more will come
        if not chunk:
            run.streams.pop(fd, None)
            if run.selector is not None:  # before closing: epoll keys on the open file
                run.selector.unregister(fd)
            os.close(fd)
            return
        run.streams[fd].add(chunk)


class Pool:
    """Up to ``workers`` forked cases at a time; ``poll`` returns the finished ones."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        self.running: dict[int, _Running] = {}
        self.selector = selectors.DefaultSelector()

    def free(self) -> bool:
        return len(self.running) < self.workers

    def submit(self, case: Case) -> None:
        others = tuple(fd for r in self.running.values() for fd in r.streams)
        run = _start(case, self.timeout, others)
        run.selector = self.selector
        self.running[run.pid] = run
        for fd in run.streams:
            self.selector.register(fd, selectors.EVENT_READ, (run, fd))

    def poll(self, wait: float = 0.05) -> list[Result]:
        if not self.running:
            return []
        for key, _ in self.selector.select(timeout=wait):
            run, fd = key.data
            if fd in run.streams:
                _drain(run, fd)
        done = []
        now = time.monotonic()
        for pid, run in list(self.running.items()):
            got, status, usage = os.wait4(pid, os.WNOHANG)
            if got:
                run.status = status
            elif now > run.deadline:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
                _, _, usage = os.wait4(pid, 0)
                run.killed = "timeout"
            else:
                continue
            run.cpu = usage.ru_utime + usage.ru_stime
            done.append(_finish(run))
            del self.running[pid]
        return done

    def close(self) -> list[Result]:
        results = []
        while self.running:
            results += self.poll()
        self.selector.close()
        return results


def execute(case: Case, *, timeout: float = TIMEOUT, spawn: bool = False) -> Result:
    """Run one case (forked, or a fresh interpreter with ``spawn``) and classify it."""
    if not spawn:
        pool = Pool(1, timeout)
        pool.submit(case)
        return pool.close()[0]
    before = _snapshot(case.folder)
    start = time.monotonic()
    with tempfile.TemporaryFile() as out_fh, tempfile.TemporaryFile() as err_fh:
        code, killed = _spawn(case, out_fh.fileno(), err_fh.fileno(), timeout)
        out_fh.seek(0)
        err_fh.seek(0)
        stdout = out_fh.read().decode("utf-8", "replace")
        stderr = err_fh.read().decode("utf-8", "replace")
    seconds = time.monotonic() - start
    after = _snapshot(case.folder)
    klass, detail = classify(case, code, killed, stdout, stderr, before, after)
    return Result(case, klass, code, seconds, stdout[-4000:], stderr[-4000:], detail)


def _spawn(case: Case, out_fd: int, err_fd: int, timeout: float) -> tuple[int | None, str]:
    env = {**os.environ, **_child_env(case.folder)}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY * 2, MEMORY * 2))

    code = (
        "import sys; from qualindex.cli import app; app(args=sys.argv[1:], prog_name='qualindex')"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *case.args],
            cwd=case.folder,
            stdout=out_fd,
            stderr=err_fd,
            timeout=timeout,
            preexec_fn=limit,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None, "timeout"
    if done.returncode < 0:
        return None, f"signal {-done.returncode}"
    return done.returncode, ""


def classify(
    case: Case,
    code: int | None,
    killed: str,
    stdout: str,
    stderr: str,
    before: dict[str, str],
    after: dict[str, str],
) -> tuple[str, str]:
    text = stdout + stderr
    if killed == "timeout":
        return "hang", f"over {WALL} x the time limit of wall clock"
    if killed == f"signal {signal.SIGXCPU}":
        return "hang", "over the CPU time limit"
    if "MemoryError" in text or killed == f"signal {signal.SIGKILL}":
        return "memory", killed or "MemoryError"
    if killed:
        return "traceback", killed
    if "Traceback (most recent call last)" in text or code not in (0, 1, 2):
        return "traceback", _top_frame(text)
    outputs = {o for o in case.outputs if o}
    changed = [
        f
        for f, h in before.items()
        if f not in outputs and not _under(f, outputs) and after.get(f) != h
    ]
    if changed:
        return "changed", ", ".join(changed[:5])
    new = [f for f in after if f not in before]
    temps = [f for f in new if Path(f).name.startswith(".") and not Path(f).name.startswith(".hyp")]
    if temps or (code != 0 and [f for f in new if f in outputs or _under(f, outputs)]):
        return "partial", ", ".join((temps or new)[:5])
    if code == 0:
        return "ok", ""
    if code == 1 and not _located(stderr, case):
        return "unlocated", next((ln for ln in stderr.splitlines() if "error" in ln), "")[:300]
    return "clean", ""


def _under(f: str, outputs: set[str]) -> bool:
    return any(o and f.startswith(o.rstrip("/") + "/") for o in outputs)


def _located(stderr: str, case: Case) -> bool:
    """Every ``error:`` line starts with a location or names a file of the case."""
    names = [Path(a).name for a in case.args if a] + [Path(o).name for o in case.outputs if o]
    quoted = [repr(a) for a in case.args]
    for line in stderr.splitlines():
        if "error:" not in line or "more problems" in line:
            continue
        head = line.split("error:", 1)[0].strip()
        if head or any(n and n in line for n in names) or any(q in line for q in quoted):
            continue
        return False
    return True


def _top_frame(text: str) -> str:
    lines = text.splitlines()
    frames = [ln.strip() for ln in lines if ln.strip().startswith('File "')]
    last = next((ln for ln in reversed(lines) if ln.strip()), "")
    return f"{frames[-1] if frames else ''} | {last}"[:400]


# --- the campaign -----------------------------------------------------------------------------
PRELOAD = (
    "qualindex.cli",
    "qualindex.run",
    "qualindex.validate",
    "qualindex.evaluate",
    "qualindex.weighting.tree",
    "qualindex.report",
    "qualindex.render",
    "qualindex.hierarchy.draw",
    "qualindex.uncertainty",
    "qualindex.experts",
    "qualindex.decision",
    "qualindex.compare",
    "qualindex.questionnaire",
    "qualindex.questionnaire.collect",
    "qualindex.hierarchy.ahpfile",
    "pyarrow.parquet",
    "pyarrow.csv",
    "openpyxl",
    "scipy.stats",
    "matplotlib.pyplot",
)


def preload() -> None:
    """Import what the commands import, and build the click command tree, once, so forked
    cases start warm (typer builds the tree from the signatures on every call: 0.15 s)."""
    global _COMMAND
    import importlib

    # One BLAS/OpenMP thread per case: the workers already use every core, and a forked
    # child must not inherit a thread pool that another thread held a lock of.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            continue
    import typer.main

    from qualindex.cli import app

    _COMMAND = typer.main.get_command(app)
    # what the parent holds now is never collected: a child's GC then leaves those pages
    # shared instead of copying them on its first collection
    gc.freeze()


def campaign(
    *,
    seconds: float,
    seed: int,
    out: Path | None,
    timeout: float = TIMEOUT,
    spawn: bool = False,
    max_cases: int | None = None,
    report: Callable[[Result], None] | None = None,
    kinds: tuple[str, ...] = KINDS,
    workers: int | None = None,
    overhead: list[float] | None = None,
) -> tuple[Counter[str], list[Result]]:
    """Run cases ``seed, seed+1, ...`` for ``seconds``; counts per class and the bad ones.

    ``workers`` processes are forked from this (preloaded) one; worker ``i`` builds, runs
    (each case in a fork of its own) and classifies cases ``seed+i, seed+i+workers, ...`` and
    sends each result back as a JSON line, so building, hashing and forking go in parallel
    and the parent only collects.  ``spawn`` runs the cases one by one in fresh interpreters.
    ``overhead`` receives each worker's own CPU seconds (building, hashing, forking).
    """
    counts: Counter[str] = Counter()
    findings: list[Result] = []
    end = time.monotonic() + seconds

    def take(result: Result) -> None:
        counts[result.klass] += 1
        if result.klass not in ("ok", "clean"):
            findings.append(result)
        if report is not None:
            report(result)

    if spawn:
        _work(0, 1, seed, end, max_cases, kinds, timeout, out, take, spawn=True)
        return counts, findings
    preload()
    end = time.monotonic() + seconds  # the budget is for cases, not for the imports
    n = max(1, workers or os.cpu_count() or 1)
    pipes: dict[int, tuple[int, bytearray]] = {}
    for i in range(n):
        r, w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(r)
                for fd, _ in pipes.values():
                    os.close(fd)
                send = _sender(w)
                _work(i, n, seed, end, max_cases, kinds, timeout, out, send, spawn=False)
                usage = resource.getrusage(resource.RUSAGE_SELF)
                line = json.dumps({"worker_cpu": usage.ru_utime + usage.ru_stime}) + "\n"
                os.write(w, line.encode())
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 70
            finally:
                os._exit(code)
        os.close(w)
        pipes[pid] = (r, bytearray())
    lost = []
    with selectors.DefaultSelector() as sel:
        for pid, (fd, buf) in pipes.items():
            sel.register(fd, selectors.EVENT_READ, (pid, buf))
        while sel.get_map():
            for key, _ in sel.select(timeout=1.0):
                pid, buf = key.data
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    sel.unregister(key.fd)
                    os.close(key.fd)
                    continue
                buf.extend(chunk)
                while b"\n" in buf:
                    line, _, rest = bytes(buf).partition(b"\n")
                    buf[:] = rest
                    doc = json.loads(line)
                    if "worker_cpu" in doc:
                        if overhead is not None:
                            overhead.append(doc["worker_cpu"])
                    else:
                        take(_from_dict(doc))
    for pid in pipes:
        _, status = os.waitpid(pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            lost.append(pid)
    if lost:  # a worker died: the campaign is incomplete, which must not pass as clean
        raise RuntimeError(f"fuzz worker(s) {lost} died; see stderr")
    return counts, findings


def _work(
    index: int,
    workers: int,
    seed: int,
    end: float,
    max_cases: int | None,
    kinds: tuple[str, ...],
    timeout: float,
    out: Path | None,
    send: Callable[[Result], None],
    *,
    spawn: bool,
) -> None:
    """One worker's share of the cases (every ``workers``-th seed from ``seed + index``)."""
    # cases live in RAM where there is a tmpfs: copying, hashing and removing them is then
    # no disk traffic (the shared machine's disk made removal alone 5 ms per folder)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="qualindex-fuzz-", dir=shm) as tmp:
        work = Path(tmp)
        n = index
        while time.monotonic() < end and (max_cases is None or n < max_cases):
            case_seed = seed + n
            n += workers
            try:
                case = build_case(case_seed, work, kinds)
            except Exception as exc:  # a generator bug must not stop the campaign
                print(f"case {case_seed}: generator failed: {exc!r}", file=sys.stderr)
                continue
            result = execute(case, timeout=timeout, spawn=spawn)
            if out is not None and result.klass not in ("ok", "clean"):
                _save(result, out)
            send(result)
            _remove(case.folder)


def _sender(fd: int) -> Callable[[Result], None]:
    def send(result: Result) -> None:
        data = json.dumps(_to_dict(result), ensure_ascii=False).encode("utf-8") + b"\n"
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    return send


def _to_dict(result: Result) -> dict[str, Any]:
    case = result.case
    return {
        "case": {**case.__dict__, "folder": str(case.folder)},
        **{k: v for k, v in result.__dict__.items() if k != "case"},
    }


def _from_dict(doc: dict[str, Any]) -> Result:
    c = doc.pop("case")
    case = Case(**{**c, "folder": Path(c["folder"])})
    return Result(case=case, **doc)


def _remove(folder: Path) -> None:
    for p in [folder, *folder.rglob("*")]:
        if p.is_dir() and not p.is_symlink():
            with contextlib.suppress(OSError):
                p.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _save(result: Result, out: Path) -> None:
    case = result.case
    dest = out / result.klass / f"{case.seed}"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(case.folder, dest / "case", symlinks=True, ignore_dangling_symlinks=True)
    info: dict[str, Any] = {
        "seed": case.seed,
        "entry": case.entry,
        "kind": case.kind,
        "notes": case.notes,
        "command": ["qualindex", *case.args],
        "class": result.klass,
        "exit": result.code,
        "seconds": round(result.seconds, 2),
        "detail": result.detail,
        "stdout": result.stdout,
        "stderr": result.stderr,
    }
    (dest / "finding.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", 30)))
    parser.add_argument("--seed", type=int, default=None, help="first case seed (default: time)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("FUZZ_WORKERS") or os.cpu_count() or 1),
        help="cases at a time (default: FUZZ_WORKERS, else one per core)",
    )
    parser.add_argument("--spawn", action="store_true", help="a fresh interpreter per case")
    parser.add_argument("--cases", type=int, default=None, help="stop after this many cases")
    parser.add_argument("--kinds", default=",".join(KINDS), help="what to mutate (comma list)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    mode = "spawned" if args.spawn else f"{args.workers} forked workers"
    print(f"fuzzing for {args.minutes:g} min from seed {seed} ({mode}); findings in {args.out}/")
    started = time.monotonic()
    last = [started]
    per_kind: Counter[str] = Counter()
    per_command: Counter[str] = Counter()
    done = [0]
    cpu: Counter[str] = Counter()
    overhead: list[float] = []

    def progress(result: Result) -> None:
        done[0] += 1
        cpu[result.case.args[0] if result.case.args else "-"] += result.cpu
        per_kind[result.case.kind] += 1
        per_command[result.case.args[0] if result.case.args else "-"] += 1
        if result.klass not in ("ok", "clean"):
            command = " ".join(result.case.args)[:120]
            print(f"  {result.klass:<10} seed {result.case.seed} qualindex {command}")
            print(f"             {result.detail[:200]}")
        if time.monotonic() - last[0] > 60:
            last[0] = time.monotonic()
            elapsed = last[0] - started
            print(f"  ... {elapsed:.0f} s, {done[0]:,} cases ({done[0] / elapsed:.1f}/s)")

    counts, _ = campaign(
        seconds=args.minutes * 60,
        seed=seed,
        out=args.out,
        timeout=args.timeout,
        spawn=args.spawn,
        max_cases=args.cases,
        report=progress,
        kinds=tuple(k for k in args.kinds.split(",") if k in KINDS) or KINDS,
        workers=args.workers,
        overhead=overhead,
    )
    total = sum(counts.values())
    elapsed = time.monotonic() - started
    print(
        f"\n{total:,} cases in {elapsed / 60:.1f} min, {total / elapsed:.1f} cases/s "
        f"(seeds {seed}..{seed + total - 1}, {mode})"
    )
    for klass in CLASSES:
        print(f"  {klass:<10} {counts.get(klass, 0):>7,}")
    print("per input kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(per_kind.items())))
    print("per command: " + ", ".join(f"{k} {v:,}" for k, v in sorted(per_command.items())))
    # CPU seconds per case do not depend on what else the machine runs: cores / (case +
    # worker CPU per case) is the rate the same cases reach on an idle machine
    mean = sum(cpu.values()) / max(total, 1)
    extra = sum(overhead) / max(total, 1)
    cores = os.cpu_count() or 1
    print(
        f"CPU per case: {mean:.3f} s in the case, {extra:.3f} s in its worker (building, "
        f"hashing, forking): {min(cores, args.workers) / max(mean + extra, 1e-9):.1f} cases/s "
        f"on {cores} idle cores"
    )
    print("CPU per case and command: " + ", ".join(
        f"{k} {cpu[k] / per_command[k]:.2f}" for k in sorted(per_command)))  # fmt: skip
    bad = sum(counts.get(k, 0) for k in BAD)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
