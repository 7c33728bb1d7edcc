# Two commands: `make site` builds the site into site/, `make test` runs every test.
# Both create the virtual environment in .venv/ and install into it, from the hashed lock only
# (requirements/site.lock.txt, `pip install --require-hashes`), then the project itself.
# `make lock` refreshes the locks after a change of pyproject.toml (UPGRADE=1: newest versions).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ZVENV  := .venv-zensical
ZSTAMP := $(ZVENV)/.installed-stamp
SITE_LOCK := requirements/site.lock.txt
ZEN_LOCK  := requirements/zensical.lock.txt
# The lock tool lives in a venv of its own, never in the locked environments.
LVENV  := .venv-lock
UV_VERSION := 0.13.8
# The platform every lock is resolved for: CI (GitHub's ubuntu runners) and this machine.
LOCK_FLAGS := --generate-hashes --no-header --python-version 3.11 \
  --python-platform x86_64-unknown-linux-gnu $(if $(UPGRADE),--upgrade)
# ENGINE=zensical: `make site` builds with Zensical instead of MkDocs (same pages, into site/).
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

.PHONY: install install-zensical site-zensical site serve test lint validate schema citation release-files deploy-version bench bench-quick fuzz clean lock rebuild deploy

# A fresh venv each time the lock changes: the environment is exactly the lock, nothing left over.
# setuptools (the build backend) is in the lock too, so the editable install downloads nothing.
$(STAMP): pyproject.toml $(SITE_LOCK)
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(SITE_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	printf 'sha256:%s\n' "$$(sha256sum $(SITE_LOCK) | cut -d' ' -f1)" > $(VENV)/lock.sha256
	touch $(STAMP)

# Our own modules compiled to bytecode up front (only those changed since), as pip does for the
# installed packages: where PYTHONDONTWRITEBYTECODE is set, every build would compile them again.
install: $(STAMP)
	@$(BIN)/python -m compileall -q generator benchmarks > /dev/null

# Zensical pins other versions of Markdown's extensions than MkDocs: it gets a venv of its own.
$(ZSTAMP): $(ZEN_LOCK)
	$(PYTHON) -m venv --clear $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --require-hashes -r $(ZEN_LOCK)
	printf 'sha256:%s\n' "$$(sha256sum $(ZEN_LOCK) | cut -d' ' -f1)" > $(ZVENV)/lock.sha256
	touch $(ZSTAMP)

install-zensical: $(ZSTAMP)

$(LVENV)/.installed-stamp:
	$(PYTHON) -m venv $(LVENV)
	$(LVENV)/bin/python -m pip install --quiet "uv==$(UV_VERSION)"
	touch $@

lock: $(LVENV)/.installed-stamp  ## re-resolve both hashed locks from pyproject.toml (UPGRADE=1: newest)
	$(LVENV)/bin/uv pip compile --quiet pyproject.toml requirements/build.in --extra test $(LOCK_FLAGS) \
	  --output-file $(SITE_LOCK)
	$(LVENV)/bin/uv pip compile --quiet --group pyproject.toml:zensical $(LOCK_FLAGS) \
	  --output-file $(ZEN_LOCK)

site-zensical: install install-zensical  ## the same site built by Zensical, into site-zensical/
	$(BIN)/python -m generator site --engine zensical --out site-zensical

validate: install  ## check every case file
	$(BIN)/python -m generator validate

site: install $(if $(filter zensical,$(ENGINE)),install-zensical)  ## validate and build into site/ (ENGINE=mkdocs|zensical)
	$(BIN)/python -m generator site --out site --engine $(ENGINE)

rebuild: install $(if $(filter zensical,$(ENGINE)),install-zensical)  ## rebuild a tagged release's site from its own files and lock: make rebuild TAG=v1.0.0
	$(if $(TAG),,$(error give the release's tag: make rebuild TAG=v1.0.0))
	$(BIN)/python -m generator rebuild $(TAG) --out $(or $(OUT),rebuild/$(TAG)) --engine $(ENGINE)

# Without mike: this version into INTO/<version>/, INTO/versions.json and the latest/ redirects.
deploy: install $(if $(filter zensical,$(ENGINE)),install-zensical)  ## make deploy INTO=DIR [ENGINE=zensical]
	$(if $(INTO),,$(error give the folder of versions: make deploy INTO=DIR))
	$(BIN)/python -m generator deploy --into $(INTO) --alias latest --engine $(ENGINE)

# `make serve PORT=8123`: another port. SITE_URL follows it (instant navigation needs the serving
# origin) unless it is set.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)/
# --dirty: a save rebuilds only the pages it changes (the plugin says which; see README).
serve: install  ## preview the site at http://127.0.0.1:$(PORT) (rebuilds on edits to cases/)
	SITE_URL='$(SITE_URL)' $(BIN)/mkdocs serve --dirty -a 127.0.0.1:$(PORT)

test: install install-zensical  ## lint, then every test (browser tests need /usr/bin/chromium)
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest

schema: install  ## regenerate schema/case.schema.json after changing the models
	$(BIN)/python -m generator schema

citation: install  ## regenerate CITATION.cff and .zenodo.json from review.yaml
	$(BIN)/python -m generator citation

release-files: install  ## before tagging a release: record published ids, refresh citation files
	$(BIN)/python -m generator publish
	$(BIN)/python -m generator citation

# For the review's own address (url in review.yaml; mike adds the version) unless SITE_URL is set.
deploy-version: install  ## deploy this version with mike into the local gh-pages branch (latest alias)
	SITE_URL="$${SITE_URL:-$$($(BIN)/python -m generator review-field url)}" \
	  VERSION_PROVIDER=mike PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mike deploy --update-aliases \
	  "$$($(BIN)/python -m generator review-field version)" latest

fuzz: install  ## ten minutes of fuzzing the loader and validator (findings in fuzz/crashes/)
	$(BIN)/python fuzz/fuzz_loader.py --seconds 600

bench: install  ## scale benchmark (N = 32, 1,000, 2,000, 5,000, 10,000): table + benchmarks/results.json
	LR_CHART_CACHE=off $(BIN)/python -m benchmarks.run

bench-quick: install  ## N = 32 and 2,000 only, five pairs of builds each, no browser (about 5 minutes)
	LR_CHART_CACHE=off $(BIN)/python -m benchmarks.run --sizes 32,2000 --quick

clean:
	rm -rf site rebuild .pytest_cache .ruff_cache .hypothesis
