"""The ways in: the `dutygraph` CLI and the HTTP API, both over graph.service."""
