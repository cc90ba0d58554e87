# The two commands: `make run` and `make test`. Everything else is a step they use.
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
PORT   ?= 5000

.PHONY: run test serve install install-dev translations migrate demo lint format clean

run: install translations migrate demo serve  ## Set up and run the platform on SQLite

test: install-dev translations  ## Set up and run every test (SQLite, then PostgreSQL)
	@scripts/test.sh

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

translations: install
	@PLATFORM_ENV=development $(FLASK) translate compile

migrate: install
	PLATFORM_ENV=development $(FLASK) db upgrade

demo: install
	@PLATFORM_ENV=development $(FLASK) demo load

serve:
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	PLATFORM_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) instance test-artifacts
	find translations -name '*.mo' -delete
