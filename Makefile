# Two entry points for a fresh machine (Python 3.10+ and make):
#   make run   - create .venv, install softsym, verify the whole catalog
#   make test  - create .venv, install softsym with test extras, lint, type-check,
#                check the import contracts (docs/architecture.md), test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck contracts pytest bench gallery clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/softsym verify

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# The layers of docs/architecture.md, enforced by import-linter (pyproject.toml).
contracts: $(VENV)/.installed
	$(BIN)/lint-imports --no-cache

pytest: $(VENV)/.installed
	$(BIN)/python -m pytest

test: lint typecheck contracts pytest

# The differential fuzzer of the checker (tests/test_fuzz.py) with a large budget: examples
# per test (three tests), not derandomized; the summary goes to $TMPDIR/softsym-fuzz-summary.json.
fuzz: $(VENV)/.installed
	SOFTSYM_FUZZ_EXAMPLES=$${SOFTSYM_FUZZ_EXAMPLES:-3500} $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py

# Benchmarks print ratios measured within one run (never timed tests): every catalog claim
# and step against plain simplify, concrete-K families as K grows, whole CLI commands.
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_checker.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_cli.py

# Regenerate docs/api.md and the proof gallery docs/proofs/ (Markdown + LaTeX of the catalog).
gallery: $(VENV)/.installed
	$(BIN)/python docs/generate.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
