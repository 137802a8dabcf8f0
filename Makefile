# Two commands: `make build` (the whole pipeline) and `make test`.
# The first run creates .venv and installs everything the project needs, at
# the versions of requirements-bootstrap.lock (pip, setuptools, wheel) and
# requirements.lock (everything `pip freeze` lists), with their hashes; a changed lock file
# gives a new .venv, so what is installed is always what the lock says.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
LOCK := requirements.lock
BOOTSTRAP := requirements-bootstrap.lock
PIP := $(PY) -m pip --quiet --disable-pip-version-check

.PHONY: build test lint bench lock clean serve

build: $(READY)
	$(PY) -m pipeline all

# The localization service on http://127.0.0.1:8000/ (README, "The localization service").
serve: $(READY)
	$(PY) -m pipeline serve

test: $(READY) lint
	@sh scripts/testdeps.sh
	@sh scripts/npmdeps.sh
	$(PY) -m pytest -n auto --dist loadfile --durations=10

lint: $(READY)
	$(VENV)/bin/ruff check pipeline tests benchmarks conf.py
	$(VENV)/bin/mypy

bench: $(READY)
	$(PY) benchmarks/bench_build.py

# Regenerate the lock after a change to the dependencies in pyproject.toml
# (pins that still fit are kept); `make lock UPGRADE=1` moves every pin to
# the newest release the ranges allow.
lock: $(READY)
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-find-links --no-emit-index-url \
	  $(if $(UPGRADE),--upgrade) --output-file $(BOOTSTRAP) requirements-bootstrap.in
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-find-links --no-emit-index-url \
	  --unsafe-package pip --unsafe-package setuptools --unsafe-package wheel \
	  --extra test --extra dev --extra bench \
	  $(if $(UPGRADE),--upgrade) --output-file $(LOCK) pyproject.toml

$(READY): pyproject.toml $(LOCK) $(BOOTSTRAP) scripts/sysdeps.sh scripts/debpkgs.sh scripts/debian-packages.txt
	@sh scripts/sysdeps.sh
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r $(BOOTSTRAP)
	$(PIP) install --require-hashes --no-deps -r $(LOCK)
	$(PIP) install --no-deps --no-build-isolation -e .
	$(PY) -m compileall -q pipeline  # as pip does for an installed package: commands start without compiling
	@touch $@

clean:
	rm -rf _build locale/*/LC_MESSAGES/*.mo pipeline/sphinxext/locale/*/LC_MESSAGES/sphinx.[mj][os]
