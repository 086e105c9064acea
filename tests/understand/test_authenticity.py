from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fireside.understand.authenticity import audit_account

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
BOUGHT = {
    "id": "1",
    "screen_name": "jessica83920471",
    "name": "",
    "description": "",
    "url": "",
    "followers_count": 3,
    "friends_count": 4800,
    "statuses_count": 0,
    "favourites_count": 0,
    "listed_count": 0,
    "default_profile": True,
    "default_profile_image": True,
    "verified": False,
    "created_at": "2026-11-01T10:00:00Z",
}
REAL = {
    "id": "2",
    "screen_name": "maija_virtanen",
    "name": "Maija Virtanen",
    "description": "Kahvi, kirjat ja kävely",
    "url": "https://maija.example",
    "followers_count": 840,
    "friends_count": 610,
    "statuses_count": 5200,
    "favourites_count": 9300,
    "listed_count": 12,
    "default_profile": False,
    "default_profile_image": False,
    "verified": False,
    "created_at": "Fri Nov 22 01:30:05 +0000 2013",
}


def test_a_bought_follower_is_flagged_with_its_reasons():
    audit = audit_account(BOUGHT, as_of=AS_OF)
    assert audit.fake and audit.fake_score > 0.95
    assert any("follows 4,800 but followed by 3" in r for r in audit.reasons)
    assert any("default profile picture" in r for r in audit.reasons)


def test_a_real_customer_is_not():
    audit = audit_account(REAL, as_of=AS_OF)
    assert not audit.fake and audit.fake_score < 0.2


def test_missing_fields_are_not_evidence():
    assert audit_account({"id": "3"}, as_of=AS_OF).reasons == []


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(BOUGHT)),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text()),
    )
)
@example(account={"followers_count": "INF"})
@example(account={"statuses_count": "nan"})
def test_any_profile_gets_a_score_in_range(account):
    audit = audit_account(account, as_of=AS_OF)
    assert 0.0 <= audit.fake_score <= 1.0


def test_the_command_follows_the_contract(tmp_path):
    accounts = tmp_path / "accounts.jsonl"
    accounts.write_text(json.dumps(BOUGHT) + "\nnot json\n" + json.dumps(REAL) + "\n")
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "fireside.cli",
            "audit",
            str(accounts),
            "-o",
            str(out),
            "--as-of",
            "2026-11-23",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and ":2:" in done.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["fake"]) for r in lines] == [("1", True), ("2", False)]
    assert set(lines[0]) == {"id", "fake_score", "fake", "reasons"}
