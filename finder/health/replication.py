"""How far the read replica is behind the primary, as /readyz reports it."""
import sqlalchemy as sa

# Behind = it has not replayed all the WAL the primary had written when asked; how far behind is
# the age of the last transaction it replayed (the primary's commit time).
REPLICA_STATE = sa.text("""
    SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)
               AS caught_up,
           EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())
               AS since_replay_s,
           pg_is_in_recovery() AND pg_is_wal_replay_paused() AS replay_paused
""")


def replica_status(primary: sa.Connection, reads, max_lag_s: float) -> dict:
    """Return the replica's state: where reads go, its lag in seconds (0 when caught up,
    None when it cannot be told), whether replay is paused, and whether the lag is
    within ``max_lag_s``."""
    lsn = primary.scalar(sa.text("SELECT pg_current_wal_insert_lsn()"))
    try:
        with reads.replica.connect() as replica:
            state = replica.execute(REPLICA_STATE, {"lsn": lsn}).one()
    except sa.exc.DBAPIError as err:
        reads.replica_failed(err)
        return {"status": "unreachable", "reads_from": "primary", "lag_s": None,
                "max_lag_s": max_lag_s}
    if state.caught_up:
        lag_s = 0.0
    elif state.since_replay_s is None:
        lag_s = None
    else:
        lag_s = round(max(float(state.since_replay_s), 0.0), 3)
    lagging = lag_s is not None and lag_s > max_lag_s
    return {"status": "lagging" if lagging else "streaming",
            "reads_from": "replica" if reads.replica_usable() else "primary",
            "lag_s": lag_s, "max_lag_s": max_lag_s, "replay_paused": state.replay_paused}
