# Thin wrappers: the logic lives in Python modules and scripts/.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PULUMI_VERSION := v3.274.1
export PATH := $(CURDIR)/.tools/bin:$(CURDIR)/$(BIN):$(PATH)

.PHONY: install tools lint test test-fast demo bench generate plugin clean

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

# schema.json from the declarations, then the SDKs and the reference docs from schema.json.
generate: $(VENV)/.installed
	$(PY) -m pulumi_lakesail.resources.package > schema.json
	scripts/generate-sdks generate
	$(PY) scripts/gen_resource_docs.py > docs/reference.md

# The committed SDKs must be what the generators make of schema.json, and must compile.
test: $(VENV)/.installed
	scripts/generate-sdks verify
	scripts/generate-sdks check
	$(PY) -m pytest

test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "unit or client or emulator"

demo: install
	PYTHONPATH=tests $(PY) scripts/demo.py

# dist/pulumi-resource-lakesail-v<version>-<os>-<arch>.tar.gz, for
# `pulumi plugin install resource lakesail <version> --file <archive>` (docs/installation-configuration.md).
plugin: $(VENV)/.installed
	$(PY) scripts/package-plugin

bench: $(VENV)/.installed
	PYTHONPATH=tests $(PY) -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
