"""Supervision records: asks, feedback and Slack event de-duplication (SQLModel)."""
