# Lecture 5 -- one entry point. `make help` lists the targets.
# Every target bootstraps the virtual environment .venv from requirements.lock (every package
# pinned, with hashes) when it is missing or older than requirements.lock / pyproject.toml.

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
.PHONY: help install backends-install backends backends-check lock lock-check lecture lab present slides html fit pdf assets chromium spelling poppler lint execute normalise images data test check benchmark budget clean distclean

help: ## list the targets
	@echo "Lecture 5 (RNN, CNN, autoencoders, embeddings, NMT). Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo "Variables: NB=notebooks/02_cnn.ipynb limits execute/test/slides to some notebooks;"
	@echo "           LECTURE5_DATA=/path/to/folder reads data sets from a local folder (offline)."

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --require-hashes -r requirements.lock
	$(PY) -m pip install --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP) ## create .venv from the lock (hash-checked) and install the lecture5 package

# Keras 3's other backends (optional): JAX, and PyTorch's CPU-only build on Linux (PyPI's Linux
# wheel brings several GB of CUDA libraries a laptop cannot use). TORCH_INDEX= skips that index
# (then pip must find torch 2.13.0+cpu elsewhere, e.g. a local wheel folder in PIP_FIND_LINKS).
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
BACKENDS    ?=# e.g. BACKENDS="jax torch"; empty: all three (tools/notebooks.py's BACKENDS)
backends-install: $(STAMP) ## add JAX and PyTorch (CPU) to .venv for KERAS_BACKEND=jax|torch (network)
	$(PY) -m pip install $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) -r requirements-backends.txt

backends: $(STAMP) ## run notebooks on each Keras backend (storing nothing): pass/fail, wall time (build/backends.md)
	@$(PY) -c "import jax, torch" 2>/dev/null || { echo "JAX or PyTorch missing: run 'make backends-install' first"; exit 1; }
	$(PY) tools/notebooks.py backends $(NB) $(if $(BACKENDS),--backends $(BACKENDS)) --record $(BUILD)/backends.json

# Part of `make test` under CI (CI=true): the notebooks that fit CI's time, on JAX and PyTorch.
BACKEND_CHECK := $(filter notebooks/02_cnn.ipynb notebooks/03_autoencoders.ipynb,$(NB))
backends-check: $(STAMP) ## (CI) 02 and 03 on JAX and PyTorch; installs both first
	@if [ "$$CI" != "true" ]; then \
	  echo "note: the JAX/PyTorch check of 02 and 03 runs under CI only; 'make backends-install backends' runs it here"; \
	elif [ -n "$(BACKEND_CHECK)" ]; then \
	  $(PY) -c "import jax, torch" 2>/dev/null || $(MAKE) --no-print-directory backends-install || exit 1; \
	  $(PY) tools/notebooks.py backends $(BACKEND_CHECK) --backends jax torch --record $(BUILD)/backends-check.json; \
	fi

# The lock: requirements.txt (top-level pins) resolved for every supported platform and Python.
UV          := $(BIN)/uv
UV_VERSION  := 0.13.9
PY_VERSIONS := 3.11 3.12 3.13
PLATFORMS   := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu aarch64-apple-darwin x86_64-pc-windows-msvc
LOCK_CMD     = $(UV) pip compile --quiet --universal --generate-hashes --only-binary :all: \
	--python-version $(firstword $(PY_VERSIONS)) --no-header requirements.txt

$(UV): $(STAMP)
	$(PY) -m pip install -q uv==$(UV_VERSION)

lock: $(UV) ## re-resolve requirements.txt into requirements.lock (needs network)
	$(LOCK_CMD) -o requirements.lock

lock-check: $(UV) ## the lock is current, and every claimed Python x platform resolves to wheels (network)
	$(LOCK_CMD) -o $(BUILD)/requirements.lock.new
	diff -u requirements.lock $(BUILD)/requirements.lock.new && echo "requirements.lock is current"
	@for v in $(PY_VERSIONS); do for p in $(PLATFORMS); do \
	  $(UV) pip compile --quiet --only-binary :all: --python-version $$v --python-platform $$p \
	    requirements.txt -o /dev/null && echo "Python $$v on $$p: resolves" || exit 1; done; done

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

fit: slides chromium ## report the slides that do not fit 1024x768, 1280x720 and 1920x1080 screens
	$(PY) tools/slide_fit.py --list $(abspath $(patsubst notebooks/%.ipynb,$(BUILD)/slides/%.slides.html,$(NB)))

pdf: $(STAMP) chromium ## print the decks to PDF handouts (build/pdf/) with headless Chromium
	$(PY) tools/slides.py pdf $(NB)

assets: $(STAMP) ## fetch the pinned slide assets once (npm ci in slides/), copy them to build/assets/
	$(PY) tools/slides.py assets

# $(call apt_install,PACKAGES): install Debian packages when run as root with apt-get; else fails.
apt_install = { test "$$(id -u)" = 0 && command -v apt-get >/dev/null && apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(1); }

# Chromium for `make pdf` and the browser tests: the system's (Debian's package, installed when run
# as root with apt-get), else Playwright's own build (no root: ~/.cache/ms-playwright). Without
# either, the browser tests skip with a loud line -- except under CI, where that is a failure.
chromium: $(STAMP) ## a Chromium for `make pdf` and the browser tests (apt as root, else Playwright's)
	@$(PY) tools/slide_browser.py --quiet || \
	  $(call apt_install,chromium) || \
	  $(PY) -m playwright install chromium || \
	  { echo "*** no Chromium: the browser tests will be SKIPPED (make chromium to retry) ***" >&2; \
	    test -z "$$CI"; }

# poppler's pdftotext, for the layout check of the PDF handouts.
poppler: ## pdftotext (poppler-utils) for the PDF handout check of `make check` (apt as root; else says how)
	@command -v pdftotext >/dev/null || \
	  $(call apt_install,poppler-utils) || \
	  { echo "*** no pdftotext: the PDF handout check will be SKIPPED (apt-get install poppler-utils," \
	    "or brew install poppler) ***" >&2; test -z "$$CI"; }

# hunspell with the Polish and English dictionaries, for the spell check of the slides' prose.
spelling: ## hunspell + Polish/English dictionaries for `make check` (apt as root; else says how)
	@$(PY) tools/spellcheck.py --probe 2>/dev/null || \
	  $(call apt_install,hunspell hunspell-pl hunspell-en-us) || \
	  { echo "*** no hunspell: the spell check will be SKIPPED (apt-get install hunspell hunspell-pl" \
	    "hunspell-en-us, or brew install hunspell + dictionaries) ***" >&2; test -z "$$CI"; }

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

check: $(STAMP) chromium spelling poppler lint ## fast checks: spelling, lint, notebook hygiene, unit, doctest and browser tests
	$(PY) tools/spellcheck.py
	$(PY) -m pytest -q -p no:nbval --doctest-modules tests lecture5

lint: $(STAMP) ## ruff over the package, tools, tests, benchmarks, solutions and the notebooks' code cells
	$(BIN)/ruff check .

test: check ## everything CI runs: `make check`, nbval re-executes and compares every notebook; backends-check
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-cell-timeout=3600 \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(NB)
	@$(MAKE) --no-print-directory backends-check

clean: ## remove build outputs and caches (keeps .venv and downloaded data)
	rm -rf $(BUILD) .pytest_cache
	find lecture5 tests tools -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## also remove .venv and the data cache
	rm -rf $(VENV) data
