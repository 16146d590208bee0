"""The session wizard: one module per step, and the page that moves between them."""
