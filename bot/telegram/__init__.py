"""The Telegram side of Peacewatch: commands, keyboards, settings, admin commands."""
