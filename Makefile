# Two commands set everything up on a fresh machine (Python 3.11 on PATH):
#   make build   install into .venv, then build the graph from sources/ into build/ (every output:
#                RDF, KGX and graph.json too; `make build OUTPUTS=default` for the store, tables, page)
#   make test    install the system packages the tests need (scripts/system-deps.sh), install
#                into .venv (with test extras), then run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3.11
OUTPUTS ?= all

.PHONY: build test install notebook clean system-deps kgx-env

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

build: $(VENV)/.installed
	$(PY) build_graph.py --sources sources --out build --outputs $(OUTPUTS)

# The browser and the RDF parser the tests use (apt-get as root; otherwise one line naming them).
system-deps:
	@scripts/system-deps.sh

test: system-deps $(VENV)/.installed kgx-env
	$(PY) -m pytest

# KGX in its own environment (.kgx-venv), for the test that runs `kgx validate`/`kgx transform` on the export.
kgx-env:
	tools/kgx_env.sh

# Opens the analysis notebook in JupyterLab (installed into .venv on first use).
notebook: $(VENV)/.installed
	$(PY) -m pip install --quiet 'jupyterlab>=4,<5'
	$(VENV)/bin/jupyter lab notebooks/explore.ipynb

clean:
	rm -rf build .pytest_cache
