"""understand is plain Python: no Django, and its public surface is its __all__."""

from __future__ import annotations

import subprocess
import sys

import fireside.understand as understand
import fireside.understand.query as query


def test_importing_understand_does_not_load_django() -> None:
    code = (
        "import sys\n"
        "import fireside.understand, fireside.understand.cli, fireside.understand.query\n"
        "import fireside.understand.train\n"
        "from fireside.understand import Pipeline, MessageInput\n"
        "Pipeline().analyze([MessageInput(id='1', text='hello')])\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_the_public_names_are_exactly_all() -> None:
    for module in (understand, query):
        public = {n for n in vars(module) if not n.startswith("_")}
        assert set(module.__all__) <= public
    assert set(understand.__all__) == {
        "Analysis",
        "DuplicateIndex",
        "INTENTS",
        "MessageInput",
        "Pipeline",
        "SENTIMENTS",
    }
