# Servicetorg: `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
SMTP_PORT ?= 2525
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/servicetorg_test
CHROMIUM ?= /usr/bin/chromium
# The suite runs on every core (pytest-xdist), a test file per worker at a time; each worker has its
# own test database on SQLite and on PostgreSQL. `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto --dist loadfile
# Links in the demo's e-mails and SMS and the banner of `make run PORT=…` follow the port.
export PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-test messages migrate demo lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	touch $@

install-test: $(VENV)/.installed-test
	@# Browser tests drive Debian's chromium, never a downloaded browser.
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@# The IMAP poller's tests start Debian's dovecot with a throwaway configuration.
	@if [ ! -x /usr/sbin/dovecot ]; then \
		echo "Installing Debian's dovecot-imapd for the IMAP tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq dovecot-imapd >/dev/null; \
	fi
	@command -v msgfmt >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

# The compiled catalogues (locale/*/LC_MESSAGES/django.mo) are committed, as
# Django does, so `make run` needs no gettext tools; after editing a .po file,
# `make messages` compiles it again and a test fails while a .mo is stale.
messages: install-test
	$(PY) manage.py compilemessages --verbosity 0 --ignore '.venv'

migrate: install
	$(PY) manage.py migrate --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

# The task worker (e-mail, SMS, reminders, retention) runs beside the web server
# and stops with it.
run: demo
	@$(PY) manage.py demo_logins
	@echo "E-mail to the demo centre (servicetorget@sandefjord.kommune.no): SMTP on $(HOST):$(SMTP_PORT)"
	@$(PY) manage.py worker & worker=$$!; \
		$(PY) manage.py mail_receive --host $(HOST) --port $(SMTP_PORT) & smtp=$$!; \
		trap 'kill $$worker $$smtp 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0

# The whole suite on SQLite, then again on PostgreSQL when it answers.
# With CI=true a missing PostgreSQL fails the run.
test: install-test lint
	$(PY) -m pytest -q $(PYTEST_ARGS)
	@if $(PY) -c "import psycopg,sys; from urllib.parse import urlsplit; u=urlsplit('$(TEST_DATABASE_URL)'); psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL run"; \
		DATABASE_URL='$(TEST_DATABASE_URL)' $(PY) -m pytest -q $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(TEST_DATABASE_URL), and CI=true requires it." >&2; exit 1; \
	else \
		echo "PostgreSQL does not answer at $(TEST_DATABASE_URL): skipped the PostgreSQL run."; \
	fi

bench: install-test
	$(PY) -m bench
	$(PY) -m bench.search_eval
	$(PY) -m bench.search_latency
	$(PY) -m bench.forwarding
	$(PY) -m bench.analytics
	$(PY) -m bench.transfers
	$(PY) -m bench.bookings
	$(PY) -m bench.queues
	@# The load test (200 staff sessions, 2 and 4 gunicorn workers, 5 minutes each) needs the bench extra.
	$(PIP) install --quiet -e '.[bench]'
	$(PY) -m bench.load
	$(PY) -m bench.conversations

clean:
	rm -rf $(VENV) var staticfiles

# Designsystemet (Digdir, MIT), vendored as files from the npm packages at pinned
# versions: no Node build at run time and no CDN. `make vendor` fetches them again.
DS_CSS_VERSION := 1.22.0
DS_WEB_VERSION := 1.22.0
DS_THEME_VERSION := 1.11.0
DS_DIR := static/vendor/designsystemet
.PHONY: vendor
vendor:
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; cd $$tmp && \
	npm pack --silent @digdir/designsystemet-css@$(DS_CSS_VERSION) @digdir/designsystemet-web@$(DS_WEB_VERSION) \
		@digdir/designsystemet-theme@$(DS_THEME_VERSION) >/dev/null && \
	for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar -xzf "$$f" -C "$${f%.tgz}"; done && \
	cd - >/dev/null && rm -rf $(DS_DIR) && mkdir -p $(DS_DIR) && \
	cp $$tmp/digdir-designsystemet-css-$(DS_CSS_VERSION)/package/dist/src/index.css $(DS_DIR)/designsystemet.css && \
	cp $$tmp/digdir-designsystemet-css-$(DS_CSS_VERSION)/package/LICENSE* $(DS_DIR)/LICENSE && \
	cp $$tmp/digdir-designsystemet-theme-$(DS_THEME_VERSION)/package/brand/digdir.css $(DS_DIR)/theme-digdir.css && \
	cp $$tmp/digdir-designsystemet-web-$(DS_WEB_VERSION)/package/dist/umd/index.js $(DS_DIR)/designsystemet-web.js && \
	printf 'designsystemet-css %s\ndesignsystemet-web %s\ndesignsystemet-theme %s\n' \
		$(DS_CSS_VERSION) $(DS_WEB_VERSION) $(DS_THEME_VERSION) > $(DS_DIR)/VERSION

# PNGs of the main screens on a desktop and a phone, from the demo, for the README.
# Debian's chromium drives them (never a downloaded browser); the server gets a free port.
.PHONY: screenshots
screenshots: demo install-test
	@port=$$($(PY) -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	mkdir -p var; PUBLIC_BASE_URL=http://127.0.0.1:$$port $(PY) manage.py runserver 127.0.0.1:$$port --noreload \
		> var/screenshots-server.log 2>&1 & server=$$!; trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	for i in $$(seq 1 50); do $(PY) -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$$port/healthz')" 2>/dev/null && break; sleep 0.3; done; \
	DJANGO_SETTINGS_MODULE=servicetorg.settings $(PY) -m tools.screenshots --base-url http://127.0.0.1:$$port --out docs/screenshots
