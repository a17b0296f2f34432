# Every target installs what it needs into .venv, so a fresh clone needs only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_CLI := $(VENV)/.stamp-cli
STAMP_TEST := $(VENV)/.stamp-test
STAMP_BENCH := $(VENV)/.stamp-bench

LINT_PATHS := $(wildcard a2e_async tests benchmarks examples scripts)

.PHONY: demo test lint typecheck pytest bench clean sync-api docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_CLI): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[cli]'
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[cli,test]'
	touch $@

$(STAMP_BENCH): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[cli,test,bench]'
	touch $@

demo: $(STAMP_CLI)
	$(BIN)/a2e demo --jobs $(or $(JOBS),100)

lint: $(STAMP_TEST)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: $(STAMP_TEST)
	$(BIN)/mypy --strict a2e_async

pytest: $(STAMP_TEST)
	$(BIN)/pytest -q -n auto --cov --cov-report=term

test: lint typecheck pytest

# The blocking facade's typed classes, generated from the async ones (a test fails when stale).
sync-api: $(STAMP_TEST)
	$(BIN)/python -m scripts.gen_sync

# The documentation site into site/ (mkdocs-material + mkdocstrings); warnings fail the build.
docs: $(STAMP_TEST)
	$(BIN)/mkdocs build --strict

bench: $(STAMP_BENCH)
	$(BIN)/python -m benchmarks $(if $(QUICK),--quick,)

# benchmarks/out keeps the committed run the README shows (latest.json, detect_cdf.png).
clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache site
	find benchmarks/out -type f ! -name latest.json ! -name detect_cdf.png -delete 2>/dev/null || true
