"""What both sides of the index share: settings, the embedder, the store and the index schema.

`ingest/` writes the index through these modules and `assistant/` reads it through them;
neither imports the other's internals.
"""
