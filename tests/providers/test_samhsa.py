"""``flask providers import-samhsa``, run as an operator would, on generated directory files.

The rows are synthetic, written in the real directory's column format (SAMHSA's files stay
in ``SAMHSA_DIR`` and are never copied here).
"""
import csv

from sqlalchemy import text

from tests.providers.test_cli import count
from tests.providers.test_cli import good_row
from tests.providers.test_cli import write_csv

HEADER = ["name1", "name2", "street1", "street2", "city", "state", "zip", "phone", "intake1",
          "intake2", "intake1a", "intake2a", "service_code_info"]
CODES_HEADER = ["category_code", "category_name", "service_code", "service_name",
                "service_description"]
CODES = [("TC", "Type of Care", "MH", "Mental health treatment"),
         ("SET", "Service Setting", "OP", "Outpatient"),
         ("TAP", "Treatment Approaches", "DBT", "Dialectical behavior therapy"),
         ("TAP", "Treatment Approaches", "KIT", "Ketamine Infusion Therapy"),
         ("TAP", "Treatment Approaches", "TELE", "Telemedicine/telehealth therapy"),
         ("TAP", "Treatment Approaches", "TMS", "Transcranial Magnetic Stimulation")]
SOURCE = "source = 'samhsa-2022'"


def facility(n, **overrides):
    row = {"name1": f"Synthetic Health {n}", "name2": "", "street1": f"{n} Main Street",
           "street2": "", "city": "Abbeville", "state": "AL", "zip": "36310",
           "phone": "334-555-0100", "intake1": "", "intake2": "", "intake1a": "",
           "intake2a": "", "service_code_info": "MH * OP * DBT"}
    row.update(overrides)
    return row


def write_codes(tmp_path):
    path = tmp_path / "service-codes-mh-2022.csv"
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CODES_HEADER)
        writer.writerows([(*c, "A description, with a comma.") for c in CODES])
    return str(path)


def write_directory(tmp_path, rows, name="national-directory-mh-facilities-2022.csv"):
    """Write a directory file and, beside it, the code file its name calls for."""
    write_codes(tmp_path)
    return write_csv(tmp_path / name, rows, header=HEADER)


def run(runner, path, *args):
    result = runner.invoke(args=["providers", "import-samhsa", path, *args])
    assert result.exit_code == 0, result.output
    return result.output


def provider(session, name):
    return session.execute(text(
        "SELECT *, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon "
        f"FROM providers WHERE {SOURCE} AND name = :name"), {"name": name}).one()


def test_import_maps_names_address_phone_and_service_codes(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(
        1, name1="SpectraCare Synthetic", name2="Henry County Clinic", street1="219 Dothan Road",
        street2="Suite 4", phone="480-784-1514 x1126",
        service_code_info="SA MH SUMH * OP * KIT TMS DBT TELE * WI")])
    assert "read 1 rows: 1 added, 0 updated, 0 unchanged, 0 rejected" in run(runner, path)
    p = provider(session, "SpectraCare Synthetic")
    assert (p.practice_name, p.street, p.city, p.region, p.postcode, p.country) == (
        "Henry County Clinic", "219 Dothan Road, Suite 4", "Abbeville", "AL", "36310", "US")
    assert p.phone == "+14807841514;ext=1126"   # E.164, as a valid US number
    assert (p.provider_type, p.status, p.location_precision) == ("clinic", "approved", "postcode")
    assert p.modalities == ["ketamine-infusion"] and p.telehealth is True
    assert p.service_tags == ["sa", "mh", "sumh", "op", "tms", "dbt", "wi"]
    labels = dict(session.execute(text(
        "SELECT slug, label || ' / ' || category FROM service_tags "
        "WHERE slug IN ('tms', 'dbt', 'kit', 'tele')")).all())
    assert labels == {"tms": "Transcranial Magnetic Stimulation / Treatment Approaches",
                      "dbt": "Dialectical behavior therapy / Treatment Approaches"}


def test_a_ketamine_clinic_is_the_nearest_to_its_zip_centre(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(1, service_code_info="MH * KIT")])
    run(runner, path)
    nearest = session.execute(text(
        "WITH c AS (SELECT location FROM postcodes WHERE country = 'US' AND code = '36310') "
        "SELECT p.name, ST_Distance(p.location, c.location) FROM providers p, c "
        "WHERE p.status = 'approved' AND 'ketamine-infusion' = ANY(p.modalities) "
        "ORDER BY p.location <-> c.location LIMIT 5")).all()
    assert ("Synthetic Health 1", 0.0) in nearest


def test_facilities_without_finder_modalities_load(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(1, service_code_info="MH * OP")])
    run(runner, path)
    p = provider(session, "Synthetic Health 1")
    assert p.modalities == [] and p.telehealth is False


def test_the_generic_import_still_requires_a_modality(runner, tmp_path):
    path = write_csv(tmp_path / "p.csv", [good_row(1, modalities="")])
    result = runner.invoke(args=["providers", "import", path])
    assert "line 2: modalities needs at least one of" in result.output


def test_territories_and_odd_zips_are_placed(runner, session, tmp_path):
    rows = [facility(1, city="Aguada", state="PR", zip="00602"),
            facility(2, zip="36310-1234"),
            facility(3, city="Hartford", state="CT", zip="6103"),
            facility(4, city="Yap", state="FM", zip="96943")]
    assert "4 added" in run(runner, write_directory(tmp_path, rows))
    pr = provider(session, "Synthetic Health 1")
    assert (pr.region, pr.country, pr.location_precision) == ("PR", "US", "postcode")
    assert (round(pr.lat, 2), round(pr.lon, 2)) == (18.38, -67.19)   # GeoNames PR 00602
    assert provider(session, "Synthetic Health 2").postcode == "36310-1234"
    hartford = provider(session, "Synthetic Health 3")
    assert (hartford.postcode, round(hartford.lat)) == ("06103", 42)
    assert provider(session, "Synthetic Health 4").country == "FM"


def test_unplaceable_rows_are_reported_by_line_and_the_rest_load(runner, session, tmp_path):
    rows = [facility(1), facility(2, zip="00000"), facility(3, zip=""), facility(4)]
    out = run(runner, write_directory(tmp_path, rows))
    assert "line 3: postcode '00000' was not found in US" in out
    assert "line 4: needs lat and lon, or a postcode to place it by" in out
    assert "read 4 rows: 2 added, 0 updated, 0 unchanged, 2 rejected" in out
    assert count(session, SOURCE) == 2


def test_import_again_changes_nothing_and_then_updates_a_changed_row(runner, session, tmp_path):
    rows = [facility(1), facility(2, street2="Suite 9"), facility(3)]
    path = write_directory(tmp_path, rows)
    run(runner, path)
    before = count(session, "TRUE"), count(session, SOURCE)
    assert "0 added, 0 updated, 3 unchanged" in run(runner, path)
    assert (count(session, "TRUE"), count(session, SOURCE)) == before
    rows[1].update(phone="334-555-0199 x7", street2="Suite 10")
    assert "0 added, 1 updated, 2 unchanged" in run(runner, write_directory(tmp_path, rows))
    p = provider(session, "Synthetic Health 2")
    assert (p.phone, p.street) == ("+13345550199;ext=7", "2 Main Street, Suite 10")
    assert count(session, SOURCE) == 3


def test_repeated_rows_are_reported_and_programmes_sharing_an_address_load(
        runner, session, tmp_path):
    rows = [facility(1), facility(1),
            facility(2, phone="334-555-0101"), facility(2, phone="334-555-0102")]
    out = run(runner, write_directory(tmp_path, rows))
    assert "line 3: external_id 'mh-" in out and "repeats line 2" in out
    assert "read 4 rows: 3 added" in out
    phones = session.scalars(text(
        f"SELECT phone FROM providers WHERE {SOURCE} AND name = 'Synthetic Health 2' "
        "ORDER BY phone")).all()
    assert phones == ["+13345550101", "+13345550102"]
    assert "0 added, 0 updated, 3 unchanged" in run(runner, write_directory(tmp_path, rows))


def test_a_phone_that_is_not_a_valid_number_keeps_its_row_as_written(runner, session, tmp_path):
    rows = [facility(1, phone="555-0100"), facility(2, phone="+44 334-555")]
    out = run(runner, write_directory(tmp_path, rows))
    assert "2 added" in out and "0 rejected" in out
    assert provider(session, "Synthetic Health 1").phone == "555-0100"
    assert provider(session, "Synthetic Health 2").phone == "+44 334-555"


def test_codes_file_is_found_by_name_or_given(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(1)], name="excerpt.csv")
    result = runner.invoke(args=["providers", "import-samhsa", path])
    assert result.exit_code != 0 and "--codes" in result.output
    assert "1 added" in run(runner, path, "--codes", write_codes(tmp_path))
    assert session.scalar(text("SELECT external_id FROM providers "
                               f"WHERE {SOURCE}")).startswith("mh-")


def test_import_refuses_a_file_in_another_format(runner, tmp_path):
    write_codes(tmp_path)
    path = write_csv(tmp_path / "x-mh-2022.csv", [good_row(1)], header=list(good_row(1)))
    result = runner.invoke(args=["providers", "import-samhsa", path])
    assert result.exit_code != 0
    assert "name1" in result.output


def test_import_samhsa_has_help(runner):
    result = runner.invoke(args=["providers", "import-samhsa", "--help"])
    assert result.exit_code == 0 and "--codes" in result.output


def test_import_refuses_a_codes_file_in_another_format(runner, tmp_path):
    path = write_directory(tmp_path, [facility(1)])
    codes = write_csv(tmp_path / "codes.csv", [{"code": "KIT"}], header=["code"])
    result = runner.invoke(args=["providers", "import-samhsa", path, "--codes", codes])
    assert result.exit_code != 0
    assert "service_code" in result.output
