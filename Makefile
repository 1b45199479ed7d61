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
# Relative folders are made absolute here: notebooks run with notebooks/ as their current folder.
export LECTURE5_DATA LECTURE5_CACHE
ifneq ($(strip $(LECTURE5_DATA)),)
override LECTURE5_DATA := $(abspath $(LECTURE5_DATA))
endif
ifneq ($(strip $(LECTURE5_CACHE)),)
override LECTURE5_CACHE := $(abspath $(LECTURE5_CACHE))
endif
# Jupyter servers listen on this machine only; Jupyter generates a fresh token per start.
# No news or update checks (a lecture hall may have no network); --allow-root only when root.
JUPYTER_OPTS := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=20 \
	--LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	--LabApp.extension_manager=readonly $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

.DEFAULT_GOAL := help
.PHONY: help install lecture lab present slides html pdf assets chromium execute normalise images data test check benchmark budget clean distclean

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

lecture: slides html ## build the slides and HTML pages, then open the lecture's index in a browser
	$(PY) -m webbrowser -t "file://$(abspath $(BUILD))/slides/index.html"

lab: $(STAMP) ## open the notebooks in JupyterLab (localhost only, token-protected)
	$(BIN)/jupyter lab $(JUPYTER_OPTS) notebooks/

present: $(STAMP) ## open the first notebook live as RISE slides (NB=... picks another)
	$(BIN)/jupyter lab $(JUPYTER_OPTS) --ServerApp.default_url=/rise/$(firstword $(NB))

slides: $(STAMP) ## build offline reveal.js decks (per notebook + whole lecture) into build/slides/
	$(PY) tools/slides.py slides $(NB)

html: $(STAMP) ## build offline readable HTML pages into build/html/
	$(PY) tools/slides.py html $(NB)

pdf: $(STAMP) chromium ## print the decks to PDF handouts (build/pdf/) with headless Chromium
	$(PY) tools/slides.py pdf $(NB)

assets: $(STAMP) ## fetch the pinned slide assets once (npm ci in slides/), copy them to build/assets/
	$(PY) tools/slides.py assets

chromium: ## Debian's Chromium for `make pdf` and the browser tests (installed when run as root)
	@command -v chromium >/dev/null 2>&1 || { test "$$(id -u)" = 0 && apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } || \
	  { echo "install chromium: apt-get install chromium" >&2; exit 1; }

execute: $(STAMP) ## re-run notebooks in place, store their outputs, print wall times vs. budgets
	$(PY) tools/notebooks.py execute $(NB) --report $(BUILD)/timings.md

budget: $(STAMP) ## execute every notebook without storing outputs; table of wall times vs. budgets
	$(PY) tools/notebooks.py budget $(NB) --report $(BUILD)/timings.md

benchmark: $(STAMP) ## MNIST time to 99.1 %: the original recipe vs. the notebook's (build/benchmarks/)
	$(PY) benchmarks/mnist_time_to_accuracy.py --out $(BUILD)/benchmarks

normalise: $(STAMP) ## rewrite notebooks in the canonical stored form (after editing in Jupyter)
	$(PY) tools/notebooks.py normalise $(NB)

images: $(STAMP) ## regenerate every figure in images/ from lecture5/diagrams
	$(PY) -m lecture5.diagrams images

data: $(STAMP) ## download and verify every data set (or verify the LECTURE5_DATA folder)
	$(PY) -m lecture5.data

check: $(STAMP) chromium ## fast checks: notebook hygiene and unit tests (no notebook execution)
	$(PY) tools/notebooks.py check
	$(PY) -m pytest -q -p no:nbval tests

test: $(STAMP) chromium ## everything CI runs: unit tests, then nbval re-executes and compares notebooks
	$(PY) tools/notebooks.py check
	$(PY) -m pytest -q -p no:nbval tests
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-cell-timeout=1800 \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(NB)

clean: ## remove build outputs and caches (keeps .venv and downloaded data)
	rm -rf $(BUILD) .pytest_cache
	find lecture5 tests tools -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## also remove .venv and the data cache
	rm -rf $(VENV) data
