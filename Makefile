# Two commands from a fresh clone: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# The test suite runs on PostgreSQL; override for another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mentoring
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PORT ?= 8000
# Build steps (translations, migration check) need settings but no real secret.
MANAGE := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-build-only-key} $(PY) manage.py

.PHONY: demo-code setup run test test-fast test-dates lint bench messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	mkdir -p var
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

run: export DJANGO_DEBUG ?= 1
run: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo_data
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "Starting Celery worker and beat on $$CELERY_BROKER_URL"; \
		$(VENV)/bin/celery -A mentoring worker --beat --loglevel=INFO \
			--schedule var/celerybeat-schedule & \
	fi; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The current two-factor code of a demo login (admin, zefas, ministerium).
LOGIN ?= zefas
demo-code: setup
	@DJANGO_DEBUG=1 $(PY) manage.py demo_totp $(LOGIN)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r . -x ./.venv,./node_modules,./tests
	DATABASE_URL=sqlite:///:memory: $(MANAGE) makemigrations --check --dry-run -v0

test: setup lint
	DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(VENV)/bin/pytest -q
	$(MAKE) --no-print-directory test-dates

# The tests again on the days that break date arithmetic: the first and the last
# day of a month (and of a quarter and a year), and 29 February.
TEST_DATES ?= 2027-01-01 2027-03-31 2028-02-29
test-dates: setup
	for day in $(TEST_DATES); do \
		echo "Running the tests as if today were $$day"; \
		DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -q --today $$day \
			-m "not browser and not celery and not slow" || exit 1; \
	done

test-fast: setup
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -q -m "not browser and not celery and not slow"

bench: setup
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) bench/run.py

messages:
	$(MANAGE) makemessages -l de --ignore=.venv --ignore=node_modules --ignore=staticfiles \
		--ignore=tests --ignore=scripts --ignore=test-artifacts
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles var
