from __future__ import annotations

import socket

import httpx
import pytest

from fireside.listen.errors import (
    AuthError,
    BlockedAddress,
    ItemError,
    RateLimited,
    RetryableError,
    SourceStopped,
)
from fireside.listen.http import (
    allow_private_urls,
    build_client,
    check_response,
    check_url,
    is_blocked_address,
    parse_json,
    rate_limit_wait,
    user_agent,
)
from tests.listen.conftest import LocalServer, Reply


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.5",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "0.0.0.0",
        "fc00::1",
        "224.0.0.1",
    ],
)
def test_it_counts_private_loopback_and_link_local_addresses_as_blocked(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_it_lets_public_addresses_through(address: str) -> None:
    assert not is_blocked_address(address)


def test_it_refuses_to_connect_to_loopback_unless_allowed(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIRESIDE_ALLOW_PRIVATE_URLS")
    server.route("GET", "/x", Reply(200, {"ok": True}))
    with build_client() as client, pytest.raises(BlockedAddress, match="FIRESIDE_ALLOW_PRIVATE"):
        client.get(f"{server.url}/x")
    assert server.received == []
    with build_client(allow_private=True) as client:
        assert client.get(f"{server.url}/x").json() == {"ok": True}


def test_the_guard_checks_the_resolved_address_not_the_name(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A public-looking name that resolves to loopback (DNS rebinding) is still refused.
    monkeypatch.delenv("FIRESIDE_ALLOW_PRIVATE_URLS")
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "rebind.example.com":
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with build_client() as client, pytest.raises(BlockedAddress):
        client.get(f"http://rebind.example.com:{server.port}/x")
    with pytest.raises(BlockedAddress):
        check_url(f"http://rebind.example.com:{server.port}/feed")


def test_the_environment_switch_is_a_strict_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRESIDE_ALLOW_PRIVATE_URLS", "maybe")
    with pytest.raises(ValueError, match="FIRESIDE_ALLOW_PRIVATE_URLS"):
        allow_private_urls()
    monkeypatch.setenv("FIRESIDE_ALLOW_PRIVATE_URLS", "0")
    assert allow_private_urls() is False
    assert allow_private_urls(True) is True


def test_check_url_refuses_other_schemes() -> None:
    with pytest.raises(SourceStopped):
        check_url("file:///etc/passwd")
    with pytest.raises(SourceStopped):
        check_url("gopher://example.com/")


def test_it_waits_out_a_429_with_retry_after_then_succeeds(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route(
        "GET", "/page", Reply(429, {"error": "slow"}, {"Retry-After": "2"}), Reply(200, {"n": 1})
    )
    with build_client() as client:
        assert client.get(f"{server.url}/page").json() == {"n": 1}
    assert 2.0 in no_sleep
    assert len(server.requests_to("/page")) == 2


def test_a_retry_after_longer_than_max_wait_becomes_rate_limited(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route("GET", "/page", Reply(429, {"error": "slow"}, {"Retry-After": "900"}))
    with build_client(max_wait=60) as client:
        response = client.get(f"{server.url}/page")
    with pytest.raises(RateLimited) as caught:
        check_response(response)
    assert caught.value.retry_after == pytest.approx(900, abs=1)
    assert no_sleep == []


def test_it_retries_server_errors_with_backoff_and_gives_up(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route("GET", "/flaky", Reply(503, "down"), Reply(502, "down"), Reply(200, {"ok": 1}))
    with build_client(retries=3, backoff=0.1) as client:
        assert client.get(f"{server.url}/flaky").json() == {"ok": 1}
    assert len(no_sleep) == 2 and no_sleep[1] > no_sleep[0] * 1.0 - 0.11
    server.route("GET", "/down", Reply(500, "boom"))
    with build_client(retries=2) as client, pytest.raises(RetryableError, match="500"):
        check_response(client.get(f"{server.url}/down"))


def test_a_post_is_not_repeated_after_a_server_error(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route("POST", "/send", Reply(502, "bad gateway"))
    with build_client(retries=3) as client:
        assert client.post(f"{server.url}/send", json={}).status_code == 502
    assert len(server.requests_to("/send")) == 1


def test_rate_limit_headers_hold_the_next_request(
    server: LocalServer, no_sleep: list[float]
) -> None:
    server.route(
        "GET",
        "/limited",
        Reply(200, {"ok": 1}, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "5"}),
    )
    with build_client() as client:
        client.get(f"{server.url}/limited")
        client.get(f"{server.url}/limited")
    assert no_sleep and 4.0 < no_sleep[0] <= 5.0


def test_rate_limit_wait_reads_seconds_dates_iso_and_epochs() -> None:
    now = 1_800_000_000.0
    assert rate_limit_wait({"Retry-After": "7"}, now=now) == 7
    assert rate_limit_wait({"Retry-After": "Fri, 15 Jan 2027 08:00:10 GMT"}, now=now) == 10
    assert rate_limit_wait({"X-RateLimit-Reset": "2027-01-15T08:00:30.000Z"}, now=now) == 30
    assert rate_limit_wait({"x-ratelimit-reset": str(int(now) + 40)}, now=now) == 40
    assert rate_limit_wait({}, now=now) is None


def test_it_maps_statuses_to_what_the_runner_should_do(server: LocalServer) -> None:
    cases = {
        401: AuthError,
        403: AuthError,
        404: SourceStopped,
        410: SourceStopped,
        400: SourceStopped,
        500: RetryableError,
    }
    with build_client(retries=0) as client:
        for status, error in cases.items():
            server.route("GET", f"/s{status}", Reply(status, "nope"))
            with pytest.raises(error):
                check_response(client.get(f"{server.url}/s{status}"))


def test_malformed_json_is_an_item_error_carrying_the_body(server: LocalServer) -> None:
    server.route("GET", "/bad", Reply(200, b"{not json", {"Content-Type": "application/json"}))
    with build_client() as client, pytest.raises(ItemError) as caught:
        parse_json(client.get(f"{server.url}/bad"))
    assert caught.value.raw == "{not json"


def test_it_identifies_itself_and_times_out_slow_servers(server: LocalServer) -> None:
    server.route("GET", "/slow", Reply(200, {"ok": 1}, delay=1.0))
    server.route("GET", "/ua", Reply(200, {}))
    with build_client(timeout=0.2, retries=0) as client:
        client.get(f"{server.url}/ua")
        with pytest.raises(httpx.ReadTimeout):
            client.get(f"{server.url}/slow")
    assert server.requests_to("/ua")[0].headers["user-agent"] == user_agent()
    assert user_agent().startswith("Fireside/")


def test_it_ignores_proxy_variables(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:9")
    server.route("GET", "/direct", Reply(200, {"ok": 1}))
    with build_client() as client:
        assert client.get(f"{server.url}/direct").json() == {"ok": 1}
