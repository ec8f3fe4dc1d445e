"""What a case file needs from a supervision session: decisions with their rationale, management
oversight, the next supervision date, the practitioner's acknowledgement; and the step history, so
a reply is filed under the step in force when it was posted.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('supervision_session') as batch_op:
        batch_op.add_column(sa.Column('oversight', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('next_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('step_move',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('session_id', sa.Integer(), nullable=False),
                    sa.Column('step', sa.Integer(), nullable=False),
                    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_step_move_session_id', 'step_move', ['session_id'])
    op.create_table('decision',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('session_id', sa.Integer(), nullable=False),
                    sa.Column('step', sa.String(), nullable=False),
                    sa.Column('what', sa.Text(), nullable=False),
                    sa.Column('rationale', sa.Text(), nullable=False),
                    sa.Column('decided_by', sa.String(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_decision_session_id', 'decision', ['session_id'])


def downgrade() -> None:
    op.drop_index('ix_decision_session_id', table_name='decision')
    op.drop_table('decision')
    op.drop_index('ix_step_move_session_id', table_name='step_move')
    op.drop_table('step_move')
    with op.batch_alter_table('supervision_session') as batch_op:
        for column in ('acknowledged_at', 'acknowledged_by', 'next_date', 'oversight'):
            batch_op.drop_column(column)
