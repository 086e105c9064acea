from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fireside.understand.cli import analyze_main

LINES = [
    json.dumps({"id": "1", "text": "@acme my parcel never arrived, please help"}),
    "this is not json",
    json.dumps({"id": "2", "text": "Kiitos, tosi hyvä palvelu!", "author": {"name": "Aino"}}),
    json.dumps({"text": "no id here"}),
    json.dumps(
        {
            "id": 3,
            "text": "Great post! Visit my site",
            "author": {"name": "Best Payday Loans", "url": "http://x.biz", "followers_count": 2},
            "channel": "rss",
        }
    ),
]


def test_analyze_writes_one_line_per_good_input_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    rc = analyze_main([str(src), "-o", str(dst)])
    assert rc == 1
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["1", "2", "3"]
    assert out[1]["lang"] == "fi"
    assert out[2]["spam"] is True
    err = capsys.readouterr().err
    assert "line 2: not valid JSON" in err
    assert 'line 4: missing "id"' in err


def test_invalid_utf8_in_the_input_file_is_read_not_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "x", "text": "caf\xe9 \xff\xfe ok"}\n')
    dst = tmp_path / "out.jsonl"
    assert analyze_main([str(src), "-o", str(dst)]) == 0
    assert json.loads(dst.read_text(encoding="utf-8"))["id"] == "x"


def test_the_accurate_tier_says_it_is_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(LINES[0] + "\n", encoding="utf-8")
    assert analyze_main([str(src), "--tier", "accurate"]) == 2
    assert "accurate tier is not installed" in capsys.readouterr().err


def test_a_missing_input_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert analyze_main(["/nonexistent/in.jsonl"]) == 2
    assert "cannot read /nonexistent/in.jsonl" in capsys.readouterr().err


def test_the_real_command_streams_stdin_to_stdout() -> None:
    """One contract test runs the installed `fireside` (or the module when it is absent)."""
    exe = shutil.which("fireside", path=str(Path(sys.executable).parent))
    cmd = [exe, "analyze"] if exe else [sys.executable, "-m", "fireside.understand.cli"]
    result = subprocess.run(
        [*cmd, "-"],
        input="\n".join(LINES) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert ids == ["1", "2", "3"]
    assert "line 2" in result.stderr
