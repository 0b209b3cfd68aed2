"""Find a font that can draw Chinese labels, and check that it really has the glyphs.

matplotlib's default font (DejaVu Sans) has no CJK glyphs: Chinese labels come out as
empty boxes ("tofu") with only a warning in the log.  :func:`find_cjk_font` looks through
matplotlib's font manager for an installed CJK font, best known families first, and
:func:`covers` reads the font's ``cmap`` with fontTools (which ships with matplotlib) so a
caller can prove every character it draws has a glyph.

matplotlib caches its font list on disk and does not notice fonts installed after the
cache was written (``apt-get install fonts-wqy-microhei`` after the first plot); when no
CJK font is known, the system font folders are scanned once more for new files.
"""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from qualindex.errors import InputError, Problem
from qualindex.outputs import is_file
from qualindex.texts import msg, render

if TYPE_CHECKING:
    from matplotlib.font_manager import FontEntry

__all__ = [
    "CJK_FAMILIES",
    "NO_CJK_MESSAGE",
    "PROBE",
    "FontChoice",
    "FontWarning",
    "covers",
    "find_cjk_font",
    "warn_once",
]

#: Known CJK families, best first: Simplified-Chinese glyph shapes before Japanese/Traditional.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "SimHei",
    "Sarasa Gothic SC",
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "SimSun",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)

#: Common characters of index-system labels; a font lacking any of them is not a CJK font.
PROBE = "评价指标体系服务质量满意度率"

#: Latin font used for what the CJK font lacks (and for everything when there is none).
LATIN_FAMILY = "DejaVu Sans"

#: The no-CJK-font warning in English (the choice carries it in the current language).
NO_CJK_MESSAGE = render("fonts.no_cjk", lang="en")

_WARNED: set[str] = set()


class FontWarning(UserWarning):
    """A font problem that changes the drawing (missing CJK font, missing glyphs)."""


def warn_once(message: str) -> None:
    """Emit ``message`` as a :class:`FontWarning` the first time only in this process."""
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, FontWarning, stacklevel=3)


@dataclass(frozen=True, slots=True)
class FontChoice:
    """The fonts to draw with: a CJK family, or only the Latin fallback.

    ``warning`` is set exactly when no CJK font is available; the caller warns once
    (:func:`warn_once`) and draws English labels instead of tofu.
    """

    family: str
    path: str
    index: int = 0
    cjk: bool = True
    found: tuple[str, ...] = ()
    warning: str | None = None

    @property
    def families(self) -> tuple[str, ...]:
        """Font fallback chain for matplotlib: the chosen family, then the Latin font."""
        return tuple(dict.fromkeys((self.family, LATIN_FAMILY)))

    @property
    def symbol_families(self) -> tuple[str, ...]:
        """Latin font first: clearer arrows and ◎, and the CJK font for Chinese units."""
        return tuple(dict.fromkeys((LATIN_FAMILY, self.family)))

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` that no font of :attr:`families` can draw."""
        gaps = covers(self.path, text, index=self.index)
        return covers(_latin_path(), "".join(sorted(gaps))) if gaps else gaps


def covers(font_path: str | Path, text: str, *, index: int = 0) -> set[str]:
    """The characters of ``text`` that the font's cmap lacks (whitespace/controls ignored).

    ``index`` selects the face inside a ``.ttc`` collection.
    """
    cmap = _cmap(str(font_path), index)
    return {ch for ch in set(text) if _needs_glyph(ch) and ord(ch) not in cmap}


def find_cjk_font(preferred: str | None = None) -> FontChoice:
    """The best installed CJK font, the one named by ``preferred``, or a Latin-only choice.

    ``preferred`` is a family name (``"Noto Sans CJK SC"``) or a font file path, as given in
    ``report.font``.  A named font that is not installed or has no Chinese glyphs raises
    :class:`~qualindex.errors.InputError` listing the CJK fonts that were found.  Without a
    CJK font the result has ``cjk=False`` and ``warning`` set to :data:`NO_CJK_MESSAGE`.
    """
    if preferred:
        return _named_font(preferred)
    found = _cjk_entries() or (_register_new_system_fonts() and _cjk_entries())
    if not found:
        return FontChoice(LATIN_FAMILY, _latin_path(), cjk=False, warning=msg("fonts.no_cjk"))
    best = found[0]
    return FontChoice(best.name, best.fname, _face(best), found=tuple(e.name for e in found))


def _named_font(preferred: str) -> FontChoice:
    """The user's font by file path or family name (case-insensitive), checked for CJK."""
    from matplotlib import font_manager

    if is_file(preferred):
        font_manager.fontManager.addfont(preferred)
        preferred = _family_of(preferred)
    entry = _entry_named(preferred)
    if entry is None and _register_new_system_fonts():
        entry = _entry_named(preferred)
    found = tuple(e.name for e in _cjk_entries(exhaustive=True))
    listing = ", ".join(found) or msg("fonts.none")
    if entry is None:
        raise InputError(
            Problem(
                msg("fonts.not_installed", font=preferred, found=listing),
                path="report.font",
                fix=msg("fonts.not_installed.fix"),
            )
        )
    lacking = covers(entry.fname, PROBE, index=_face(entry))
    if lacking:
        chars = "".join(sorted(lacking))
        raise InputError(
            Problem(
                msg("fonts.no_chinese", font=entry.name, chars=chars, found=listing),
                path="report.font",
                fix=msg("fonts.no_chinese.fix"),
            )
        )
    return FontChoice(entry.name, entry.fname, _face(entry), found=found)


def _cjk_entries(*, exhaustive: bool = False) -> list[FontEntry]:
    """One regular face per family with the :data:`PROBE` glyphs, known families first.

    Unknown families are read only when no known one is usable, or with ``exhaustive``
    (reading every cmap of a system with hundreds of fonts takes seconds).
    """
    rank = {name.casefold(): i for i, name in enumerate(CJK_FAMILIES)}
    faces = _regular_faces()
    known = sorted(
        (e for e in faces if e.name.casefold() in rank), key=lambda e: rank[e.name.casefold()]
    )
    usable = [e for e in known if _has_probe(e)]
    if usable and not exhaustive:
        return usable
    others = sorted((e for e in faces if e.name.casefold() not in rank), key=lambda e: e.name)
    return usable + [e for e in others if _has_probe(e)]


def _regular_faces() -> list[FontEntry]:
    """The most regular face of every family outside matplotlib's own Latin/math fonts."""
    from matplotlib import font_manager

    mpl_data = str(Path(font_manager.__file__).parent / "mpl-data")
    families: dict[str, FontEntry] = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.fname.startswith(mpl_data):
            continue
        best = families.get(entry.name)
        if best is None or _regularity(entry) < _regularity(best):
            families[entry.name] = entry
    return list(families.values())


def _entry_named(name: str) -> FontEntry | None:
    from matplotlib import font_manager

    faces = [e for e in font_manager.fontManager.ttflist if e.name.casefold() == name.casefold()]
    return min(faces, key=_regularity) if faces else None


@lru_cache(maxsize=1)
def _register_new_system_fonts() -> bool:
    """Add fonts installed after matplotlib wrote its font cache; True if any were added.

    Once per process, as matplotlib itself reads the font list once: without a CJK font
    every drawing would otherwise list the system fonts again.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {e.fname for e in manager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
                added = True
            except (OSError, RuntimeError, ValueError):  # unreadable or exotic font file
                continue
    return added


def _regularity(entry: FontEntry) -> tuple[int, int]:
    """Sort key: upright faces first, then the weight closest to regular (400)."""
    weight = entry.weight if isinstance(entry.weight, int) else 400
    return (entry.style != "normal", abs(weight - 400))


def _face(entry: FontEntry) -> int:
    return int(getattr(entry, "index", 0))  # FontEntry.index exists from matplotlib 3.10 on


def _family_of(path: str) -> str:
    from matplotlib import ft2font

    return str(ft2font.FT2Font(path).family_name)


def _has_probe(entry: FontEntry) -> bool:
    try:
        return not covers(entry.fname, PROBE, index=_face(entry))
    except Exception:  # fontTools cannot read it (bitmap or broken font): not usable
        return False


@lru_cache(maxsize=1)
def _latin_path() -> str:
    from matplotlib import font_manager

    return str(font_manager.findfont(LATIN_FAMILY))


@lru_cache(maxsize=64)
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def _needs_glyph(ch: str) -> bool:
    return not ch.isspace() and not unicodedata.category(ch).startswith("C")
