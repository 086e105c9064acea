"""inbox: conversations, messages, ingest and the team inbox."""
