"""Slack listeners, one module a surface; each has register(app, deps)."""
