"""Which language a command speaks: --lang, run config, QUALINDEX_LANG, locale, then en."""

from __future__ import annotations

import pytest

from qualindex.texts import choose_lang


@pytest.mark.parametrize(
    ("env", "option", "config", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "zh", None, "zh"),  # the option beats everything
        ({"QUALINDEX_LANG": "zh"}, None, "en", "en"),  # the run config beats the environment
        ({"QUALINDEX_LANG": "en", "LANG": "zh_CN.UTF-8"}, None, None, "en"),
        ({"LANG": "zh_CN.UTF-8"}, None, None, "zh"),
        ({"LANG": "de_DE.UTF-8"}, None, None, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, None, None, "zh"),
        ({"LANG": "C.UTF-8"}, None, None, "en"),  # C/POSIX name no language
        ({}, None, None, "en"),
    ],
)
def test_language_precedence(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    option: str | None,
    config: str | None,
    expected: str,
) -> None:
    for var in ("QUALINDEX_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert choose_lang(option, config) == expected


def test_unknown_language_in_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALINDEX_LANG", "fr")
    with pytest.raises(ValueError, match="QUALINDEX_LANG"):
        choose_lang()
