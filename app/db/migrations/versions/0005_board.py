"""board: hourly activity, audit order, station reconnect, indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:50:52.632395
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_hours',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hour', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_activity_hours_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_hours')),
    sa.UniqueConstraint('hour', 'kind', 'warehouse_id', 'zone_id', 'user_id', name=op.f('uq_activity_hours_hour_kind_warehouse_id_zone_id_user_id'))
    )
    with op.batch_alter_table('activity_hours', schema=None) as batch_op:
        batch_op.create_index('ix_activity_hours_hour', ['hour', 'kind'], unique=False)

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('order_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_action_at', ['action', 'at'], unique=False)
        batch_op.create_index('ix_audit_order', ['order_id'], unique=False)
        batch_op.create_index('ix_audit_seller_at', ['seller_id', 'at'], unique=False)

    with op.batch_alter_table('ledger', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_product_from', ['product_id', 'from_location_id', 'id'], unique=False)
        batch_op.create_index('ix_ledger_product_to', ['product_id', 'to_location_id', 'id'], unique=False)

    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reconnecting', sa.Boolean(), nullable=False, server_default=sa.false()))

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_column('reconnecting')

    with op.batch_alter_table('ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_product_to')
        batch_op.drop_index('ix_ledger_product_from')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_seller_at')
        batch_op.drop_index('ix_audit_order')
        batch_op.drop_index('ix_audit_action_at')
        batch_op.drop_column('order_id')

    with op.batch_alter_table('activity_hours', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_hours_hour')

    op.drop_table('activity_hours')
    # ### end Alembic commands ###
