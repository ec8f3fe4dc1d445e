"""The audit log refuses what its first triggers let through: SQLite's INSERT OR REPLACE, which
rewrites a row without firing a delete trigger, and PostgreSQL's TRUNCATE, which fires no row
trigger; and each row carries a digest chaining it to the one before (bot/records/audit_chain.py).
The columns are added in place (no table copy, which would drop the triggers).

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("previous", "digest"):
        op.add_column("audit", sa.Column(column, sa.String(), nullable=False, server_default=""))
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # a REPLACE inserts over an existing id: refused before it deletes
        op.execute("CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit "
                   "WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id) "
                   "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif dialect == "postgresql":
        op.execute("CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_no_replace")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
    for column in ("digest", "previous"):
        op.drop_column("audit", column)
