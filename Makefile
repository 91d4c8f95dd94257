# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8080

.PHONY: install system-deps lint test demo bench load clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages the tests drive for real: Chromium (browser tests), PostgreSQL (store tests)
# and Redis (state shared by several add-on instances).
system-deps:
	scripts/install-system-deps

lint: install
	$(BIN)/ruff check addon sandbox tests benchmarks scripts
	$(BIN)/ruff format --check addon sandbox tests benchmarks scripts
	$(BIN)/mypy

test: install system-deps lint
	$(BIN)/pytest

demo: install
	$(BIN)/python -m sandbox --port $(PORT)

bench: install
	$(BIN)/python -m benchmarks.sidebar

# Two instances of the production server on PostgreSQL and Redis, 50 users for 60 s a run
# (a few minutes in all); `make load LOAD_ARGS="--seconds 10 --users 10"` for a quick one.
load: install system-deps
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
