"""The Slack app: Bolt listeners that adapt Slack to the core, Block Kit rendering."""
