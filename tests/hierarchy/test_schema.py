"""The JSON Schema printed by `qualindex schema` accepts every built-in index system."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from qualindex.cli import app

ROOT = Path(__file__).parents[2]
BUILT_IN = sorted((ROOT / "indicators").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    data: dict[str, object] = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


@pytest.mark.parametrize("path", BUILT_IN, ids=[p.stem for p in BUILT_IN])
def test_schema_accepts_built_in(schema: dict[str, object], path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_unknown_key(schema: dict[str, object]) -> None:
    doc = yaml.safe_load(BUILT_IN[0].read_text(encoding="utf-8"))
    doc["children"][0]["untis"] = "%"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_schema_to_file(tmp_path: Path) -> None:
    out = tmp_path / "qualindex.schema.json"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0 and json.loads(out.read_text())["title"]
