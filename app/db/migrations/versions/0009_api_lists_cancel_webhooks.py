"""api: updated_at for keyset lists, put-backs of cancelled orders, webhook subscriptions and rotation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from app.db.base import UTCDateTime


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

LISTED = (('orders', 'ix_orders_seller_updated'), ('rmas', 'ix_rmas_seller_updated'),
          ('inbounds', 'ix_inbounds_seller_updated'))


def upgrade() -> None:
    for table, index in LISTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('updated_at', UTCDateTime(), nullable=True))
        op.execute(f"UPDATE {table} SET updated_at = created_at")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('updated_at', existing_type=UTCDateTime(), nullable=False)
            batch_op.create_index(index, ['seller_id', 'updated_at', 'id'], unique=False)
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_seller_status_updated', ['seller_id', 'status', 'updated_at', 'id'],
                              unique=False)

    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('webhook_events', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('webhook_previous_secret', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('webhook_previous_until', UTCDateTime(), nullable=True))
    # a seller who had a webhook before kept hearing what it heard then: return outcomes only
    op.execute("UPDATE sellers SET webhook_events = '[\"return.closed\"]' WHERE webhook_url IS NOT NULL")
    op.execute("UPDATE sellers SET webhook_events = '[]' WHERE webhook_url IS NULL")
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.alter_column('webhook_events', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_at', UTCDateTime(), nullable=True))
        batch_op.create_index('ix_webhook_events_seller', ['seller_id', 'id'], unique=False)
    op.create_table(
        'webhook_marks',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_webhook_marks')),
    )
    op.create_table(
        'put_backs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('warehouse_id', sa.Integer(), nullable=False),
        sa.Column('seller_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('lot', sa.String(length=40), nullable=False),
        sa.Column('from_location_id', sa.Integer(), nullable=False),
        sa.Column('tote', sa.String(length=40), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('put_back', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('done_at', UTCDateTime(), nullable=True),
        sa.CheckConstraint('quantity > 0 AND put_back >= 0 AND put_back <= quantity', name=op.f('ck_put_backs_counts')),
        sa.ForeignKeyConstraint(['from_location_id'], ['locations.id'],
                                name=op.f('fk_put_backs_from_location_id_locations')),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_put_backs_order_id_orders')),
        sa.ForeignKeyConstraint(['product_id', 'seller_id'], ['products.id', 'products.seller_id'],
                                name=op.f('fk_put_backs_product_id_seller_id_products')),
        sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_put_backs_seller_id_sellers')),
        sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_put_backs_warehouse_id_warehouses')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_put_backs')),
    )
    op.create_index('ix_put_backs_order', 'put_backs', ['order_id'], unique=False)
    op.create_index('ix_put_backs_warehouse_status', 'put_backs', ['warehouse_id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_put_backs_warehouse_status', table_name='put_backs')
    op.drop_index('ix_put_backs_order', table_name='put_backs')
    op.drop_table('put_backs')
    op.drop_table('webhook_marks')
    with op.batch_alter_table('webhook_events', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_events_seller')
        batch_op.drop_column('failed_at')
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.drop_column('webhook_previous_until')
        batch_op.drop_column('webhook_previous_secret')
        batch_op.drop_column('webhook_events')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index('ix_orders_seller_status_updated')
    for table, index in LISTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_column('updated_at')
