# The two commands of the README: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The lock file: the exact versions installed here and in CI (pyproject.toml has the ranges).
LOCK := constraints.txt

.PHONY: install demo test lint clean bench train fuzz lock

$(BIN)/warta: pyproject.toml $(LOCK)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $(BIN)/warta

install: $(BIN)/warta

demo: install
	rm -f demo.duckdb
	$(BIN)/warta code examples/ --published 2021-12-08 --db demo.duckdb
	$(BIN)/warta code examples/ --published 2021-12-08 --db demo.duckdb --quiet

test: install
	$(BIN)/ruff check warta tests scripts benchmarks
	$(BIN)/pytest

# Rebuild the event model from annotations/ (+ ../shared when present): PLV cross-validation,
# the final model (warta/events/model/pair.onnx) and its test-split scores. CPU, about 2 h.
train: install
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[dev,train]'
	$(BIN)/warta-train cv --folds 5
	$(BIN)/warta-train final
	$(BIN)/warta-train test

bench: install
	$(BIN)/python benchmarks/run.py

# The readers' property test at length (the default suite runs 40 examples per reader).
FUZZ_EXAMPLES ?= 5000
fuzz: install
	WARTA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/ingest/test_fuzz_readers.py

# After changing a range in pyproject.toml or upgrading a package in .venv: write the exact
# versions installed now (warta's dependencies and the dev and train extras') to $(LOCK).
lock:
	$(BIN)/python scripts/lock.py --out $(LOCK)

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .ruff_cache .hypothesis
