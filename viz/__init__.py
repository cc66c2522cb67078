"""Interactive network views of the responsibility graph (pyvis); built on graph.service."""
