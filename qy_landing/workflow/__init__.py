"""Workflow definitions (data files) and the state machines built from them."""
