"""Catalogue texts render as the user reads them: ``{{`` is a literal brace, never shown doubled."""

from __future__ import annotations

import pytest

from qualindex.texts import CATALOGUE, msg, param_names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_texts_without_params_show_single_braces(lang: str) -> None:
    shown = []
    for code, (zh, en) in CATALOGUE.items():
        if param_names(zh) or param_names(en):
            continue
        text = msg(code).render(lang)
        assert "{{" not in text and "}}" not in text, (code, text)
        shown.append(text)
    assert any("{" in t for t in shown)  # the catalogue has such texts (scoring: {method: …})


def test_no_scoring_fix_names_the_yaml_mapping() -> None:
    assert "scoring: {method: minmax" in msg("index.no_scoring.fix").render("en")
