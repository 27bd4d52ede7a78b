"""print job params

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 04:10:44.371033
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))

    # ### end Alembic commands ###


def downgrade() -> None:

    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_column('params')

    # ### end Alembic commands ###
