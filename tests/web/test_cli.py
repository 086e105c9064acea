from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fireside.inbox.models import Conversation, Message
from fireside.web.models import Membership


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_init_creates_a_workspace_and_owner_and_is_safe_to_run_twice(db):
    out, _ = run("init", "--no-input", "--workspace", "Acme", "--username", "ada")
    assert "password:" in out
    again, _ = run("init", "--no-input", "--workspace", "Acme", "--username", "ada")
    assert "password:" not in again and "already exists" in again
    assert Membership.objects.get(user__username="ada").role == "owner"


def test_createuser_needs_a_workspace_first(db):
    with pytest.raises(CommandError, match="fireside init"):
        run("createuser", "ben")


def write_jsonl(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = [
    json.dumps(
        {
            "id": "m1",
            "text": "Is the K2 grinder back?",
            "channel": "mastodon",
            "author": {"name": "Maija", "handle": "@maija@mstdn.fi", "followers_count": 80},
            "created_at": "2026-11-01T09:00:00Z",
        }
    ),
    json.dumps(
        {
            "id": "m2",
            "text": "Yes, tomorrow!",
            "channel": "mastodon",
            "in_reply_to": "m1",
            "created_at": "2026-11-01T09:05:00Z",
        }
    ),
]


def test_import_is_idempotent_and_threads_replies(cast, tmp_path):
    path = write_jsonl(tmp_path, GOOD)
    out, _ = run("import", str(path), "--no-analyze")
    assert "Imported 2 new" in out
    out, _ = run("import", str(path), "--no-analyze")
    assert "Imported 0 new" in out
    assert Message.objects.count() == 2
    assert Conversation.objects.get().message_count == 2


def test_import_reports_bad_lines_by_number_and_keeps_the_good_ones(cast, tmp_path):
    path = write_jsonl(tmp_path, [GOOD[0], "{not json", json.dumps({"id": "x"}), GOOD[1]])
    with pytest.raises(CommandError, match="2 record"):
        run("import", str(path), "--no-analyze")
    assert Message.objects.count() == 2


def test_export_writes_thread_links_and_analysis(cast, tmp_path):
    run("import", str(write_jsonl(tmp_path, GOOD)), "--no-analyze")
    out, _ = run("export", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["m1", "m2"]
    assert rows[1]["in_reply_to"] == "m1" and rows[0]["conversation"] == rows[1]["conversation"]
    assert {"sentiment", "intent", "spam", "priority", "duplicate_of"} <= rows[0].keys()
    target = tmp_path / "out.csv"
    run("export", "--format", "csv", "-o", str(target))
    with target.open(newline="") as handle:
        assert [r["id"] for r in csv.DictReader(handle)] == ["m1", "m2"]


def test_the_real_command_lists_everything_and_fails_in_one_line(tmp_path):
    fireside = [sys.executable, "-m", "fireside.cli"]
    listing = subprocess.run([*fireside, "--help"], capture_output=True, text=True, check=True)
    for name in ("init", "serve", "demo", "createuser", "import", "export", "analyze"):
        assert f"  {name}" in listing.stdout
    env = {"PATH": "/usr/bin:/bin", "FIRESIDE_DATA_DIR": str(tmp_path)}
    failed = subprocess.run(
        [*fireside, "export", "--workspace", "nope"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert failed.returncode != 0
    assert "Traceback" not in failed.stderr
