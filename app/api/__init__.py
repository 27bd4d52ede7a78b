"""HTTP API for the shop platform (orders, later returns and inbounds), health and label downloads."""
