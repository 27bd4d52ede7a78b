"""carrier labels through karrio: a package waits "awaiting_label" while the carrier has not sold its label,
the carrier's shipment id and label documents are kept; order lines carry a declared value for customs,
a seller may fix the carrier service

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

from app.db.base import UTCDateTime


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

OLD = "status IN ('open', 'held', 'labelled', 'verified', 'shipped', 'cancelled')"
NEW = "status IN ('open', 'held', 'awaiting_label', 'labelled', 'verified', 'shipped', 'cancelled')"


def upgrade() -> None:
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_packages_status'), type_='check')
        batch_op.alter_column('status', existing_type=sa.String(length=12), type_=sa.String(length=16),
                              existing_nullable=False)
        batch_op.create_check_constraint('status', NEW)
        batch_op.add_column(sa.Column('carrier_shipment_id', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('label_problem', sa.String(length=300), nullable=False, server_default=''))
    op.create_table('carrier_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('format', sa.String(length=4), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint("format IN ('pdf', 'zpl')", name=op.f('ck_carrier_documents_format')),
    sa.ForeignKeyConstraint(['package_id'], ['packages.id'], name=op.f('fk_carrier_documents_package_id_packages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carrier_documents')),
    sa.UniqueConstraint('package_id', 'kind', name=op.f('uq_carrier_documents_package_id_kind')),
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declared_value', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), nullable=True))
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carrier_service', sa.String(length=60), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('sellers', schema=None) as batch_op:
        batch_op.drop_column('carrier_service')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_column('currency')
        batch_op.drop_column('declared_value')
    op.drop_table('carrier_documents')
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_column('label_problem')
        batch_op.drop_column('carrier_shipment_id')
        batch_op.drop_constraint(op.f('ck_packages_status'), type_='check')
        batch_op.alter_column('status', existing_type=sa.String(length=16), type_=sa.String(length=12),
                              existing_nullable=False)
        batch_op.create_check_constraint('status', OLD)
