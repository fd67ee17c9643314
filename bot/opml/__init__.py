"""OPML, the feed readers' exchange format: export feeds.yaml's feeds, import other readers'.

- `read`: an OPML file (bytes from anyone) → its feed outlines, parsed safely (defusedxml:
  no entity expansion, no external references), nested folders walked;
- `write`: feeds.yaml's feeds → an OPML 2.0 document, in folders by source kind;
- `merge`: the outlines → new `feeds:` entries of feeds.yaml, its comments and order kept.
"""
