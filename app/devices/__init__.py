"""Devices on the site network the server talks to (printers live in `printing`)."""
