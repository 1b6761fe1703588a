# Two entry points: `make demo` (simweb + crawl + catalog) and `make test`.
# Each creates .venv and installs the project into it when missing or outdated.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo serve test eval lint clean

# One line per step; pip is quiet (-qq: errors only; this machine's or pip's notices are not ours).
# pywb pulls in brotlipy, which installs a module also named `brotli` and breaks Scrapy's Brotli
# decoding; the last step keeps the real Brotli (pywb needs only brotli.decompress, which it has).
$(STAMP): pyproject.toml
	@bash .ci/system-packages
	@echo "install: fazhi and its Python packages into $(VENV) (the first time takes a few minutes)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -qq --upgrade pip
	@$(BIN)/pip install -qq -e '.[test]'
	@$(BIN)/pip uninstall -y -qq brotlipy || true
	@$(BIN)/pip install -qq --force-reinstall --no-deps Brotli
	@touch $(STAMP)
	@echo "install: done; the fazhi command is $(BIN)/fazhi (or '. $(BIN)/activate', then fazhi)"

# the demo crawls simweb into ./data and ends by printing the address of the catalog; `make serve`
# then serves it (Ctrl-C stops it), so `make demo` itself always finishes
demo: $(STAMP)
	@$(BIN)/fazhi demo

serve: $(STAMP)
	@$(BIN)/fazhi serve

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python bench/eval_extract.py; a=$$?; $(BIN)/python bench/eval_variant.py; b=$$?; \
	$(BIN)/python bench/eval_knowledge.py; c=$$?; $(BIN)/python bench/eval_dedup.py; d=$$?; \
	exit $$((a || b || c || d))

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data build *.egg-info
