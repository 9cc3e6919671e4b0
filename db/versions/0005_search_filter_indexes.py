"""Indexes that keep every search's index walk short, whatever its filters.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Each modality family gets a partial GiST index, so a search for one therapy walks only
# its providers. The array literal must equal what finder.search.queries.INDEXED_FAMILIES
# writes (sorted slugs), or the planner cannot match the index to the query.
FAMILIES = {
    "ketamine": ["esketamine", "ketamine-assisted-therapy", "ketamine-infusion"],
    "psilocybin": ["psilocybin"],
    "mdma": ["mdma-assisted-therapy"],
    "integration": ["integration"],
}


def upgrade():
    for family, slugs in FAMILIES.items():
        literal = "'{" + ",".join(sorted(slugs)) + "}'::text[]"
        op.execute(f"CREATE INDEX providers_{family}_location_gist ON providers USING gist "
                   f"(location) WHERE status = 'approved' AND modalities && {literal}")
    # Rare languages and service tags, answered without walking the spatial index.
    op.execute("CREATE INDEX providers_languages_gin ON providers USING gin (languages) "
               "WHERE status = 'approved'")
    op.execute("CREATE INDEX providers_service_tags_gin ON providers USING gin (service_tags) "
               "WHERE status = 'approved'")
    # Telehealth providers of a region, for searches with telehealth=true.
    op.execute("CREATE INDEX providers_telehealth_region_idx ON providers (country, region) "
               "WHERE status = 'approved' AND telehealth")


def downgrade():
    for family in FAMILIES:
        op.execute(f"DROP INDEX providers_{family}_location_gist")
    op.execute("DROP INDEX providers_languages_gin")
    op.execute("DROP INDEX providers_service_tags_gin")
    op.execute("DROP INDEX providers_telehealth_region_idx")
