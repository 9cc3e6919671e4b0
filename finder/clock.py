"""What finder takes as today and now: ``TODAY`` when set, else the real date.

Freshness (reminders, stale listings) and licence expiry are counted from here, so a
test, or an operator trying the reminders out, can move the day without waiting for it.
The access rules are resolved for this day too, unless their own preview day,
``ACCESS_DATE``, is set (``finder.access.rules``).
"""
import datetime as dt

from flask import current_app


def setting(key: str, default, config=None):
    """Return the setting ``key`` from ``config`` (default: the app's), else ``default``."""
    if config is None:
        try:
            config = current_app.config
        except RuntimeError:   # outside an app
            return default
    return config.get(key, default)


def preset_day(key: str, config=None) -> dt.date | None:
    """Return the day the setting ``key`` names (a date or ``YYYY-MM-DD``), or None unset."""
    preset = setting(key, None, config)
    if not preset:
        return None
    return preset if isinstance(preset, dt.date) else dt.date.fromisoformat(str(preset))


def today(config=None) -> dt.date:
    """Return the day: ``TODAY`` (``YYYY-MM-DD``) when set, else today's UTC date."""
    return preset_day("TODAY", config) or dt.datetime.now(dt.timezone.utc).date()


def now(config=None) -> dt.datetime:
    """Return the moment (UTC): the time of day now, on ``today``."""
    real = dt.datetime.now(dt.timezone.utc)
    return dt.datetime.combine(today(config), real.timetz())


def days_ago(days: int, config=None) -> dt.datetime:
    """Return the moment ``days`` days before ``now``."""
    return now(config) - dt.timedelta(days=days)
