# Lecture 5 -- one entry point. `make help` lists the targets.
# Every target bootstraps the virtual environment .venv from requirements.txt when it is
# missing or older than requirements.txt / pyproject.toml.

PYTHON ?= python3
VENV   ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
PY      := $(BIN)/python
STAMP   := $(VENV)/.installed
BUILD   := build
NB      ?= $(wildcard notebooks/[0-9][0-9]_*.ipynb)
# The lecturer's offline folder (see README); CI points it at ../shared/data.
export LECTURE5_DATA
# Jupyter servers listen on this machine only; Jupyter generates a fresh token per start.
JUPYTER_NET := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=20

.DEFAULT_GOAL := help
.PHONY: help install lab present slides html pdf execute normalise images data test check benchmark budget clean distclean

help: ## list the targets
	@echo "Lecture 5 (RNN, CNN, autoencoders, embeddings, NMT). Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Variables: NB=notebooks/02_cnn.ipynb limits execute/test/slides to some notebooks;"
	@echo "           LECTURE5_DATA=/path/to/folder reads data sets from a local folder (offline)."

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements.txt
	$(PY) -m pip install --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP) ## create .venv and install the pinned requirements and the lecture5 package

lab: $(STAMP) ## open the notebooks in JupyterLab (localhost only, token-protected)
	$(BIN)/jupyter lab $(JUPYTER_NET) notebooks/

present: $(STAMP) ## open the first notebook live as RISE slides (NB=... picks another)
	$(BIN)/jupyter lab $(JUPYTER_NET) --ServerApp.default_url=/rise/$(firstword $(NB))

slides: $(STAMP) ## build static reveal.js decks into build/slides/
	$(PY) tools/slides.py slides $(NB)

html: $(STAMP) ## build readable HTML pages into build/html/
	$(PY) tools/slides.py html $(NB)

execute: $(STAMP) ## re-run notebooks in place, store their outputs, print wall times vs. budgets
	$(PY) tools/notebooks.py execute $(NB) --report $(BUILD)/timings.md

normalise: $(STAMP) ## rewrite notebooks in the canonical stored form (after editing in Jupyter)
	$(PY) tools/notebooks.py normalise $(NB)

images: $(STAMP) ## regenerate every figure in images/ from lecture5/diagrams
	$(PY) -m lecture5.diagrams images

data: $(STAMP) ## download and verify every data set (or verify the LECTURE5_DATA folder)
	$(PY) -m lecture5.data

check: $(STAMP) ## fast checks: notebook hygiene and unit tests (no notebook execution)
	$(PY) tools/notebooks.py check
	$(PY) -m pytest -q -p no:nbval tests

test: $(STAMP) ## everything CI runs: unit tests, then nbval re-executes and compares notebooks
	$(PY) tools/notebooks.py check
	$(PY) -m pytest -q -p no:nbval tests
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-cell-timeout=1800 \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(NB)

clean: ## remove build outputs and caches (keeps .venv and downloaded data)
	rm -rf $(BUILD) .pytest_cache
	find lecture5 tests tools -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## also remove .venv and the data cache
	rm -rf $(VENV) data
