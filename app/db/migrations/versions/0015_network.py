"""network: peers, planned moves, outbox and inbox between sites

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-02 09:45:00
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0015'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer', sa.String(length=32), nullable=False),
    sa.Column('message_id', sa.String(length=80), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('received_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox')),
    sa.UniqueConstraint('peer', 'message_id', name=op.f('uq_inbox_peer_message_id'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer', sa.String(length=32), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('message_id', sa.String(length=80), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=400), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('message_id', name=op.f('uq_outbox_message_id'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_pending', ['delivered_at', 'id'], unique=False)

    op.create_table('peers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('token', sa.String(length=200), nullable=False),
    sa.Column('inbound_token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=400), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peers')),
    sa.UniqueConstraint('code', name=op.f('uq_peers_code')),
    sa.UniqueConstraint('inbound_token_hash', name=op.f('uq_peers_inbound_token_hash'))
    )
    op.create_table('plan_moves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_no', sa.Integer(), nullable=False),
    sa.Column('seller', sa.String(length=32), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('dest', sa.String(length=16), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('cartons', sa.Integer(), nullable=False),
    sa.Column('lead_days', sa.Double(), nullable=False),
    sa.Column('cost', sa.Double(), nullable=False),
    sa.Column('per_day', sa.Double(), nullable=False),
    sa.Column('cover_before', sa.Double(), nullable=False),
    sa.Column('days_bought', sa.Double(), nullable=False),
    sa.Column('spike', sa.Boolean(), nullable=False),
    sa.Column('why', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('transfer', sa.String(length=40), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_moves'))
    )
    with op.batch_alter_table('plan_moves', schema=None) as batch_op:
        batch_op.create_index('ix_plan_moves_plan_no', ['plan_no'], unique=False)

    with op.batch_alter_table('inbounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_site', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('transfer_ref', sa.String(length=20), nullable=True))

    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('remote_status', sa.String(length=14), nullable=True))
        batch_op.add_column(sa.Column('remote_outcome', sa.JSON(), nullable=True))

    with op.batch_alter_table('warehouses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site', sa.String(length=32), nullable=True))

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carton_units', sa.Integer(), nullable=False, server_default='1'))



def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('carton_units')

    with op.batch_alter_table('warehouses', schema=None) as batch_op:
        batch_op.drop_column('site')

    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_column('remote_outcome')
        batch_op.drop_column('remote_status')

    with op.batch_alter_table('inbounds', schema=None) as batch_op:
        batch_op.drop_column('transfer_ref')
        batch_op.drop_column('source_site')

    with op.batch_alter_table('plan_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_moves_plan_no')

    op.drop_table('plan_moves')
    op.drop_table('peers')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending')

    op.drop_table('outbox')
    op.drop_table('inbox')
