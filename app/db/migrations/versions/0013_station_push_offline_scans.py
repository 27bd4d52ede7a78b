"""station push and offline scans: who paused a station, why its person was signed out; scans a tablet kept
while its link was down, waiting for their person

Revision ID: 0013
Revises: 0016
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from app.db.base import UTCDateTime


revision = '0013'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_by', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signed_out_note', sa.String(length=200), nullable=False,
                                      server_default=''))
    op.create_table(
        'offline_scans',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=200), nullable=False),
        sa.Column('path', sa.String(length=80), nullable=False),
        sa.Column('scanned_at', UTCDateTime(), nullable=False),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('outcome', sa.String(length=300), nullable=False),
        sa.CheckConstraint("state IN ('waiting', 'applied', 'refused', 'failed')",
                           name=op.f('ck_offline_scans_state')),
        sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_offline_scans_station_id_stations')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_offline_scans_user_id_users')),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_offline_scans')),
    )
    with op.batch_alter_table('offline_scans', schema=None) as batch_op:
        batch_op.create_index('ix_offline_scans_waiting', ['station_id', 'state', 'seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('offline_scans', schema=None) as batch_op:
        batch_op.drop_index('ix_offline_scans_waiting')
    op.drop_table('offline_scans')
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_column('signed_out_note')
        batch_op.drop_column('paused_by')
