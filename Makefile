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
PDF_STAMP  := $(VENV)/.installed-pdf
# StrictDoc (for the test that imports the ReqIF export) in a venv of its own: its 90
# packages (numpy, pandas, fastapi, selenium, ...) stay out of the project's.
STRICTDOC  := .venv-strictdoc/bin/strictdoc
MULTIARCH  := /usr/lib/$(shell uname -m)-linux-gnu

.PHONY: html pdf test live clean setup setup-test setup-pdf debs-html debs-test debs-pdf review

# `make review`: what the working tree does to the plan against BASE (default: where
# it left main), as python -m roadmap review prints it; FORMAT=text|json|markdown,
# FAIL_ON=end,gate,capacity,rules,suspect, OUTPUT=file.
BASE    ?= $(shell git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null)
FORMAT  ?= text

# The site publishes the PDF (on its Downloads page, exports/novacron-roadmap.pdf):
# `make html` writes the PDF first when a page, the configuration or the package has
# changed since it was last written (about a minute), else it reuses it (a second run
# with nothing changed takes seconds); the HTML build copies it into exports/.
PDF        := $(BUILDDIR)/pdf/novacron-roadmap.pdf
PDF_INPUTS := $(shell find . \( -path ./_build -o -path ./node_modules -o -path ./.venv \
		-o -path ./.venv-strictdoc -o -path ./.git -o -path ./tests -o -path ./bench \) -prune \
		-o \( -name '*.md' -o -name '*.py' -o -name '*.toml' -o -name '*.css' \
		-o -name 'schemas.json' -o -name '*.js' \) -print 2>/dev/null)

# The exports (calendar, Jira CSV, workbook, ReqIF, needs for other Sphinx sites) are a
# step of their own after Sphinx, into the folder the Downloads page links: written
# only when the exports' key (needs.json, settings, metamodel, ROADMAP_* environment,
# the package's code, the writers' library versions) differs from the stamp's. A bare
# sphinx-build (or `make live`) does not write them.
EXPORTS_STAMP := $(BUILDDIR)/exports.stamp

html: setup $(PDF)
	$(PY) -m sphinx -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html
	$(PY) -m roadmap export $(BUILDDIR)/html/needs.json --output $(BUILDDIR)/html/exports \
		--stamp $(EXPORTS_STAMP) > /dev/null
	@echo "site: $(BUILDDIR)/html/index.html  needs: $(BUILDDIR)/html/needs.json"

# The PDF: landing page, executive roadmap, phase plans, risk register and status report
# (pdf.md names them), written by WeasyPrint into $(BUILDDIR)/pdf/novacron-roadmap.pdf.
pdf: setup-pdf
	$(PY) -m sphinx -b simplepdf -t pdf $(SPHINXOPTS) -d $(BUILDDIR)/pdf-doctrees . $(BUILDDIR)/pdf
	@echo "pdf: $(PDF)"

$(PDF): $(PDF_INPUTS) | setup-pdf
	$(PY) -m sphinx -b simplepdf -t pdf $(SPHINXOPTS) -d $(BUILDDIR)/pdf-doctrees . $(BUILDDIR)/pdf
	@touch $@

test: setup-test html $(STRICTDOC)
	$(PY) -m ruff check src tests bench conf.py implementation testing monitoring
	$(PY) -m mypy
	$(PY) -m roadmap check $(BUILDDIR)/html/needs.json --source . --html $(BUILDDIR)/html
	$(PY) -m roadmap check $(BUILDDIR)/html/needs.json --source . --html $(BUILDDIR)/html \
		--format junit --output $(BUILDDIR)/traceability-junit.xml
	$(PY) -m pytest

review: setup
	@test -n "$(BASE)" || { echo "make review: no BASE (main is not here): give one, e.g. BASE=origin/main" >&2; exit 2; }
	$(PY) -m roadmap review $(BASE) . --format $(FORMAT) $(if $(FAIL_ON),--fail-on $(FAIL_ON)) $(if $(OUTPUT),--output $(OUTPUT))

live: setup
	$(PY) -m pip install -q -c requirements.lock -e '.[live]'
	$(PY) -m sphinx_autobuild -b html -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html --watch src

# Debian packages first: npm itself may be one of them.
setup: debs-html $(PY_STAMP) $(MERMAID_JS)

setup-test: setup debs-test

setup-pdf: setup debs-pdf $(PDF_STAMP)

debs-html:
	@scripts/ensure-debs.sh dot:graphviz npm:npm

# nvim: the language server's editor test drives Neovim's built-in LSP client
debs-test:
	@scripts/ensure-debs.sh chromium:chromium promtool:prometheus amtool:prometheus-alertmanager \
		/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core pdftotext:poppler-utils \
		shellcheck:shellcheck nvim:neovim java:default-jre-headless

# WeasyPrint's libraries (Pango, HarfBuzz) and poppler's pdftotext/pdfimages for the checks
debs-pdf:
	@scripts/ensure-debs.sh $(MULTIARCH)/libpango-1.0.so.0:libpango-1.0-0 \
		$(MULTIARCH)/libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
		$(MULTIARCH)/libharfbuzz-subset.so.0:libharfbuzz-subset0 \
		fc-match:fontconfig pdftotext:poppler-utils

$(PY_STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[test]'
	touch $@

$(PDF_STAMP): $(PY_STAMP)
	$(PY) -m pip install -q -c requirements.lock -e '.[test,pdf]'
	touch $@

$(STRICTDOC): requirements-strictdoc.lock
	test -x .venv-strictdoc/bin/python || $(PYTHON) -m venv .venv-strictdoc
	.venv-strictdoc/bin/python -m pip install -q -c requirements-strictdoc.lock strictdoc==0.30.4
	touch $@

$(MERMAID_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(BUILDDIR)
