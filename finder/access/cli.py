"""``flask access load|check``: the access rules file, into the database and kept fresh."""
import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import text

from finder.access import rules
from finder.database import get_session

access_cli = AppGroup("access", help="Where each therapy can legally be had (access rules).")


@access_cli.command("load")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False),
              default=str(rules.RULES_FILE), show_default=True, help="The rules file.")
def load(path):
    """Check the rules file and replace the stored rules with it (all or nothing)."""
    session = get_session()
    families = dict(session.execute(text("SELECT slug, family FROM modalities")).all())
    try:
        parsed = rules.read_file(path, families)
    except rules.RulesError as err:
        raise click.ClickException(f"{path}: {err}") from None
    count = rules.store(session, parsed)
    session.commit()
    click.echo(f"loaded {count} access rules")


@access_cli.command("check")
@click.option("--today", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Check as on this date (default: today).")
@click.option("--max-age", type=click.IntRange(1), default=180, show_default=True,
              help="Days after which a rule's source is due for a re-check.")
@click.option("--soon", type=click.IntRange(0), default=30, show_default=True,
              help="Days ahead in which a start or end is reported.")
def check(day, max_age, soon):
    """List stored rules whose source is older than --max-age days, and rules that start
    or end within --soon days; exit with status 1 when any source is stale."""
    day = day.date() if day else dt.date.today()
    stored = rules.load(get_session()).rules
    old, changing = rules.stale(stored, day, max_age, soon)
    for rule in old:
        click.echo(f"stale: {rule.jurisdiction} {rule.modality}: source checked {rule.checked} "
                   f"({(day - rule.checked).days} days ago): "
                   f"{rule.source_title or 'no source'}")
    for rule, what in changing:
        click.echo(f"changing: {rule.jurisdiction} {rule.modality} ({rule.status}) {what}")
    click.echo(f"{len(stored)} rules as on {day}: {len(old)} stale, {len(changing)} "
               f"starting or ending within {soon} days")
    if old:
        raise SystemExit(1)
