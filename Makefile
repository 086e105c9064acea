# Two commands on a fresh Debian/Ubuntu machine with Python 3.11:
#   make demo   set up and run Fireside on SQLite with the demo world (http://127.0.0.1:8000/)
#   make test   set up and run the whole test suite (SQLite; PostgreSQL too when
#               FIRESIDE_DATABASE_URL points at one)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint chromium clean

$(BIN)/fireside: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/fireside

demo: $(BIN)/fireside
	$(BIN)/fireside demo

# Debian's Chromium drives the browser tests; Playwright never downloads a browser here.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

lint: $(BIN)/fireside
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

test: $(BIN)/fireside chromium lint
	env -u FIRESIDE_DATABASE_URL $(BIN)/python -m pytest
	@case "$$FIRESIDE_DATABASE_URL" in \
		postgres*) echo "== again on PostgreSQL: $$FIRESIDE_DATABASE_URL"; $(BIN)/python -m pytest ;; \
		*) echo "== PostgreSQL run skipped: FIRESIDE_DATABASE_URL is not a postgres:// URL" ;; \
	esac

clean:
	rm -rf $(VENV) var build *.egg-info
