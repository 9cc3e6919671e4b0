"""``flask providers export --format hsds -o DIR``: HSDS 3.0's tabular form, checked against
the compiled ``tabular.json`` (Draft 2020-12) and the data package description."""
import csv
import json

import pytest

from tests.hsds.test_api import COMPILED
from tests.hsds.test_api import sample  # noqa: F401 (a fixture)
from tests.hsds.test_api import validator

CASTS = {"number": float, "integer": int, "boolean": lambda v: v == "true"}


def read_tables(folder, schema) -> dict:
    """Read each CSV back, typing each cell as the tabular schema says."""
    tables = {}
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        fields = schema["properties"][resource["name"]]["items"]["properties"]
        with open(folder / resource["path"], newline="", encoding="utf-8") as fh:
            rows = []
            for row in csv.DictReader(fh):
                typed = {}
                for key, value in row.items():
                    if value == "":
                        continue
                    kind = fields.get(key, {}).get("type", "string")
                    typed[key] = CASTS.get(kind, str)(value)
                rows.append(typed)
        tables[resource["name"]] = rows
    return tables


def test_the_tabular_export_is_valid_hsds(runner, sample, tmp_path):  # noqa: F811
    result = runner.invoke(args=["providers", "export", "--format", "hsds", "-o",
                                 str(tmp_path / "hsds")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "hsds"
    schema = json.loads((COMPILED / "tabular.json").read_text())
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        expected = schema["properties"][resource["name"]]["items"]
        assert resource["path"] == expected["path"]
        assert {f["name"] for f in resource["schema"]["fields"]} <= set(expected["properties"])
    tables = read_tables(folder, schema)
    errors = list(validator("tabular.json").iter_errors(tables))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    services = {row["name"] for row in tables["service"]}
    assert {"Demo Nome", "Nome Listing", "Nome Norton Sound Health"} <= services
    assert "Pending Nome" not in services
    text = "".join(p.read_text() for p in folder.glob("*.csv"))
    assert "secret@example.org" not in text and "SECRET-LIC" not in text


def test_the_tabular_export_needs_a_folder(runner):
    result = runner.invoke(args=["providers", "export", "--format", "hsds"])
    assert result.exit_code != 0 and "-o FOLDER" in result.output


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_the_other_exports_still_write_to_standard_output(runner, fmt):
    result = runner.invoke(args=["providers", "export", "--format", fmt])
    assert result.exit_code == 0 and result.output
