"""The demo newsroom: its written content, its drawn pictures and the service that seeds them."""
