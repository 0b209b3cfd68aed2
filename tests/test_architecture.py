"""The layers and the import rules, checked by import-linter (contracts in pyproject.toml).

hierarchy <- weighting <- evaluate <- run <- report <- cli, a ground floor that imports no
layer, kernels that import no model and no import cycles between sibling modules.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "qualindex"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under ``root/src`` with the project's contracts."""
    code = (
        "import sys, importlib.util\n"
        "origin = importlib.util.find_spec('qualindex').origin\n"  # found, not imported
        f"assert origin.startswith({str(root)!r}), origin\n"
        "from importlinter.cli import lint_imports\n"
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )


def test_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.fixture(scope="module")
def copy_of_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(SRC, root / "src" / "qualindex", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # the cycle main had before issue 9: load <-> judgments
        ("hierarchy/load.py", "import qualindex.hierarchy.judgments", "No import cycles"),
        # the upward import it had: evaluate/pipeline -> project (now run)
        ("evaluate/engine.py", "import qualindex.run", "Layers"),
        ("weighting/ahp.py", "import qualindex.hierarchy.model", "Numeric kernels"),
        ("errors.py", "import qualindex.hierarchy.model", "The ground floor"),
    ],
)
def test_contracts_fail_on_a_forbidden_import(
    copy_of_tree: Path, module: str, line: str, broken: str
) -> None:
    path = copy_of_tree / "src" / "qualindex" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{line}  # noqa\n{original}", encoding="utf-8")
    try:
        result = _lint_imports(copy_of_tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken}" in result.stdout.split("Broken contracts", 1)[-1]


def _private_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(SRC)}:{node.lineno}: from {node.module} import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("qualindex")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_module_imports_another_modules_private_names() -> None:
    """Shared helpers live on the ground floor (qualindex.core) or are public."""
    found = [hit for path in sorted(SRC.rglob("*.py")) for hit in _private_imports(path)]
    assert not found, "\n".join(found)
