"""Floor: the warehouse-floor app (pick, pack, ship, returns, transfers) for a multi-seller network."""

__version__ = "0.1.0"
