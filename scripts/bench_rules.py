"""Time parsing and the rules-only review of documents in one process (README figures).

    .venv/bin/python scripts/bench_rules.py ../shared/seeds/*.txt
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from reviewer.config import Config
from reviewer.readers import read_document
from reviewer.review import review_rules, rules_context


def main(paths: list[Path]) -> None:
    config = Config()
    ctx = rules_context(config)
    best_parse = best_rules = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        documents = [read_document(path) for path in paths]
        parsed = time.perf_counter()
        findings = sum(len(review_rules(document, config, ctx).findings) for document in documents)
        done = time.perf_counter()
        best_parse, best_rules = min(best_parse, parsed - started), min(best_rules, done - parsed)
    rows = sum(len(p.indicators) for d in documents for p in d.projects)
    print(f"{len(paths)} documents, {sum(len(d.projects) for d in documents)} projects, {rows} indicator rows")
    print(f"parse: {best_parse:.3f} s   rules-only review: {best_rules:.3f} s ({findings} findings)   best of 5")


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])
