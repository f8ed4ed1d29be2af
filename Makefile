# Escort: set-up and tests on Debian/Ubuntu.  `make demo` installs everything and runs the demo;
# `make test` runs the whole test suite.  Works as root; uses sudo only when not root.

SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint needs Pango (with HarfBuzz) and the report needs CJK fonts.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk

.PHONY: demo test install system-packages clean

demo: install
	$(VENV)/bin/escort demo -o escort-demo

test: install
	$(VENV)/bin/ruff check escort plugins tests benchmarks scripts
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy escort/service.py escort/config.py escort/models.py escort/formats.py
	$(VENV)/bin/pytest -q

install: system-packages $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,web,programme]"

$(VENV)/bin/python:
	python3 -m venv $(VENV)

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages: $$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf $(VENV) build dist escort-demo escort-out
