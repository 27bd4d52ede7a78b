"""languages: a station's default language (the login screen's switch) and the buyer's language of an order

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default=''))
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ship_to_language', sa.String(length=10), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('ship_to_language')
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_column('language')
