"""Flet screens: a root router with a role guard, one component per file, per role a folder."""
