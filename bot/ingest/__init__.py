"""Ingest: due feeds are fetched, parsed, normalised, stored once, matched, filed into
stories and their alerts queued — `poll.Poller` runs it, `enqueue.AlertQueue` is the
step after storing.  `parse`, `normalize` and `schedule` are pure."""
