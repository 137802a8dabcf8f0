# Two commands: `make build` (the whole pipeline) and `make test`.
# The first run creates .venv and installs everything the project needs.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready

.PHONY: build test bench clean

build: $(READY)
	$(PY) -m pipeline all

test: $(READY)
	@sh scripts/testdeps.sh
	$(PY) -m pytest

bench: $(READY)
	$(PY) benchmarks/bench_build.py

$(READY): pyproject.toml scripts/sysdeps.sh
	@sh scripts/sysdeps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

clean:
	rm -rf _build locale/*/LC_MESSAGES/*.mo
