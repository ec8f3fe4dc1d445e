"""Crash safety. Slack event claims name the worker process that made them, so a claim left by
a worker that died on this host can be taken over at once, and hold the event (its text redacted)
until it is finished, so a restarted bot can answer what a dead one left; an ask remembers the
Slack message it answers, so answering again posts the stored answer instead of storing a second.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('slackevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner', sa.String(length=120), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('pending', sa.JSON(), nullable=True))
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_ts', sa.String(), nullable=False, server_default=''))
    op.create_index('uq_ask_message', 'ask', ['channel', 'message_ts'], unique=True,
                    sqlite_where=sa.text("message_ts != ''"),
                    postgresql_where=sa.text("message_ts != ''"))


def downgrade() -> None:
    op.drop_index('uq_ask_message', table_name='ask')
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.drop_column('message_ts')
    with op.batch_alter_table('slackevent', schema=None) as batch_op:
        batch_op.drop_column('pending')
        batch_op.drop_column('owner')
