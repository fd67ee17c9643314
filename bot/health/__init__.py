"""Feed health: when a feed is failing, silent, churning its identities, or healthy again.

Pure decisions on plain values (`rules`); the poller records the evidence, the feed watch
(`delivery.feed_watch`) judges every feed on its tick and tells operators of changes.
"""
