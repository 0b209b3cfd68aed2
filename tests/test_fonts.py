"""CJK font discovery: known families first, cmap checks, named fonts, stale cache, none."""

from __future__ import annotations

import warnings

import pytest
from matplotlib import font_manager

from qualindex import fonts
from qualindex.errors import InputError

LATIN = str(font_manager.findfont(fonts.LATIN_FAMILY))
CHOICE = fonts.find_cjk_font()
needs_cjk = pytest.mark.skipif(
    not CHOICE.cjk, reason="no CJK font installed: `make` installs fonts-wqy-microhei (needs root)"
)


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_WARNED", set())


def _no_cjk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_cjk_entries", lambda exhaustive=False: [])
    monkeypatch.setattr(fonts, "_register_new_system_fonts", lambda: False)


def test_covers_lists_the_characters_a_font_lacks() -> None:
    assert fonts.covers(LATIN, "Quality ↑ ↓ ◎ % w=0.25") == set()
    assert fonts.covers(LATIN, "服务 quality 质量") == {"服", "务", "质", "量"}
    assert fonts.covers(LATIN, " \n\t") == set()  # whitespace and controls need no glyph


@needs_cjk
def test_best_cjk_font_has_every_probe_and_label_glyph() -> None:
    assert CHOICE.family in CHOICE.found and CHOICE.warning is None
    assert (
        fonts.covers(
            CHOICE.path, fonts.PROBE + "网络服务业服务质量评价指标体系", index=CHOICE.index
        )
        == set()
    )
    assert CHOICE.families == (CHOICE.family, fonts.LATIN_FAMILY)
    assert CHOICE.missing("服务 ↑ ◎ 件/万户 w=0.250") == set()


@needs_cjk
def test_known_families_come_first() -> None:
    ranks = [fonts.CJK_FAMILIES.index(f) for f in CHOICE.found if f in fonts.CJK_FAMILIES]
    assert ranks == sorted(ranks)
    assert CHOICE.family == CHOICE.found[0]


@needs_cjk
def test_a_named_font_is_found_by_any_case_and_by_file() -> None:
    assert fonts.find_cjk_font(CHOICE.family.upper()).family == CHOICE.family
    by_file = fonts.find_cjk_font(CHOICE.path)
    assert by_file.cjk and by_file.path == CHOICE.path


def test_a_missing_named_font_is_an_error_listing_what_was_found() -> None:
    with pytest.raises(
        InputError, match=r"font 'No Such Sans' is not installed; CJK fonts found: "
    ) as err:
        fonts.find_cjk_font("No Such Sans")
    problem = err.value.problems[0]
    assert problem.path == "report.font"
    assert all(name in problem.message for name in CHOICE.found)


def test_a_named_font_without_chinese_glyphs_is_an_error() -> None:
    with pytest.raises(InputError, match=r"font 'DejaVu Sans' has no Chinese glyphs \(missing "):
        fonts.find_cjk_font("DejaVu Sans")


def test_font_errors_and_the_no_font_warning_speak_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """report.font mistakes reach every user of a run config: in Chinese for a Chinese run."""
    from qualindex.texts import use_lang

    with use_lang("zh"):
        with pytest.raises(InputError) as err:
            fonts.find_cjk_font("No Such Sans")
        (problem,) = err.value.problems
        assert problem.message.startswith("字体 'No Such Sans' 未安装；已找到的中文字体：")
        assert problem.fix == "请指定已找到的字体之一、给出字体文件路径，或安装该字体"
        with pytest.raises(InputError, match=r"字体 'DejaVu Sans' 没有中文字形（缺 "):
            fonts.find_cjk_font("DejaVu Sans")
        _no_cjk(monkeypatch)
        warning = fonts.find_cjk_font().warning
        assert warning is not None and warning.startswith("未找到中文（CJK）字体")
        assert "apt-get install fonts-wqy-microhei" in warning


@needs_cjk
def test_fonts_installed_after_matplotlib_cached_its_list_are_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """matplotlib's font cache predates `apt-get install fonts-...`: scan the system again."""
    manager = font_manager.fontManager
    stale = [e for e in manager.ttflist if e.fname != CHOICE.path]
    monkeypatch.setattr(manager, "ttflist", stale)
    fonts._register_new_system_fonts.cache_clear()  # the scan runs once per process
    assert fonts.find_cjk_font().family == CHOICE.family


def test_without_a_cjk_font_the_choice_is_latin_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _no_cjk(monkeypatch)
    choice = fonts.find_cjk_font()
    assert not choice.cjk and choice.family == fonts.LATIN_FAMILY
    assert choice.warning == fonts.NO_CJK_MESSAGE
    assert "apt-get install fonts-wqy-microhei" in choice.warning
    assert "report.font" in choice.warning
    assert choice.missing("服务 quality") == {"服", "务"}


def test_warn_once_warns_only_the_first_time() -> None:
    with pytest.warns(fonts.FontWarning, match="^careful$"):
        fonts.warn_once("careful")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fonts.warn_once("careful")
