"""The Telegram edge: the python-telegram-bot application, its handlers, and the sender.

Everything that imports python-telegram-bot lives in this package.  We read
`RetryAfter.retry_after` as a `timedelta`, which is python-telegram-bot's next major
behaviour; opting in now (`PTB_TIMEDELTA`) keeps v22 from warning on every 429.
"""

import os

os.environ.setdefault("PTB_TIMEDELTA", "true")
