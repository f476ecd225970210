# Two commands on a fresh machine:  `make run`  and  `make test`.
# Both create .venv and install the pinned dependencies on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint format typecheck bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## Start the app on http://localhost:$(PORT) (sample logs are in data/).
run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

## Lint, type-check and run every test, browser and PostgreSQL tests included.
test: $(VENV)/.dev
	scripts/ensure-test-services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m framework validate
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

## Print speed and memory figures (see benchmarks/README.md): the CLI, the peers, the page.
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_analyze.py
	$(BIN)/python benchmarks/bench_peers.py
	$(BIN)/python benchmarks/bench_page.py
	$(BIN)/python benchmarks/bench_page_browser.py
	$(BIN)/python benchmarks/bench_tag.py
	$(BIN)/python benchmarks/bench_compare.py

## Re-pin requirements*.txt from pyproject.toml.
lock:
	$(PYTHON) scripts/lock.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache artifacts
