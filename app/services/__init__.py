"""Use cases: one function per user action. Each takes a unit of work, an actor and plain values."""
