# Two commands on a fresh machine: `make demo` and `make test`. Everything else is set up here.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
DEMO := indicators/network-service-quality
QI := $(BIN)/qualindex

.PHONY: install fonts browser office demo test lint bench fuzz clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Reinstall only when the dependency list changes; the package itself is editable.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(STAMP) fonts

# Diagrams with Chinese labels need a CJK font. Debian's fonts-wqy-microhei is 1.6 MB (the
# PyPI font packages are 50+ MB per venv); installed when we are root with apt-get, otherwise
# the fix is printed and diagrams fall back to English labels.
CJK_FONT_PKG := fonts-wqy-microhei
HAS_CJK := $(BIN)/python -c "from qualindex.fonts import find_cjk_font; raise SystemExit(not find_cjk_font().cjk)"
fonts: $(STAMP)
	@if $(HAS_CJK); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing $(CJK_FONT_PKG): diagrams need a CJK font for Chinese labels"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $(CJK_FONT_PKG) >/dev/null && \
	  rm -f "$$($(BIN)/python -c 'import matplotlib; print(matplotlib.get_cachedir())')"/fontlist-*.json; \
	else \
	  echo "note: no CJK font: Chinese diagram labels will fall back to English. Fix:"; \
	  echo "  Debian/Ubuntu: sudo apt-get install $(CJK_FONT_PKG)   Fedora: sudo dnf install wqy-microhei-fonts"; \
	  echo "  macOS/Windows have one built in; or name a font file in report.font of the run config"; \
	fi

# The HTML report is checked in a real browser (headless Chromium) by the test suite.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the HTML report test"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	else \
	  echo "note: no chromium: the browser test of the HTML report will be skipped"; \
	fi

# The Word output is converted to PDF by LibreOffice (headless) and page 1 rendered by
# pdftoppm for a page-image check; without them that test is skipped (a failure on CI).
office:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing libreoffice-writer-nogui and poppler-utils for the Word output test"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils >/dev/null \
	    || echo "note: could not install LibreOffice: the Word-to-PDF test will be skipped"; \
	else \
	  echo "note: no LibreOffice (soffice) or pdftoppm: the Word-to-PDF test will be skipped"; \
	fi

demo: install
	@mkdir -p $(OUT)
	$(QI) validate indicators/*.yaml $(DEMO)/run.yaml $(DEMO)/judgments/*.yaml
	$(QI) show indicators/network-service-quality.yaml --depth 1
	$(QI) weights $(DEMO)/run.yaml
	$(QI) consistency $(DEMO)/run.yaml
	$(QI) evaluate $(DEMO)/run.yaml
	$(QI) evaluate $(DEMO)/run.yaml --format json -o $(OUT)/evaluation.json
	$(QI) evaluate $(DEMO)/run.yaml --format csv -o $(OUT)/scores.csv
	$(QI) diagram $(DEMO)/run.yaml --weights both -o $(OUT)/hierarchy.svg
	$(QI) diagram $(DEMO)/run.yaml --weights both -o $(OUT)/hierarchy.png
	$(QI) report $(DEMO)/run.yaml -o $(OUT)/report.html
	$(QI) report $(DEMO)/run.yaml -o $(OUT)/report.xlsx
	$(QI) report $(DEMO)/run.yaml -o $(OUT)/report.md
	$(QI) report $(DEMO)/run.yaml -o $(OUT)/report.docx
	$(QI) report indicators/network-service-quality.yaml $(addprefix -j ,$(wildcard $(DEMO)/judgments/*.yaml)) -o $(OUT)/index.docx
	$(QI) report indicators/network-service-quality.yaml $(addprefix -j ,$(wildcard $(DEMO)/judgments/*.yaml)) -o $(OUT)/index.html
	$(QI) sensitivity $(DEMO)/run.yaml --draws 500 --seed 1
	$(QI) sensitivity $(DEMO)/run.yaml --draws 500 --seed 1 --format json -o $(OUT)/sensitivity.json
	$(QI) questionnaire $(DEMO)/run.yaml --experts li,wang,zhang -o $(OUT)/questionnaires
	$(QI) questionnaire $(DEMO)/run.yaml --experts li,wang,zhang --format html -o $(OUT)/questionnaires
	$(QI) questionnaire $(DEMO)/run.yaml --delphi -o $(OUT)/questionnaires-round2
	$(BIN)/python tools/make_screenshots.py --out $(OUT)/questionnaires
	rm -rf $(OUT)/collected  # collect never overwrites: a second demo starts afresh
	$(QI) collect $(DEMO)/answers/survey-export.csv --run indicators/network-service-quality.yaml --negative second -o $(OUT)/collected
	@echo
	@echo "demo outputs in $(OUT)/:"
	@ls -1 $(OUT) | sed 's/^/  /'
	@echo "open $(OUT)/report.html in a browser; $(OUT)/hierarchy.png is the diagram;"
	@echo "$(OUT)/questionnaires/ holds the experts' questionnaires (Excel, and pages that show the CR live)"

test: install browser
	-@$(MAKE) --no-print-directory office
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/run.py --check

# Structure-aware fuzzing of the CLI (tools/fuzz/): FUZZ_MINUTES (default 30), FUZZ_SEED,
# FUZZ_WORKERS (default: one per core; each case runs in a fork of a preloaded worker);
# findings (anything but ok / clean errors) are saved in fuzz-findings/ with their command.
FUZZ_MINUTES ?= 30
FUZZ_SEED ?=
FUZZ_WORKERS ?=
fuzz: install
	$(BIN)/python tools/fuzz/run.py --minutes $(FUZZ_MINUTES) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(if $(FUZZ_WORKERS),--workers $(FUZZ_WORKERS)) --out fuzz-findings

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
