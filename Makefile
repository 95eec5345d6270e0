# Thin wrappers: the logic lives in Python modules and scripts/.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PULUMI_VERSION := v3.274.1
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/$(BIN):$(PATH)

.PHONY: install tools lint test test-fast demo bench schema docs clean

install: $(VENV)/.installed tools

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

tools:
	scripts/install-pulumi

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

schema: $(VENV)/.installed
	$(PY) -m pulumi_lakesail.plugin.schema > schema.json

docs: $(VENV)/.installed
	$(PY) scripts/gen_resource_docs.py > docs/flink-application-reference.md

test: $(VENV)/.installed
	$(PY) ../shared/validate_pulumi_schema.py schema.json
	$(PY) -m pytest

test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "unit or client or emulator"

demo: install
	$(PY) scripts/demo.py

bench: $(VENV)/.installed
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
