"""Floor screens for stock coming in and being checked: receiving, put-away, transfer receipts, counts."""
