"""Everything under tests/bench is a benchmark: run by `make bench`, never by `make test`."""

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/bench" in str(item.fspath):
            item.add_marker(pytest.mark.bench)
