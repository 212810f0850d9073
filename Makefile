# Mopai — two commands do all setup from nothing: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test test-pg bench lint dist wheels clean demo

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

run: $(STAMP)
	$(VENV)/bin/mopai --demo

# The whole suite, then the sync and report suites again with the county store on a
# PostgreSQL server the tests start themselves (docs/postgres.md; skipped, saying why, where
# PostgreSQL is not installed — unless MOPAI_REQUIRE_POSTGRES=1, as in CI).
# The tests run on every core (pytest-xdist; TEST_JOBS=1 for one process): a test file stays
# in one process (--dist loadfile), so its module fixtures (a server, a county) are made once;
# each process has its own workspaces and, with --backend=postgresql, its own server.
TEST_JOBS ?= auto
XDIST     := $(if $(filter 1,$(TEST_JOBS)),,-n $(TEST_JOBS) --dist loadfile)
test: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) --backend=postgresql tests/sync tests/reports tests/net/test_workers.py tests/net/test_netdb.py $(PYTEST_ARGS)

test-pg: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(XDIST) --backend=postgresql tests/sync tests/reports tests/pg $(PYTEST_ARGS)

# ruff, then the layer rules (pyproject's [tool.importlinter]; docs/architecture.md), checked
# over the packages laid out as the wheel holds them (tools/stage.py).
lint: $(TSTAMP)
	$(VENV)/bin/ruff check mopai cli desktop forms sync reports resources tests bench tools
	$(PY) -m tools.stage lint

# Every runtime dependency has a Windows x64 wheel for CPython 3.11 and 3.12 (needs the
# network; CI runs it after the tests).
wheels: $(STAMP)
	$(PY) -m tools.check_windows_wheels

bench: $(TSTAMP)
	$(PY) -m bench $(if $(ONLY),--only $(ONLY)) $(BENCH_ARGS)

# The one translation source, resources/mopai_zh_CN.ts: lupdate adds the code's new
# strings as unfinished (finished ones are kept), lrelease compiles the .qm the app and the
# builds ship; the unfinished ones are listed (exit 1 while any). tools/translations.py
translations: $(STAMP)
	$(PY) -m tools.translations

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf $(VENV) build dist .pytest_cache
