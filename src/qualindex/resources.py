"""Where the built-in catalogue (``indicators/``) and presets (``configs/``) live.

In a source checkout (how ``make`` installs qualindex: editable) they are the
repository's own folders; ``QUALINDEX_HOME`` points elsewhere (a folder holding
``indicators/`` and ``configs/``), e.g. for an organisation's own catalogue.
"""

from __future__ import annotations

import os
from pathlib import Path

from qualindex.errors import QualindexError

__all__ = ["catalog_dir", "configs_dir", "home", "presets_file"]


def home() -> Path:
    env = os.environ.get("QUALINDEX_HOME")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for base in (here.parents[2], here.parent / "_data"):
        if (base / "configs").is_dir():
            return base
    raise QualindexError(
        "cannot find the built-in catalogue and presets (configs/, indicators/); "
        "set QUALINDEX_HOME to the folder that holds them"
    )


def catalog_dir() -> Path:
    return home() / "indicators"


def configs_dir() -> Path:
    return home() / "configs"


def presets_file() -> Path:
    return configs_dir() / "presets.yaml"
