"""Every integration test ends with the invariants of DOMAIN.md checked on its database."""

from __future__ import annotations

import pytest

from app.services.invariants import violations
from tests.support.factories import Site, build_site


@pytest.fixture(autouse=True)
def invariants_hold_at_the_end(request):
    floor = request.getfixturevalue("floor") if "floor" in request.fixturenames else None
    yield
    if floor is not None:
        problems = violations(floor.reader())
        assert problems == [], "invariants broken:\n" + "\n".join(problems)


@pytest.fixture
def site(floor) -> Site:
    return build_site(floor)
