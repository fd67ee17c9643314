"""Rendering: every message as Telegram HTML (its plain text derived from it), the one
translation table (`texts`), operator tables and the trend chart.  Pure."""
