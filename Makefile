# NovaCron roadmap: two commands for a new user, `make html` and `make test`.
# Both set up what is missing (virtualenv, pinned Python packages, the mermaid
# npm package, Debian packages) and reuse it on the next run.

PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
BUILDDIR   ?= _build
SPHINXOPTS ?= -W --keep-going -n -q
MERMAID_JS := node_modules/mermaid/dist/mermaid.min.js
PY_STAMP   := $(VENV)/.installed

.PHONY: html test live clean setup setup-test debs-html debs-test

html: setup
	$(PY) -m sphinx -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html
	@echo "site: $(BUILDDIR)/html/index.html  needs: $(BUILDDIR)/html/needs.json"

test: setup-test html
	$(PY) -m ruff check src tests bench conf.py implementation testing monitoring
	$(PY) -m mypy
	$(PY) -m roadmap check $(BUILDDIR)/html/needs.json --source . --html $(BUILDDIR)/html
	$(PY) -m roadmap check $(BUILDDIR)/html/needs.json --source . --html $(BUILDDIR)/html \
		--format junit --output $(BUILDDIR)/traceability-junit.xml
	$(PY) -m pytest

live: setup
	$(PY) -m pip install -q -c requirements.lock -e '.[live]'
	$(PY) -m sphinx_autobuild -b html -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html --watch src

# Debian packages first: npm itself may be one of them.
setup: debs-html $(PY_STAMP) $(MERMAID_JS)

setup-test: setup debs-test

debs-html:
	@scripts/ensure-debs.sh dot:graphviz npm:npm

debs-test:
	@scripts/ensure-debs.sh chromium:chromium promtool:prometheus amtool:prometheus-alertmanager \
		/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core pdftotext:poppler-utils

$(PY_STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[test]'
	touch $@

$(MERMAID_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(BUILDDIR)
