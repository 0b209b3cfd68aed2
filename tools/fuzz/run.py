"""Fuzz the qualindex CLI with mutated catalogue material and classify every run (issue 18).

Each case copies one catalogue entry (``indicators/<id>.yaml`` and its folder with
judgments, data and ``run.yaml``) into a fresh temporary folder -- never touching the
repository's files -- applies seeded mutations (see ``mutate.py``) to the index, a
judgment file, the run configuration, the presets, a data file (CSV, or a converted
xlsx/Parquet copy) or the command line, and runs the real CLI in a child process with
a timeout and a memory limit.  Children are forked from a parent that has already
imported qualindex (hundreds of cases a minute instead of one per CLI start-up);
``--spawn`` starts ``python -m qualindex.cli`` afresh per case instead.

Classes: ``ok`` (exit 0), ``clean`` (exit 1/2, no traceback, every message located),
``unlocated`` (a clean error whose message names no file/line), ``traceback``,
``hang`` (over the timeout), ``memory`` (MemoryError or killed over the limit),
``partial`` (a failed run left an output or a temp file), ``changed`` (an input file
was modified).  Every case that is not ok/clean is saved under ``--out`` with its
command, seed and output, to become a regression file.

Run: ``python tools/fuzz/run.py --minutes 30`` (``make fuzz``; FUZZ_MINUTES).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import resource
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
BAD = ("traceback", "hang", "memory", "partial", "changed")
CLASSES = ("ok", "clean", "unlocated", *BAD)
TIMEOUT = 60.0  # seconds per case
MEMORY = 1536 * 1024 * 1024  # bytes of address space a case may add


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


def entries() -> list[str]:
    return sorted(
        p.stem for p in CATALOG.glob("*.yaml") if (CATALOG / p.stem / "run.yaml").is_file()
    )


# --- building a case ------------------------------------------------------------------------
KINDS = ("index", "judgment", "config", "data", "presets", "cmdline")


def build_case(seed: int, work: Path, kinds: tuple[str, ...] = KINDS) -> Case:
    rng = random.Random(seed)
    entry = rng.choice(entries())
    folder = work / f"case-{seed}"
    ind = folder / "indicators"
    ind.mkdir(parents=True)
    shutil.copy2(CATALOG / f"{entry}.yaml", ind / f"{entry}.yaml")
    shutil.copytree(CATALOG / entry, ind / entry)
    shutil.copy2(PRESETS, folder / "presets.yaml")
    case = Case(seed, entry, "", [], folder)
    kind = rng.choice(
        [
            "index",
            "index",
            "judgment",
            "config",
            "config",
            "data",
            "data",
            "data",
            "presets",
            "cmdline",
            "cmdline",
        ]
    )
    if kind not in kinds:
        kind = kinds[seed % len(kinds)]
    case.kind = kind
    {
        "index": _mutate_index,
        "judgment": _mutate_judgment,
        "config": _mutate_config,
        "data": _mutate_data,
        "presets": _mutate_presets,
        "cmdline": lambda r, c: None,
    }[kind](rng, case)
    case.args = _command(rng, case)
    return case


def _yaml_file(rng: random.Random, path: Path, case: Case) -> None:
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.6:
        try:
            data = yaml.safe_load(text)
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
    _yaml_file(rng, case.folder / "presets.yaml", case)


def _mutate_data(rng: random.Random, case: Case) -> None:
    files = sorted((_entry_dir(case) / "data").glob("*.csv"))
    if not files:
        return _mutate_config(rng, case)
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.7:
        text = mutate.mutate_csv(rng, text)
        case.notes.append(f"cells-mutated {path.name}")
    target = rng.choice(["csv", "csv", "xlsx", "parquet"])
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
    if choice == 3:
        ro = case.folder / rel
        ro.write_text("read-only")
        ro.chmod(0o444)
    case.outputs.append(rel)
    return rel


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
    cmd = rng.choice(
        [
            "validate",
            "validate",
            "show",
            "weights",
            "weights",
            "consistency",
            "evaluate",
            "evaluate",
            "evaluate",
            "diagram",
            "report",
            "init",
            "schema",
        ]
    )
    fmt = lambda *xs: ["--format", rng.choice(xs)] if rng.random() < 0.5 else []  # noqa: E731
    if cmd == "validate":
        files = [index, run, *judgments, "presets.yaml"]
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
    if cmd == "init":
        dest = rng.choice(["new", "indicators", f"indicators/{e}.yaml", "x" * 300, "ro/p"])
        if dest == "ro/p":
            (case.folder / "ro").mkdir()
            (case.folder / "ro").chmod(0o555)
        case.outputs.append(dest)
        return ["init", dest, "--from", rng.choice([e, e, "no-such-entry", ""])]
    out: list[str] = []
    if cmd in ("weights", "evaluate") and rng.random() < 0.5:
        suffix = rng.choice([".json", ".csv", ".xlsx"])
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
    return ["report", run, "-o", _out(rng, case, rng.choice([".md", ".html", ".xlsx"]))]


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


def _child(args: list[str], folder: Path, out_fd: int, err_fd: int) -> None:
    """In the forked child: limits, redirected output, the real CLI, then _exit."""
    code = 70
    try:
        os.chdir(folder)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        # a host such as pytest may have replaced sys.stdout: write to the real fds
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        soft = _address_space() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (soft, soft))
        os.environ["COLUMNS"] = "200"
        os.environ["_TYPER_STANDARD_TRACEBACK"] = "1"
        from qualindex.cli import app

        try:
            app(args=args, prog_name="qualindex", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # a crash outside typer's handling: print it like Python does
        import traceback

        traceback.print_exc()
        code = 70
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _address_space() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def execute(case: Case, *, timeout: float = TIMEOUT, spawn: bool = False) -> Result:
    before = _snapshot(case.folder)
    out_path, err_path = (
        case.folder.parent / f"{case.seed}.out",
        case.folder.parent / f"{case.seed}.err",
    )
    start = time.monotonic()
    with open(out_path, "wb") as out_fh, open(err_path, "wb") as err_fh:
        if spawn:
            code, killed = _spawn(case, out_fh.fileno(), err_fh.fileno(), timeout)
        else:
            code, killed = _fork(case, out_fh.fileno(), err_fh.fileno(), timeout)
    seconds = time.monotonic() - start
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink()
    err_path.unlink()
    after = _snapshot(case.folder)
    klass, detail = classify(case, code, killed, stdout, stderr, before, after)
    return Result(case, klass, code, seconds, stdout[-4000:], stderr[-4000:], detail)


def _fork(case: Case, out_fd: int, err_fd: int, timeout: float) -> tuple[int | None, str]:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        _child(case.args, case.folder, out_fd, err_fd)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None, "timeout"
        time.sleep(0.01)
    if os.WIFSIGNALED(status):
        return None, f"signal {os.WTERMSIG(status)}"
    return os.WEXITSTATUS(status), ""


def _spawn(case: Case, out_fd: int, err_fd: int, timeout: float) -> tuple[int | None, str]:
    env = {**os.environ, "COLUMNS": "200", "_TYPER_STANDARD_TRACEBACK": "1"}

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
        return "hang", f"over {TIMEOUT:.0f} s"
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
    "qualindex.project",
    "qualindex.validate",
    "qualindex.evaluate.pipeline",
    "qualindex.evaluate.io",
    "qualindex.weighting.tree",
    "qualindex.report.html",
    "qualindex.report.excel",
    "qualindex.report.markdown",
    "qualindex.hierarchy.draw",
    "pyarrow.parquet",
    "pyarrow.csv",
    "openpyxl",
    "scipy.stats",
    "matplotlib.pyplot",
)


def preload() -> None:
    """Import what the commands import, once, so forked cases start warm."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:
            continue


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
) -> tuple[Counter[str], list[Result]]:
    """Run cases ``seed, seed+1, ...`` for ``seconds``; counts per class and the bad ones."""
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    findings: list[Result] = []
    if not spawn:
        preload()
    end = time.monotonic() + seconds
    n = 0
    with tempfile.TemporaryDirectory(prefix="qualindex-fuzz-") as tmp:
        work = Path(tmp)
        while time.monotonic() < end and (max_cases is None or n < max_cases):
            case_seed = seed + n
            n += 1
            try:
                case = build_case(case_seed, work, kinds)
            except Exception as exc:  # a generator bug must not stop the campaign
                print(f"case {case_seed}: generator failed: {exc!r}", file=sys.stderr)
                continue
            result = execute(case, timeout=timeout, spawn=spawn)
            counts[result.klass] += 1
            by_kind[(case.kind, result.klass)] += 1
            if result.klass not in ("ok", "clean"):
                findings.append(result)
                if out is not None:
                    _save(result, out)
            if report is not None:
                report(result)
            _remove(case.folder)
    return counts, findings


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", 30)))
    parser.add_argument("--seed", type=int, default=None, help="first case seed (default: time)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--timeout", type=float, default=TIMEOUT)
    parser.add_argument("--spawn", action="store_true", help="a fresh interpreter per case")
    parser.add_argument("--cases", type=int, default=None, help="stop after this many cases")
    parser.add_argument("--kinds", default=",".join(KINDS), help="what to mutate (comma list)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"fuzzing for {args.minutes:g} min from seed {seed}; findings in {args.out}/")
    started = time.monotonic()
    last = [started]

    def progress(result: Result) -> None:
        if result.klass not in ("ok", "clean"):
            command = " ".join(result.case.args)[:120]
            print(f"  {result.klass:<10} seed {result.case.seed} qualindex {command}")
            print(f"             {result.detail[:200]}")
        if time.monotonic() - last[0] > 60:
            last[0] = time.monotonic()
            print(f"  ... {time.monotonic() - started:.0f} s")

    counts, _ = campaign(
        seconds=args.minutes * 60,
        seed=seed,
        out=args.out,
        timeout=args.timeout,
        spawn=args.spawn,
        max_cases=args.cases,
        report=progress,
        kinds=tuple(k for k in args.kinds.split(",") if k in KINDS) or KINDS,
    )
    total = sum(counts.values())
    elapsed = time.monotonic() - started
    print(f"\n{total:,} cases in {elapsed / 60:.1f} min (seeds {seed}..{seed + total - 1})")
    for klass in CLASSES:
        print(f"  {klass:<10} {counts.get(klass, 0):>7,}")
    bad = sum(counts.get(k, 0) for k in BAD)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
