"""`python -m app.cli ...` runs the same command line as `floor ...`."""

from app.cli import main

main()
