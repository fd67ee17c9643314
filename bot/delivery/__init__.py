"""Delivery: queued alerts and due digests are rendered and sent through a `Sender`
(`contract`), paced under Telegram's limits (`pacing`); outcomes go back to the store.
Nothing here imports python-telegram-bot: `bot.telegram.sender` is the Telegram side."""
