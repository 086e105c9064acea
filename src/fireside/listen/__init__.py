"""Listen: be where the customers are.

One module per channel (``feeds``, ``mastodon``, ``bluesky``, ``reddit``, ``hackernews``,
``youtube``, ``email``, ``webhook``), each a small class behind the `Connector` Protocol in
``base``, importing no Django; ``archives`` reads platform exports. ``http`` builds the one
guarded HTTP client, ``errors`` sorts failures by what to do about them, ``registry`` maps kinds
to classes. The Django side — ``models`` (Source, Quarantine), ``services`` (run, store,
quarantine, health, send), ``runner`` (`fireside listen`) and the Settings pages — stores what
the connectors find through the inbox's ``ingest_items``.
"""
