"""The dock: packages leave the building; the end-of-day manifest per carrier."""
