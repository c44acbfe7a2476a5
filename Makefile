# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    start the gateway and the five services on 127.0.0.1 (SQLite, demo data)
#   make test   every member's unit and service tests, then the integration tests
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
MEMBERS := libs/suitekit gateway services/outfall services/renovation services/credits services/labs services/lawyer-query

.PHONY: setup run test unit integration deploy-checks promtool chromium openapi lint bench reliability clean

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
	  || $(PYTHON) -m pip install --quiet --user uv
	$(UV) sync --all-packages --frozen --quiet

run: setup
	$(PY) -m suitekit.supervisor run

test: setup unit deploy-checks integration

unit:
	@failed=""; for m in $(MEMBERS); do \
	  if [ -d $$m/tests ]; then echo "== $$m"; $(PYTEST) $$m/tests -q || failed="$$failed $$m"; fi; \
	done; if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi

deploy-checks: promtool
	@if [ -d deploy/tests ]; then echo "== deploy"; $(PYTEST) deploy/tests -q; fi

# promtool checks the Prometheus config and unit-tests the alert rules (deploy/tests); it comes
# with Debian's `prometheus` package (its daemon is not started). Skipped tests say so if absent.
promtool:
	@command -v promtool >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	  && echo "installing promtool (Debian package prometheus)" \
	  && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
	       || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1; }; } \
	  || echo "promtool not installed: its deploy checks will be skipped"; }

# The docs test opens /docs in Debian's headless Chromium (tests/integration/test_docs_browser.py).
chromium:
	@command -v chromium >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	  && echo "installing chromium (Debian package)" \
	  && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
	       || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }; } \
	  || echo "chromium not installed: the docs browser test will fail"; }

integration: chromium
	@echo "== integration (every process started for real)"
	$(PYTEST) tests/integration -q

reliability: setup
	bash tests/reliability/run.sh

# The committed contract of each service (docs/openapi/<service>.json): regenerate after a
# change of routes or schemas; a breaking change also needs its lines in CHANGELOG.md.
openapi: setup
	@for pair in outfall:outfall renovation:renovation credits:credits labs:labs lawyer-query:lawyer_query; do \
	  $(PY) -m suitekit.openapi_snapshot write $${pair%%:*} $${pair##*:} || exit 1; done

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf var .venv
