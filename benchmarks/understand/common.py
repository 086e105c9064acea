"""Shared helpers for the understand benchmarks."""

from __future__ import annotations

import argparse
import platform
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def data_arg(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared datasets folder")
    return parser


def machine() -> str:
    return f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}"
