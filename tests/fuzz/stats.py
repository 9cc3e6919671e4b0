"""What the fuzz tests sent and got back, for the summary at the end of the run."""
from collections import Counter

EXAMPLES = Counter()    # operation label -> test cases tried
STATUSES = Counter()    # (operation label, HTTP status) -> responses
FAILURES = Counter()    # operation label -> test cases whose response broke a check


def summary() -> list[str]:
    """Return the figures as lines of text (nothing when no fuzz test ran)."""
    if not EXAMPLES:
        return []
    by_status = Counter()
    for (_, status), n in STATUSES.items():
        by_status[status] += n
    lines = [f"{sum(EXAMPLES.values())} requests, "
             f"{sum(FAILURES.values())} failing; by status: "
             + ", ".join(f"{s}: {n}" for s, n in sorted(by_status.items()))]
    for label in sorted(EXAMPLES):
        statuses = " ".join(f"{s}x{n}" for (op, s), n in sorted(STATUSES.items()) if op == label)
        failed = f", {FAILURES[label]} failing" if FAILURES[label] else ""
        lines.append(f"  {label}: {EXAMPLES[label]} cases{failed} ({statuses})")
    return lines
