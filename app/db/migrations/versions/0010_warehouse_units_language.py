"""warehouse units and language: metric or imperial on every screen and label; the language its labels speak

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('warehouses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('units', sa.String(length=8), nullable=False, server_default='metric'))
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=False, server_default='en'))


def downgrade() -> None:
    with op.batch_alter_table('warehouses', schema=None) as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('units')
