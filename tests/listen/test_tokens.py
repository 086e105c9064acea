from __future__ import annotations

import time

from fireside.listen.tokens import TokenCache, credentials_key


def test_tokens_expire_and_keys_hide_the_secret() -> None:
    cache = TokenCache()
    key = credentials_key("svc", "user", "hunter2")
    assert "hunter2" not in key
    cache.put(key, {"access_token": "a"}, ttl=0.05)
    assert cache.get(key) == {"access_token": "a"}
    time.sleep(0.06)
    assert cache.get(key) is None
    cache.put(key, {"access_token": "b"})
    cache.drop(key)
    assert cache.get(key) is None
