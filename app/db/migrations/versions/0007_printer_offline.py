"""printer offline since: the worker could not reach it

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 06:50:00
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('printers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline_since', app.db.base.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('printers', schema=None) as batch_op:
        batch_op.drop_column('offline_since')
