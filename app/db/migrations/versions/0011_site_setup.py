"""site setup: zone kinds, bin limits, products with hazmat, tracking, customs data and updated_at

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from app.db.base import UTCDateTime


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

ZONE_KINDS = "'pick', 'reserve', 'receiving', 'packing', 'returns', 'quarantine', 'dock'"


def upgrade() -> None:
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), nullable=False, server_default='pick'))
        batch_op.create_check_constraint('kind', f"kind IN ({ZONE_KINDS})")
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_weight_g', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('max_volume_cm3', sa.Integer(), nullable=True))
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hazmat_un', sa.String(length=6), nullable=True))
        for flag in ('track_lot', 'track_expiry', 'track_serial'):
            batch_op.add_column(sa.Column(flag, sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('hs_code', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('country_of_origin', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('created_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', UTCDateTime(), nullable=True))
    op.execute("UPDATE products SET created_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP")
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=UTCDateTime(), nullable=False)
        batch_op.alter_column('updated_at', existing_type=UTCDateTime(), nullable=False)
        batch_op.create_index('ix_products_seller_updated', ['seller_id', 'updated_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_seller_updated')
        for column in ('updated_at', 'created_at', 'country_of_origin', 'hs_code', 'track_serial', 'track_expiry',
                       'track_lot', 'hazmat_un'):
            batch_op.drop_column(column)
    with op.batch_alter_table('locations', schema=None) as batch_op:
        batch_op.drop_column('max_volume_cm3')
        batch_op.drop_column('max_weight_g')
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.drop_column('kind')
