"""Names a conversation has shown, kept as keyed digests (HMAC-SHA256 under a key the database
does not hold), so a later mention in the same thread or session is removed too.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('remembered_name',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('scope', sa.String(), nullable=False),
                    sa.Column('digest', sa.String(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('scope', 'digest'))
    op.create_index('ix_remembered_name_scope', 'remembered_name', ['scope'])
    op.create_index('ix_remembered_name_created_at', 'remembered_name', ['created_at'])


def downgrade() -> None:
    op.drop_index('ix_remembered_name_created_at', table_name='remembered_name')
    op.drop_index('ix_remembered_name_scope', table_name='remembered_name')
    op.drop_table('remembered_name')
