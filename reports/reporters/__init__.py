"""One reporter module per output format; each only formats what it is given."""
