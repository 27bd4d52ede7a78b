"""The packer's home is the pack bench itself: scan a tote and start (app/ui/packer/bench.py)."""

from app.domain.roles import Role
from app.ui.packer.bench import PackBench
from app.ui.routes import screen


@screen("/pack", roles=[Role.PACKER], label="Packing")
class PackerHome(PackBench):
    """Pack totes into cartons and ship: scan a tote, scan every unit, weigh, close, label, verify."""
