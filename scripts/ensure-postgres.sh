#!/usr/bin/env bash
# Make sure a PostgreSQL server with PostGIS answers on 127.0.0.1:5432.
# Uses the server that is already running; otherwise installs Debian's PostgreSQL and
# starts its cluster; installs the PostGIS package matching the server when missing.
set -euo pipefail

HOST=${PGHOST_SETUP:-127.0.0.1}
PORT=${PGPORT_SETUP:-5432}
APT_UPDATED=

apt_install() {
    if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

admin_psql() {
    # Trust auth over TCP where the machine has it; the postgres OS user otherwise.
    if psql -h "$HOST" -p "$PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
        psql -h "$HOST" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
    else
        (cd / && runuser -u postgres -- psql -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -Atq "$@")
    fi
}

if ! pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "Installing PostgreSQL..."
        apt_install postgresql
    fi
    version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
    if [ -z "$version" ]; then
        version=$(ls /usr/lib/postgresql | sort -n | tail -1)
        pg_createcluster "$version" main
    fi
    echo "Starting PostgreSQL $version..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h "$HOST" -p "$PORT" && break; sleep 1; done
    pg_isready -q -h "$HOST" -p "$PORT" || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

if [ -z "$(admin_psql -c "select 1 from pg_available_extensions where name = 'postgis'")" ]; then
    major=$(admin_psql -c 'show server_version_num' | cut -c1-2)
    echo "Installing PostGIS for PostgreSQL $major..."
    apt_install "postgresql-$major-postgis-3"
fi
