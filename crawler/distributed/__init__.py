"""A distributed audit: a coordinator and workers sharing a queue in Redis."""
