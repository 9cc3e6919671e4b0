"""``flask --app wsgi`` commands for data work: db, postcodes, demo, providers."""
import csv
import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import text

from finder.database import get_session

db_cli = AppGroup("db", help="Create and migrate the database schema.")
postcodes_cli = AppGroup("postcodes", help="GeoNames postal data (CC BY 4.0, credit GeoNames).")
demo_cli = AppGroup("demo", help="Synthetic demo providers that say they are demo.")
providers_cli = AppGroup("providers", help="Import and export providers.")


@db_cli.command("upgrade")
def db_upgrade():
    """Migrate the database to the newest schema revision."""
    from finder.migrations import upgrade
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database at the newest revision")


@postcodes_cli.command("load")
@click.argument("countries", nargs=-1)
@click.option("--missing-only", is_flag=True, help="Skip countries that are already loaded.")
def postcodes_load(countries, missing_only):
    """Load GeoNames postcodes and places for COUNTRIES (default: POSTCODE_COUNTRIES, else
    every country file in POSTCODE_DATA_DIR), replacing what a country had."""
    from finder.geo import loading
    cfg = current_app.config
    loading.configure(cfg["POSTCODE_DATA_DIR"], cfg["POSTCODE_CACHE_DIR"])
    wanted = loading.available_countries(cfg["POSTCODE_DATA_DIR"],
                                         list(countries) or cfg["POSTCODE_COUNTRIES"])
    unsupported = [c for c in wanted if not loading.supported(c)]
    if unsupported:
        raise click.UsageError(f"pgeocode has no postal data for: {', '.join(unsupported)}")
    session = bulk_session()
    if missing_only:
        present = loading.loaded_countries(session)
        wanted = [c for c in wanted if c not in present]
    if not wanted:
        click.echo("postcodes already loaded")
        return
    total = 0
    with click.progressbar(wanted, label="Loading postcodes", item_show_func=lambda c: c,
                           file=sys.stderr) as bar:
        for country in bar:
            try:
                postcodes, _ = loading.load_country(session, country)
            except Exception as err:  # a missing or unreadable file: say which, keep going
                session.rollback()
                click.echo(f"\n{country}: not loaded ({err})", err=True)
                continue
            session.commit()
            total += postcodes
    loading.analyze(session)
    session.commit()
    click.echo(f"loaded {total} postcodes from {len(wanted)} countries")


@demo_cli.command("seed")
@click.option("--count", "n", type=click.IntRange(0, 10_000_000), default=None,
              help="How many demo providers (default: DEMO_PROVIDERS, 20000).")
@click.option("--replace", is_flag=True, help="Delete existing demo providers first.")
@click.option("--seed", "rng_seed", type=int, default=42, help="Random seed.")
def demo_seed(n, replace, rng_seed):
    """Create synthetic demo providers on real postcode centroids (skipped if present)."""
    from finder.providers import demo
    n = current_app.config["DEMO_PROVIDERS"] if n is None else n
    session = bulk_session()
    existing = demo.count(session)
    if existing and not replace:
        click.echo(f"{existing} demo providers already present (use --replace to reseed)")
        return
    if existing:
        demo.delete(session)
    with click.progressbar(length=n, label="Seeding demo providers", file=sys.stderr) as bar:
        written = demo.seed(session, n, rng_seed, progress=bar.update)
    session.execute(text("ANALYZE providers"))
    session.commit()
    click.echo(f"seeded {written} demo providers")


def read_csv(path):
    """Yield a CSV file's header, its number of lines, then (line number, row) pairs."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        lines = sum(1 for _ in fh) - 1
        fh.seek(0)
        reader = csv.DictReader(fh)
        yield reader.fieldnames
        yield max(lines, 0)
        for row in reader:
            yield reader.line_num, row


def progress_bar(rows):
    """Return a progress bar on stderr for ``rows`` (read_csv's, past the header)."""
    return click.progressbar(length=next(rows), label="Importing", file=sys.stderr)


def print_report(report) -> None:
    """Print an import report: counts, then each rejected row by line with the reason."""
    for line, reason in report.errors:
        click.echo(f"line {line}: {reason}", err=True)
    click.echo(f"read {report.read} rows: {report.inserted} added, {report.updated} updated, "
               f"{report.unchanged} unchanged, {len(report.errors)} rejected")


@providers_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default="import", show_default=True,
              help="Where the rows come from; (source, external_id) identifies a provider.")
def providers_import(path, source):
    """Import providers from a CSV file (columns in the README), approved.

    Every row is validated; bad rows are reported by line number and the rest load.
    Rows without lat/lon are placed at their postcode's centre. Importing the same
    file again updates rows instead of adding them.
    """
    from finder.providers.importing import RowValidator
    from finder.providers.importing import import_records
    from finder.providers.importing import missing_columns
    session = bulk_session()
    rows = read_csv(path)
    missing = missing_columns(next(rows))
    if missing:
        raise click.UsageError(f"the CSV lacks required columns: {', '.join(missing)}")
    with progress_bar(rows) as bar:
        report = import_records(session, rows, RowValidator(session), source,
                                progress=bar.update)
    session.commit()
    print_report(report)


@providers_cli.command("import-samhsa")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False))
@click.option("--codes", "codes_path", type=click.Path(exists=True, dir_okay=False),
              help="The directory's service code file (default: service-codes-mh-2022.csv "
                   "beside FILE for a '-mh-' file, service-codes-sa-2022.csv for '-sa-').")
def providers_import_samhsa(path, codes_path):
    """Import a SAMHSA National Directory CSV (2022) as approved clinics.

    Facilities are placed at their ZIP code's centre; KIT becomes ketamine-infusion,
    TELE telehealth, and every other service code a service tag labelled from the
    code file. Rows that cannot be placed are reported by line and the rest load.
    Importing the same file again updates rows instead of adding them.
    """
    from finder.providers import samhsa
    codes_path = codes_path or samhsa.default_codes_path(path)
    if codes_path is None:
        raise click.UsageError("FILE's name says neither -mh- nor -sa-: pass --codes")
    if not os.path.isfile(codes_path):
        raise click.UsageError(f"no service code file at {codes_path}: pass --codes")
    try:
        codes = samhsa.read_service_codes(codes_path)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    session = bulk_session()
    rows = read_csv(path)
    missing = samhsa.missing_columns(next(rows))
    if missing:
        raise click.UsageError(f"the CSV lacks directory columns: {', '.join(missing)}")
    with progress_bar(rows) as bar:
        report = samhsa.import_directory(session, rows, codes,
                                         samhsa.id_prefix(path, codes_path),
                                         progress=bar.update)
    session.commit()
    print_report(report)


@providers_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "hsds"]), default="csv",
              show_default=True)
@click.option("--output", "-o", default="-",
              help="File to write (default: standard output); for hsds, the folder.")
def providers_export(fmt, output):
    """Export approved providers, public fields only, as CSV, GeoJSON, or HSDS 3.0's
    tabular form (a folder of CSV files with datapackage.json)."""
    from finder.providers import exporting
    from finder.providers.public import confirmed_since
    from finder.providers.public import hidden_sources
    hidden = hidden_sources(current_app.config)
    since = confirmed_since(current_app.config)
    if fmt == "hsds":
        if output == "-":
            raise click.UsageError("--format hsds needs -o FOLDER")
        from finder.hsds import tabular
        counts = tabular.write(bulk_session(), hidden, output, since)
        click.echo(", ".join(f"{n} {name}" for name, n in counts.items()))
        return
    with click.open_file(output, "w") as fh:
        _export(exporting, hidden, since, fmt, fh)


def _export(exporting, hidden, since, fmt, output):
    """Write approved providers to ``output`` as CSV or GeoJSON, a chunk at a time."""
    rows = exporting.approved_rows(bulk_session(), hidden, since)
    chunks = exporting.csv_chunks(rows) if fmt == "csv" else exporting.geojson_chunks(rows)
    for chunk in chunks:
        output.write(chunk)


def bulk_session():
    """Return the command's session with no statement timeout: bulk work takes its time."""
    session = get_session()
    session.execute(text("SET statement_timeout = 0"))
    return session


def register(app) -> None:
    """Attach the command groups to ``app``."""
    from finder.access.cli import access_cli
    from finder.listings.cli import listings_cli
    from finder.moderation.cli import moderator_cli
    from finder.notifications.cli import outbox_cli
    for group in (db_cli, postcodes_cli, demo_cli, providers_cli, moderator_cli, outbox_cli,
                  access_cli, listings_cli):
        app.cli.add_command(group)
