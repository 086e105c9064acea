# Two commands on a fresh Debian/Ubuntu machine with Python 3.11:
#   make demo   set up and run Fireside on SQLite with the demo world (http://127.0.0.1:8000/)
#   make test   set up and run the whole test suite (SQLite; PostgreSQL too when
#               FIRESIDE_DATABASE_URL points at one)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint chromium atproto clean

$(BIN)/fireside: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/fireside

demo: $(BIN)/fireside
	$(BIN)/fireside demo

# What the tests talk to, from Debian: Chromium for the browser tests (Playwright never
# downloads a browser here) and Dovecot, a real IMAP server for the email connector.
chromium:
	@missing=; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/sbin/dovecot ] || missing="$$missing dovecot-imapd"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# The AT Protocol's reference network (PDS + AppView) for the Bluesky tests, from the npm
# registry into ~/.cache/fireside; a no-op once installed.
atproto: $(BIN)/fireside
	$(BIN)/python tests/listen/atproto/install.py

lint: $(BIN)/fireside
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: $(BIN)/fireside chromium atproto lint
	env -u FIRESIDE_DATABASE_URL $(BIN)/python -m pytest
	@case "$$FIRESIDE_DATABASE_URL" in \
		postgres*) echo "== again on PostgreSQL: $$FIRESIDE_DATABASE_URL"; $(BIN)/python -m pytest ;; \
		*) echo "== PostgreSQL run skipped: FIRESIDE_DATABASE_URL is not a postgres:// URL" ;; \
	esac

clean:
	rm -rf $(VENV) var build *.egg-info
