"""The words of the rules and crisis files that visitors read, for translation.

``pybabel extract`` (``make messages``, ``babel.cfg``) reads ``rules.toml`` and
``crisis.toml`` with ``extract``: each rule's ``summary`` and ``conditions``, each crisis
line's ``name`` and ``how``, and the emergency numbers that have words in them ("999 or
112"). Pages and answers show them through ``flask_babel.gettext`` (``translated``), so a
summary's ``{place}`` is filled in after it is translated.
"""
import re
import tomllib

RULE_FIELDS = ("summary", "conditions")
LINE_FIELDS = ("name", "how")


def strings(data: dict) -> list[str]:
    """Return the visitor-facing strings of a parsed rules or crisis file."""
    out = [rule[k] for rule in data.get("rule", []) for k in RULE_FIELDS if rule.get(k)]
    out += [line[k] for line in data.get("lines", {}).values() for k in LINE_FIELDS]
    out += [v for v in data.get("emergency", {}).values() if re.search(r"[A-Za-z]", v)]
    return list(dict.fromkeys(out))


def extract(fileobj, keywords, comment_tags, options):
    """Babel extraction method for the access TOML files."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in strings(tomllib.loads(text)):
        lineno = next((i for i, line in enumerate(lines, 1) if message in line), 1)
        yield lineno, "gettext", message, []


def translated(words: str | None) -> str | None:
    """Return words from the rules or crisis file in the visitor's language."""
    from finder.i18n import gettext
    return gettext(words) if words else words
