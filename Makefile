# Two commands: `make site` builds the site into site/, `make test` runs every test.
# Both create the virtual environment in .venv/ and install the project into it first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ZVENV  := .venv-zensical
ZSTAMP := $(ZVENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-zensical site-zensical site serve test lint validate schema citation release-files deploy-version bench bench-quick fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Zensical pins other versions of Markdown's extensions than MkDocs: it gets a venv of its own.
$(ZSTAMP):
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet "zensical>=0.0.70,<0.2"
	touch $(ZSTAMP)

install-zensical: $(ZSTAMP)

site-zensical: install install-zensical  ## the same site built by Zensical, into site-zensical/
	$(BIN)/python -m generator static --out build/zensical
	cd build/zensical && $(CURDIR)/$(ZVENV)/bin/zensical build
	rm -rf site-zensical && mv build/zensical/site site-zensical

validate: install  ## check every case file
	$(BIN)/python -m generator validate

site: install  ## validate the cases and build the site into site/
	$(BIN)/python -m generator site --out site

serve: install  ## preview the site at http://127.0.0.1:8000 (rebuilds on edits to cases/)
	$(BIN)/mkdocs serve

test: install install-zensical  ## lint, then every test (browser tests need /usr/bin/chromium)
	$(BIN)/ruff check generator tests hooks
	$(BIN)/python -m pytest

schema: install  ## regenerate schema/case.schema.json after changing the models
	$(BIN)/python -m generator schema

citation: install  ## regenerate CITATION.cff and .zenodo.json from review.yaml
	$(BIN)/python -m generator citation

release-files: install  ## before tagging a release: record published ids, refresh citation files
	$(BIN)/python -m generator publish
	$(BIN)/python -m generator citation

deploy-version: install  ## deploy this version with mike into the local gh-pages branch (latest alias)
	VERSION_PROVIDER=mike PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mike deploy --update-aliases \
	  $$($(BIN)/python -c "from generator.review import load_review; from pathlib import Path; print(load_review(Path('.'))[0].version)") latest

fuzz: install  ## ten minutes of fuzzing the loader and validator (findings in fuzz/crashes/)
	$(BIN)/python fuzz/fuzz_loader.py --seconds 600

bench: install  ## scale benchmark (N = 32, 1,000, 2,000, 5,000, 10,000): table + benchmarks/results.json
	$(BIN)/python -m benchmarks.run

bench-quick: install  ## N = 32 and 2,000 only, median of three builds, no browser (about 3 minutes)
	$(BIN)/python -m benchmarks.run --sizes 32,2000 --quick

clean:
	rm -rf site .pytest_cache .ruff_cache .hypothesis
