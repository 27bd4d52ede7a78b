"""inbound transfers counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 03:31:44.340001
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('expected_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_inbounds_seller_id_sellers')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_inbounds_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbounds')),
    sa.UniqueConstraint('id', 'seller_id', name=op.f('uq_inbounds_id_seller_id')),
    sa.UniqueConstraint('number', name=op.f('uq_inbounds_number')),
    sa.UniqueConstraint('seller_id', 'reference', name=op.f('uq_inbounds_seller_id_reference'))
    )
    op.create_table('inbound_cartons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_id', sa.Integer(), nullable=False),
    sa.Column('sscc', sa.String(length=18), nullable=False),
    sa.Column('received_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['inbound_id'], ['inbounds.id'], name=op.f('fk_inbound_cartons_inbound_id_inbounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_cartons')),
    sa.UniqueConstraint('inbound_id', 'sscc', name=op.f('uq_inbound_cartons_inbound_id_sscc'))
    )
    op.create_table('inbound_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('lot', sa.String(length=40), nullable=False),
    sa.Column('expiry', sa.Date(), nullable=True),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('damaged', sa.Integer(), nullable=False),
    sa.CheckConstraint('expected >= 0 AND received >= 0 AND damaged >= 0', name=op.f('ck_inbound_lines_counts')),
    sa.ForeignKeyConstraint(['inbound_id', 'seller_id'], ['inbounds.id', 'inbounds.seller_id'], name=op.f('fk_inbound_lines_inbound_id_seller_id_inbounds')),
    sa.ForeignKeyConstraint(['product_id', 'seller_id'], ['products.id', 'products.seller_id'], name=op.f('fk_inbound_lines_product_id_seller_id_products')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_inbound_lines_seller_id_sellers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_lines')),
    sa.UniqueConstraint('inbound_id', 'product_id', 'lot', name=op.f('uq_inbound_lines_inbound_id_product_id_lot'))
    )
    op.create_table('transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('from_warehouse_id', sa.Integer(), nullable=False),
    sa.Column('to_warehouse_id', sa.Integer(), nullable=False),
    sa.Column('transit_location_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=14), nullable=False),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('shipped_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('received_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['from_warehouse_id'], ['warehouses.id'], name=op.f('fk_transfers_from_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_transfers_order_id_orders')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_transfers_seller_id_sellers')),
    sa.ForeignKeyConstraint(['to_warehouse_id'], ['warehouses.id'], name=op.f('fk_transfers_to_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['transit_location_id'], ['locations.id'], name=op.f('fk_transfers_transit_location_id_locations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers')),
    sa.UniqueConstraint('id', 'seller_id', name=op.f('uq_transfers_id_seller_id')),
    sa.UniqueConstraint('number', name=op.f('uq_transfers_number'))
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index('ix_transfers_status', ['status'], unique=False)

    op.create_table('count_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('lot', sa.String(length=40), nullable=False),
    sa.Column('counted', sa.Integer(), nullable=False),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('counted >= 0', name=op.f('ck_count_lines_counted_not_negative')),
    sa.ForeignKeyConstraint(['product_id', 'seller_id'], ['products.id', 'products.seller_id'], name=op.f('fk_count_lines_product_id_seller_id_products')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_count_lines_seller_id_sellers')),
    sa.ForeignKeyConstraint(['task_id'], ['count_tasks.id'], name=op.f('fk_count_lines_task_id_count_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_lines_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_lines')),
    sa.UniqueConstraint('task_id', 'round', 'seller_id', 'product_id', 'lot', name=op.f('uq_count_lines_task_id_round_seller_id_product_id_lot'))
    )
    with op.batch_alter_table('count_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_count_lines_task_id'), ['task_id'], unique=False)

    op.create_table('transfer_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('transfer_id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_transfer_receipts_package_id_packages')),
    sa.ForeignKeyConstraint(['transfer_id'], ['transfers.id'], name=op.f('fk_transfer_receipts_transfer_id_transfers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_transfer_receipts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfer_receipts')),
    sa.UniqueConstraint('package_id', name=op.f('uq_transfer_receipts_package_id'))
    )
    with op.batch_alter_table('transfer_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfer_receipts_transfer_id'), ['transfer_id'], unique=False)

    with op.batch_alter_table('count_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('approved_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolution', sa.String(length=300), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_count_tasks_approved_by_users'), 'users', ['approved_by'], ['id'])

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transfer_id', sa.Integer(), nullable=True))

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('transfer_id')

    with op.batch_alter_table('count_tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_count_tasks_approved_by_users'), type_='foreignkey')
        batch_op.drop_column('resolution')
        batch_op.drop_column('approved_by')
        batch_op.drop_column('round')

    with op.batch_alter_table('transfer_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_transfer_receipts_transfer_id'))

    op.drop_table('transfer_receipts')
    with op.batch_alter_table('count_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_count_lines_task_id'))

    op.drop_table('count_lines')
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index('ix_transfers_status')

    op.drop_table('transfers')
    op.drop_table('inbound_lines')
    op.drop_table('inbound_cartons')
    op.drop_table('inbounds')
    # ### end Alembic commands ###
