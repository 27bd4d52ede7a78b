"""picking modes: singles and batch pick tasks pick totals into a cart; the put wall's sort puts; zone tasks and zone pickers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa

import app.db.base


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mode', sa.String(length=12), nullable=False, server_default='cluster'))
        batch_op.add_column(sa.Column('cart', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('zone_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_pick_tasks_zone_id_zones'), 'zones', ['zone_id'], ['id'])
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('zone_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_zone_id_zones'), 'zones', ['zone_id'], ['id'])
    op.create_table(
        'sort_puts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('order_line_id', sa.Integer(), nullable=False),
        sa.Column('slot', sa.Integer(), nullable=False),
        sa.Column('tote', sa.String(length=40), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('undone', sa.Boolean(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('station_id', sa.Integer(), nullable=True),
        sa.Column('command_key', sa.String(length=80), nullable=True),
        sa.Column('at', app.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('quantity > 0', name=op.f('ck_sort_puts_quantity')),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_sort_puts_order_id_orders')),
        sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'],
                                name=op.f('fk_sort_puts_order_line_id_order_lines')),
        sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_sort_puts_station_id_stations')),
        sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_sort_puts_task_id_pick_tasks')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sort_puts_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sort_puts')),
    )
    op.create_index('ix_sort_puts_task', 'sort_puts', ['task_id', 'id'])
    op.create_index('ix_sort_puts_order_line', 'sort_puts', ['order_line_id'])


def downgrade() -> None:
    op.drop_index('ix_sort_puts_order_line', table_name='sort_puts')
    op.drop_index('ix_sort_puts_task', table_name='sort_puts')
    op.drop_table('sort_puts')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_zone_id_zones'), type_='foreignkey')
        batch_op.drop_column('zone_id')
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_pick_tasks_zone_id_zones'), type_='foreignkey')
        batch_op.drop_column('zone_id')
        batch_op.drop_column('cart')
        batch_op.drop_column('mode')
