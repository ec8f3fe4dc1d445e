"""The first schema: asks, feedback, people, supervision sessions, entries, actions, audit.

The audit table is append-only: triggers refuse UPDATE and DELETE on it.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ask',
    sa.Column('surface', sa.String(), nullable=False),
    sa.Column('slack_team', sa.String(), nullable=False),
    sa.Column('slack_user', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('thread_ts', sa.String(), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('redactions', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('no_match', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ask_channel'), ['channel'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_slack_user'), ['slack_user'], unique=False)
        batch_op.create_index(batch_op.f('ix_ask_thread_ts'), ['thread_ts'], unique=False)

    op.create_table('audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('detail', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_at'), ['at'], unique=False)

    op.create_table('person',
    sa.Column('slack_user', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('supervisor', sa.Boolean(), nullable=False),
    sa.Column('admin', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('slack_user')
    )
    op.create_table('slackevent',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_table('supervision_link',
    sa.Column('supervisor', sa.String(length=64), nullable=False),
    sa.Column('supervisee', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('supervisor', 'supervisee')
    )
    with op.batch_alter_table('supervision_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_link_supervisee'), ['supervisee'], unique=False)

    op.create_table('supervision_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(), nullable=False),
    sa.Column('supervisor', sa.String(), nullable=False),
    sa.Column('supervisee', sa.String(), nullable=False),
    sa.Column('team_channel', sa.String(), nullable=False),
    sa.Column('case_ref', sa.String(), nullable=False),
    sa.Column('functions', sa.JSON(), nullable=False),
    sa.Column('review', sa.String(), nullable=False),
    sa.Column('surface', sa.String(), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('thread_ts', sa.String(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('signed_off_by', sa.String(), nullable=False),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supervision_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_session_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_session_supervisee'), ['supervisee'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_session_supervisor'), ['supervisor'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_session_thread_ts'), ['thread_ts'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('done_check', sa.Text(), nullable=False),
    sa.Column('worked_check', sa.Text(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_by', sa.String(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_session_id'), ['session_id'], unique=False)

    op.create_table('entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(), nullable=False),
    sa.Column('author', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('redactions', sa.JSON(), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('source_ts', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('session_id', 'source_ts')
    )
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_session_id'), ['session_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('slack_user', sa.String(), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['ask.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_ask_id'), ['ask_id'], unique=False)

    _make_audit_append_only()


def _make_audit_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
                       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
        op.execute("CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
                   "FOR EACH ROW EXECUTE FUNCTION audit_append_only()")



def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_ask_id'))

    op.drop_table('feedback')
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_session_id'))

    op.drop_table('entry')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_session_id'))
        batch_op.drop_index(batch_op.f('ix_action_owner'))

    op.drop_table('action')
    with op.batch_alter_table('supervision_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_session_thread_ts'))
        batch_op.drop_index(batch_op.f('ix_supervision_session_supervisor'))
        batch_op.drop_index(batch_op.f('ix_supervision_session_supervisee'))
        batch_op.drop_index(batch_op.f('ix_supervision_session_created_at'))

    op.drop_table('supervision_session')
    with op.batch_alter_table('supervision_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_link_supervisee'))

    op.drop_table('supervision_link')
    op.drop_table('slackevent')
    op.drop_table('person')
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_at'))

    op.drop_table('audit')
    with op.batch_alter_table('ask', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ask_thread_ts'))
        batch_op.drop_index(batch_op.f('ix_ask_slack_user'))
        batch_op.drop_index(batch_op.f('ix_ask_created_at'))
        batch_op.drop_index(batch_op.f('ix_ask_channel'))

    op.drop_table('ask')
