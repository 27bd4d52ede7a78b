"""Pure warehouse rules: standard library (and pure parsing libraries) only, no I/O."""
