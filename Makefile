# Two commands: `make site` builds the site into site/, `make test` runs every test.
# Both create the virtual environment in .venv/ and install the project into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install site serve test lint validate schema citation release-files deploy-version bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

validate: install  ## check every case file
	$(BIN)/python -m generator validate

site: install  ## validate the cases and build the site into site/
	$(BIN)/python -m generator site --out site

serve: install  ## preview the site at http://127.0.0.1:8000 (rebuilds on edits to cases/)
	$(BIN)/mkdocs serve

test: install  ## lint, then every test (browser tests need /usr/bin/chromium)
	$(BIN)/ruff check generator tests hooks
	$(BIN)/python -m pytest

schema: install  ## regenerate schema/case.schema.json after changing the models
	$(BIN)/python -m generator schema

citation: install  ## regenerate CITATION.cff and .zenodo.json from review.yaml
	$(BIN)/python -m generator citation

release-files: install  ## before tagging a release: record published ids, refresh citation files
	$(BIN)/python -m generator publish
	$(BIN)/python -m generator citation

deploy-version: site  ## deploy this version with mike into the local gh-pages branch (latest alias)
	VERSION_PROVIDER=mike PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mike deploy --update-aliases \
	  $$($(BIN)/python -c "from generator.review import load_review; from pathlib import Path; print(load_review(Path('.'))[0].version)") latest

bench: install  ## scale benchmark (N = 32, 1,000, 5,000, 10,000): table + benchmarks/results.json
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf site .pytest_cache .ruff_cache .hypothesis
