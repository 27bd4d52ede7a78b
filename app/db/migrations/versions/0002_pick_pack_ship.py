"""pick pack ship: waves, tasks, totes, packages, print jobs, exceptions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 03:17:18.327842
"""
from alembic import op
import sqlalchemy as sa
import app.db.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('carton_types',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('length_mm', sa.Integer(), nullable=False),
    sa.Column('width_mm', sa.Integer(), nullable=False),
    sa.Column('height_mm', sa.Integer(), nullable=False),
    sa.Column('tare_g', sa.Integer(), nullable=False),
    sa.Column('max_weight_g', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_carton_types'))
    )
    op.create_table('serials',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('next_value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_serials'))
    )
    op.create_table('printers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_printers_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printers')),
    sa.UniqueConstraint('name', name=op.f('uq_printers_name'))
    )
    op.create_table('waves',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cutoff', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('service_levels', sa.JSON(), nullable=False),
    sa.Column('released_by', sa.Integer(), nullable=True),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['released_by'], ['users.id'], name=op.f('fk_waves_released_by_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_waves_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waves'))
    )
    op.create_table('count_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_count_tasks_location_id_locations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_count_tasks_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_tasks'))
    )
    with op.batch_alter_table('count_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_count_tasks_location_status', ['location_id', 'status'], unique=False)

    op.create_table('packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sscc', sa.String(length=18), nullable=True),
    sa.Column('carrier', sa.String(length=40), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('tracking_number', sa.String(length=40), nullable=True),
    sa.Column('carton_type', sa.String(length=16), nullable=True),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('expected_weight_g', sa.Integer(), nullable=True),
    sa.Column('tote', sa.String(length=40), nullable=True),
    sa.Column('packer_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('shipped_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('shipped_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'held', 'labelled', 'verified', 'shipped', 'cancelled')", name=op.f('ck_packages_status')),
    sa.ForeignKeyConstraint(['carton_type'], ['carton_types.code'], name=op.f('fk_packages_carton_type_carton_types')),
    sa.ForeignKeyConstraint(['order_id', 'seller_id'], ['orders.id', 'orders.seller_id'], name=op.f('fk_packages_order_id_seller_id_orders')),
    sa.ForeignKeyConstraint(['packer_id'], ['users.id'], name=op.f('fk_packages_packer_id_users')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_packages_seller_id_sellers')),
    sa.ForeignKeyConstraint(['shipped_by'], ['users.id'], name=op.f('fk_packages_shipped_by_users')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_packages_station_id_stations')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_packages_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packages')),
    sa.UniqueConstraint('id', 'seller_id', name=op.f('uq_packages_id_seller_id')),
    sa.UniqueConstraint('sscc', name=op.f('uq_packages_sscc')),
    sa.UniqueConstraint('tracking_number', name=op.f('uq_packages_tracking_number'))
    )
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.create_index('ix_packages_order', ['order_id'], unique=False)
        batch_op.create_index('ix_packages_status_shipped', ['status', 'shipped_at'], unique=False)

    op.create_table('pick_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('at_location_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('started_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('notice', sa.String(length=200), nullable=False),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('ready', 'assigned', 'picking', 'done', 'cancelled')", name=op.f('ck_pick_tasks_status')),
    sa.ForeignKeyConstraint(['at_location_id'], ['locations.id'], name=op.f('fk_pick_tasks_at_location_id_locations')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_pick_tasks_station_id_stations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pick_tasks_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_pick_tasks_warehouse_id_warehouses')),
    sa.ForeignKeyConstraint(['wave_id'], ['waves.id'], name=op.f('fk_pick_tasks_wave_id_waves')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_tasks'))
    )
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_pick_tasks_claim', ['warehouse_id', 'status', 'priority', 'id'], unique=False)
        batch_op.create_index('ix_pick_tasks_user_status', ['user_id', 'status'], unique=False)

    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('document', sa.String(length=30), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('printer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('external_ref', sa.String(length=80), nullable=False),
    sa.Column('reprint_of', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['printer_id'], ['printers.id'], name=op.f('fk_print_jobs_printer_id_printers')),
    sa.ForeignKeyConstraint(['reprint_of'], ['print_jobs.id'], name=op.f('fk_print_jobs_reprint_of_print_jobs')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_print_jobs_station_id_stations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_print_jobs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_jobs')),
    sa.UniqueConstraint('public_id', name=op.f('uq_print_jobs_public_id'))
    )
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_print_jobs_printer_at', ['printer_id', 'created_at'], unique=False)
        batch_op.create_index('ix_print_jobs_state_next', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_print_jobs_subject', ['subject_type', 'subject_id'], unique=False)

    op.create_table('floor_exceptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('package_id', sa.Integer(), nullable=True),
    sa.Column('count_task_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.String(length=80), nullable=False),
    sa.Column('message', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolved_at', app.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['count_task_id'], ['count_tasks.id'], name=op.f('fk_floor_exceptions_count_task_id_count_tasks')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_floor_exceptions_location_id_locations')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_floor_exceptions_order_id_orders')),
    sa.ForeignKeyConstraint(['resolved_by'], ['users.id'], name=op.f('fk_floor_exceptions_resolved_by_users')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_floor_exceptions_station_id_stations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_floor_exceptions_user_id_users')),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], name=op.f('fk_floor_exceptions_warehouse_id_warehouses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_floor_exceptions'))
    )
    with op.batch_alter_table('floor_exceptions', schema=None) as batch_op:
        batch_op.create_index('ix_floor_exceptions_status_at', ['status', 'created_at'], unique=False)

    op.create_table('package_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_package_lines_quantity_positive')),
    sa.ForeignKeyConstraint(['order_line_id', 'seller_id'], ['order_lines.id', 'order_lines.seller_id'], name=op.f('fk_package_lines_order_line_id_seller_id_order_lines')),
    sa.ForeignKeyConstraint(['package_id', 'seller_id'], ['packages.id', 'packages.seller_id'], name=op.f('fk_package_lines_package_id_seller_id_packages')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_package_lines_seller_id_sellers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_lines')),
    sa.UniqueConstraint('package_id', 'order_line_id', name=op.f('uq_package_lines_package_id_order_line_id'))
    )
    op.create_table('pick_task_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=False),
    sa.Column('tote', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_pick_task_orders_order_id_orders')),
    sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_pick_task_orders_task_id_pick_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_task_orders')),
    sa.UniqueConstraint('task_id', 'order_id', name=op.f('uq_pick_task_orders_task_id_order_id')),
    sa.UniqueConstraint('task_id', 'slot', name=op.f('uq_pick_task_orders_task_id_slot'))
    )
    with op.batch_alter_table('pick_task_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_task_orders_order_id'), ['order_id'], unique=False)

    op.create_table('totes',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('task_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('updated_at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_totes_order_id_orders')),
    sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_totes_task_id_pick_tasks')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_totes'))
    )
    with op.batch_alter_table('totes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_totes_order_id'), ['order_id'], unique=False)

    op.create_table('pick_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=True),
    sa.Column('seller_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('lot', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('picked', sa.Integer(), nullable=False),
    sa.Column('short', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint('picked >= 0 AND short >= 0 AND picked + short <= quantity', name=op.f('ck_pick_lines_counts')),
    sa.ForeignKeyConstraint(['allocation_id'], ['allocations.id'], name=op.f('fk_pick_lines_allocation_id_allocations')),
    sa.ForeignKeyConstraint(['location_id'], ['locations.id'], name=op.f('fk_pick_lines_location_id_locations')),
    sa.ForeignKeyConstraint(['order_line_id', 'seller_id'], ['order_lines.id', 'order_lines.seller_id'], name=op.f('fk_pick_lines_order_line_id_seller_id_order_lines')),
    sa.ForeignKeyConstraint(['product_id', 'seller_id'], ['products.id', 'products.seller_id'], name=op.f('fk_pick_lines_product_id_seller_id_products')),
    sa.ForeignKeyConstraint(['seller_id'], ['sellers.id'], name=op.f('fk_pick_lines_seller_id_sellers')),
    sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_pick_lines_task_id_pick_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_lines'))
    )
    with op.batch_alter_table('pick_lines', schema=None) as batch_op:
        batch_op.create_index('ix_pick_lines_order_line', ['order_line_id'], unique=False)
        batch_op.create_index('ix_pick_lines_task_seq', ['task_id', 'sequence'], unique=False)

    op.create_table('pick_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('pick_line_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('ledger_id', sa.Integer(), nullable=False),
    sa.Column('undone', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('station_id', sa.Integer(), nullable=True),
    sa.Column('zone_id', sa.Integer(), nullable=True),
    sa.Column('command_key', sa.String(length=80), nullable=True),
    sa.Column('at', app.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ledger_id'], ['ledger.id'], name=op.f('fk_pick_events_ledger_id_ledger')),
    sa.ForeignKeyConstraint(['pick_line_id'], ['pick_lines.id'], name=op.f('fk_pick_events_pick_line_id_pick_lines')),
    sa.ForeignKeyConstraint(['station_id'], ['stations.id'], name=op.f('fk_pick_events_station_id_stations')),
    sa.ForeignKeyConstraint(['task_id'], ['pick_tasks.id'], name=op.f('fk_pick_events_task_id_pick_tasks')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pick_events_user_id_users')),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_pick_events_zone_id_zones')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_events'))
    )
    with op.batch_alter_table('pick_events', schema=None) as batch_op:
        batch_op.create_index('ix_pick_events_at', ['at'], unique=False)
        batch_op.create_index('ix_pick_events_task', ['task_id', 'id'], unique=False)
        batch_op.create_index('ix_pick_events_user_at', ['user_id', 'at'], unique=False)

    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('default_printer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('warehouse_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_stations_warehouse_id_warehouses'), 'warehouses', ['warehouse_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_stations_default_printer_id_printers'), 'printers', ['default_printer_id'], ['id'])

    # ### end Alembic commands ###
    cartons = sa.table("carton_types", sa.column("code", sa.String), sa.column("name", sa.String),
                       sa.column("length_mm", sa.Integer), sa.column("width_mm", sa.Integer),
                       sa.column("height_mm", sa.Integer), sa.column("tare_g", sa.Integer),
                       sa.column("max_weight_g", sa.Integer), sa.column("active", sa.Boolean))
    op.bulk_insert(cartons, [
        {"code": "BAG", "name": "Mailer bag", "length_mm": 350, "width_mm": 250, "height_mm": 40,
         "tare_g": 20, "max_weight_g": 2000, "active": True},
        {"code": "S", "name": "Box S", "length_mm": 250, "width_mm": 180, "height_mm": 100,
         "tare_g": 120, "max_weight_g": 5000, "active": True},
        {"code": "M", "name": "Box M", "length_mm": 350, "width_mm": 250, "height_mm": 150,
         "tare_g": 220, "max_weight_g": 10000, "active": True},
        {"code": "L", "name": "Box L", "length_mm": 450, "width_mm": 350, "height_mm": 250,
         "tare_g": 380, "max_weight_g": 20000, "active": True},
        {"code": "XL", "name": "Box XL", "length_mm": 600, "width_mm": 400, "height_mm": 400,
         "tare_g": 650, "max_weight_g": 30000, "active": True},
    ])


def downgrade() -> None:
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stations_default_printer_id_printers'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_stations_warehouse_id_warehouses'), type_='foreignkey')
        batch_op.drop_column('warehouse_id')
        batch_op.drop_column('default_printer_id')

    with op.batch_alter_table('pick_events', schema=None) as batch_op:
        batch_op.drop_index('ix_pick_events_user_at')
        batch_op.drop_index('ix_pick_events_task')
        batch_op.drop_index('ix_pick_events_at')

    op.drop_table('pick_events')
    with op.batch_alter_table('pick_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_pick_lines_task_seq')
        batch_op.drop_index('ix_pick_lines_order_line')

    op.drop_table('pick_lines')
    with op.batch_alter_table('totes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_totes_order_id'))

    op.drop_table('totes')
    with op.batch_alter_table('pick_task_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_task_orders_order_id'))

    op.drop_table('pick_task_orders')
    op.drop_table('package_lines')
    with op.batch_alter_table('floor_exceptions', schema=None) as batch_op:
        batch_op.drop_index('ix_floor_exceptions_status_at')

    op.drop_table('floor_exceptions')
    with op.batch_alter_table('print_jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_print_jobs_subject')
        batch_op.drop_index('ix_print_jobs_state_next')
        batch_op.drop_index('ix_print_jobs_printer_at')

    op.drop_table('print_jobs')
    with op.batch_alter_table('pick_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_pick_tasks_user_status')
        batch_op.drop_index('ix_pick_tasks_claim')

    op.drop_table('pick_tasks')
    with op.batch_alter_table('packages', schema=None) as batch_op:
        batch_op.drop_index('ix_packages_status_shipped')
        batch_op.drop_index('ix_packages_order')

    op.drop_table('packages')
    with op.batch_alter_table('count_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_count_tasks_location_status')

    op.drop_table('count_tasks')
    op.drop_table('waves')
    op.drop_table('printers')
    op.drop_table('serials')
    op.drop_table('carton_types')
    # ### end Alembic commands ###
