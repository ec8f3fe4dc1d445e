"""What admins do: add reviews and procedures, reindex without stopping the bot, check the set-up."""
