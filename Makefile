# nps-toolkit: run `make help` for the list of targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= reports

.DEFAULT_GOAL := help
.PHONY: help venv report test lint format doctest test-fast bench lab demo-data clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nps-toolkit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (nps-toolkit)" > /dev/null
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the kit with its dev tools

report: $(STAMP) ## Set up, run the notebooks on the demo data and write HTML reports to reports/
	$(BIN)/nps-toolkit report --demo --out $(OUT)

test: $(STAMP) lint ## Set up, then run the linter, the doctests and the full test suite
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: $(STAMP) ## Tests without the slow simulations and notebook runs
	$(BIN)/python -m pytest -n 2 -m "not slow"

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check nps_toolkit tests benchmarks scripts notebooks conftest.py
	$(BIN)/ruff format --check nps_toolkit tests benchmarks scripts notebooks conftest.py

format: $(STAMP) ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix nps_toolkit tests benchmarks scripts notebooks conftest.py
	$(BIN)/ruff format nps_toolkit tests benchmarks scripts notebooks conftest.py

bench: $(STAMP) ## Run the benchmark suite (slow; prints a table, see benchmarks/RESULTS.md)
	$(BIN)/python -m benchmarks

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

demo-data: $(STAMP) ## Regenerate data/demo/ from the seeded generator
	$(BIN)/python -m nps_toolkit.datasets --out data/demo

clean: ## Remove the virtual environment and generated reports
	rm -rf $(VENV) $(OUT)/*.html $(OUT)/executed $(OUT)/results $(OUT)/cache $(OUT)/follow_up_list.* .pytest_cache
