"""Benchmark of the LLM stage against the fake OpenAI-compatible server (tests/fake_llm_server.py).

    .venv/bin/python bench/llm_bench.py [DOCUMENT] [--latency 1.0] [--concurrency 8]
                                        [--tokenizer-url http://127.0.0.1:8011]

Reviews DOCUMENT (default: seed 002, 14 projects) with an empty cache while every request takes
`latency` seconds, and prints the wall time (acceptance: < 4 s at 1 s latency and concurrency 8), the
requests sent, and the prompt tokens per indicator row. Then reviews it again and checks that the
second run sends no request and gives the same report (apart from stats.llm).

Token counts come from the fake server's estimate (1 token per CJK character, 1 per 4 other
characters). With --tokenizer-url pointing at a llama.cpp server (bench/local_llm_server.py), the exact
prompts of the run are also counted with the real Qwen tokenizer (no generation, so it is quick).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_llm_server import FakeLLMServer

from reviewer.config import Config
from reviewer.readers import read_document
from reviewer.renderers.json_report import document_json
from reviewer.review import llm_settings, review_document, rules_context

DEFAULT_DOCUMENT = ROOT.parent / "shared" / "seeds" / "002_dfc48b6464bdf355.txt"


def count_tokens(url: str, text: str) -> int:
    request = urllib.request.Request(
        url.rstrip("/") + "/extras/tokenize/count",
        data=json.dumps({"input": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(json.load(response)["count"])


def _report_tokens(how: str, calls: list[tuple[int, int]], rows: int) -> None:
    """Per project call: all prompt tokens, and those of its row lines (【行n】 and its rule-finding line)."""
    total = sum(t for t, _ in calls)
    per_row = sum(r for _, r in calls)
    print(f"prompt tokens ({how}): {total / rows:.0f} per indicator row on average over the project calls; "
          f"{per_row / rows:.0f} per row for the row itself + {(total - per_row) / len(calls):.0f} fixed per call "
          f"(rubric, instructions, schema, project header)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", nargs="?", type=Path, default=DEFAULT_DOCUMENT)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--tokenizer-url", default=None)
    args = parser.parse_args()

    document = read_document(args.document)
    rows = sum(len(p.indicators) for p in document.projects)
    config = Config()
    ctx = rules_context(config)
    with tempfile.TemporaryDirectory() as tmp, FakeLLMServer(latency=args.latency) as server:
        settings = llm_settings(config, {
            "base_url": server.base_url, "model": "fake", "max_concurrency": args.concurrency,
            "cache_path": Path(tmp) / "cache.sqlite3",
        })
        # Import the client libraries before timing (openai loads its resources lazily, ~0.5 s, on the first
        # request): a process pays that once, not per document; the figure below is the stage's own time.
        import openai.resources  # noqa: F401

        import reviewer.llm.stage  # noqa: F401

        started = time.perf_counter()
        first = review_document(document, config, ctx, llm=settings, show_progress=False)
        wall = time.perf_counter() - started
        sent = server.completions()
        started = time.perf_counter()
        second = review_document(document, config, ctx, llm=settings, show_progress=False)
        wall_again = time.perf_counter() - started
        resent = server.completions() - sent
        project_calls = [(b, len(_rows(b))) for b in server.requests if _rows(b)]

    stats = first.llm_stats
    assert stats is not None
    one, two = document_json(first), document_json(second)
    one.pop("stats"), two.pop("stats")
    print(f"document: {args.document.name} ({len(document.projects)} projects, {rows} indicator rows)")
    print(f"latency {args.latency:g} s/request, concurrency {args.concurrency}")
    print(f"first run:  {wall:.2f} s wall, {stats.requests} requests "
          f"({len(document.projects)} projects + {stats.requests - len(document.projects) - stats.validation_retries} "
          f"department/opinion + {stats.validation_retries} validation retries), "
          f"{stats.prompt_tokens} prompt / {stats.completion_tokens} completion tokens (estimated)")
    print(f"second run: {wall_again:.2f} s wall, {resent} requests, {second.llm_stats.cache_hits if second.llm_stats else 0} "
          f"cache hits, report identical apart from stats: {one == two}")
    _report_tokens("estimated", [(_estimate(_text(b)), _estimate(_row_text(b))) for b, _ in project_calls], rows)
    if args.tokenizer_url:
        counted = [(count_tokens(args.tokenizer_url, _text(b)), count_tokens(args.tokenizer_url, _row_text(b)))
                   for b, _ in project_calls]
        _report_tokens("Qwen tokenizer; messages + schema, chat template not included", counted, rows)
    verdict = "PASS" if wall < 4.0 and resent == 0 and one == two else "FAIL"
    print(f"acceptance (< 4 s at 1 s latency and concurrency 8; second run 0 requests, same report): {verdict}")


def _rows(body: dict) -> list[str]:
    """The 【行n】 lines of a first-try project call (validation retries carry more messages)."""
    messages = body.get("messages", [])
    if len(messages) != 2:
        return []
    user = str(messages[1].get("content") or "")
    if "【待审数据结束】" not in user or "【行" not in user:
        return []
    return [line for line in user.split("【待审数据结束】")[0].splitlines() if line.startswith("【行")]


def _text(body: dict) -> str:
    schema = body.get("tools") or body.get("response_format") or ""
    messages = "\n".join(str(m.get("content") or "") for m in body.get("messages", [])[:2])
    return messages + json.dumps(schema, ensure_ascii=False)


def _row_text(body: dict) -> str:
    user = str(body["messages"][1].get("content") or "")
    return "\n".join(line for line in user.splitlines() if line.startswith(("【行", "- 【行")))


def _estimate(text: str) -> int:
    from fake_llm_server import estimate_tokens

    return estimate_tokens(text)


if __name__ == "__main__":
    main()
