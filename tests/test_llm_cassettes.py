"""Real model answers, recorded once and replayed: seed projects end to end, and the department call.

Replay (CI, the default): `.venv/bin/pytest tests/test_llm_cassettes.py` — vcrpy serves the recorded
HTTP exchanges (matched on method + path + body), nothing touches the network.

Re-record (after changing a prompt, the schema, the rules or the reader — any of them changes the
request body), against the local model or any OpenAI-compatible endpoint:

    ~/.cache/reviewer-dev/venv-llm/bin/python bench/local_llm_server.py &   # or ../shared/llm/local-llm.sh serve
    REVIEWER_RECORD=1 .venv/bin/pytest tests/test_llm_cassettes.py --record-mode=rewrite
    # another endpoint: REVIEWER_LLM_BASE_URL=... REVIEWER_LLM_MODEL=... REVIEWER_LLM_API_KEY=... (same command)

The Authorization header is filtered out of the cassettes. The model is weak: these tests check that
real answers are parsed, validated, retried and reported — never that a verdict is right.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from llm_projects import CONFIG

from reviewer.findings import Kind
from reviewer.llm.schema import LLM_KINDS, REJECTED_PREFIX
from reviewer.llm.settings import resolve_settings
from reviewer.model import Document
from reviewer.readers import read_document
from reviewer.results import DocumentReview
from reviewer.review import review_document

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
RECORDING = os.environ.get("REVIEWER_RECORD") == "1"
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie"]
KEY_LIKE = re.compile(r"(sk-[A-Za-z0-9_\-]{16,}|Bearer\s+[A-Za-z0-9._\-]{8,}|api[_-]?key\"?\s*[:=]\s*\"?[A-Za-z0-9]{12,})",
                      re.IGNORECASE)


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {"filter_headers": SECRET_HEADERS, "match_on": ["method", "path", "body"], "decode_compressed_response": True}


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


def recorded_model(cassette: Path) -> str:
    """Replays must send what was recorded, model name included."""
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    body = data["interactions"][0]["request"]["body"]
    match = re.search(r'"model":\s*"([^"]+)"', body if isinstance(body, str) else body.get("string", ""))
    assert match, f"no model in {cassette}"
    return match.group(1)


def review(document: Document, cassette: str, **overrides: Any) -> DocumentReview:
    if RECORDING:
        base_url = os.environ.get("REVIEWER_LLM_BASE_URL", "http://127.0.0.1:8011/v1")
        model = os.environ.get("REVIEWER_LLM_MODEL", "local")
    else:
        path = CASSETTES / f"{cassette}.yaml"
        if not path.exists():
            pytest.fail(f"missing cassette {path}: re-record (see this module's docstring)")
        base_url, model = "http://127.0.0.1:8011/v1", recorded_model(path)
    table = {
        "base_url": base_url, "model": model, "cache": False, "opinion": False, "department": False,
        # A CPU model answers one call at a time and slowly: no parallel calls to queue, no client timeout
        # that the queue would trip, no transport retry that would record a second request.
        "max_concurrency": 1, "timeout": 3600, "max_retries": 0, "validation_retries": 1, "max_tokens": 3000,
    }
    table.update(overrides)
    settings = resolve_settings(table, env={})
    return review_document(document, CONFIG, llm=settings, show_progress=False)


def assert_replayed_everything(vcr: Any) -> None:
    if not RECORDING:
        # A body that no longer matches raises inside the transport and would look like a failed call.
        assert vcr.play_count == len(vcr.data) and vcr.all_played, "cassette out of date: re-record"


def check_project_result(result: DocumentReview) -> None:
    before = review_document(result.document, CONFIG).findings
    assert [f for f in result.findings if f.source == "rule"] == before  # rule findings intact
    project = result.projects[0].llm
    assert project is not None and project.status in ("judged", "failed")
    if project.status == "failed":
        assert project.error and "连接" not in project.error  # a real answer that failed validation, not I/O
        return
    rows = {i.row for i in result.document.projects[0].indicators}
    for rewrite in project.rewrites:
        assert rewrite.row in rows and rewrite.value
        assert rewrite.accepted == (rewrite.rejection is None)
        assert rewrite.rejection is None or rewrite.rejection.startswith(REJECTED_PREFIX)
    allowed = {*LLM_KINDS, Kind.GOAL_NOT_SMART}
    for finding in result.findings:
        if finding.source == "llm":
            assert finding.kind in allowed and finding.row in rows | {None}
            assert finding.confidence is not None and 0 <= finding.confidence <= 1
    assert result.llm_stats is not None and result.llm_stats.prompt_tokens > 0
    assert result.llm_stats.requests == 1 + result.llm_stats.validation_retries


def one_project(seed: Path, index: int) -> Document:
    document = read_document(seed)
    return document.model_copy(update={"projects": [document.projects[index]], "department": None})


@pytest.mark.vcr
@pytest.mark.default_cassette("seed004_project0.yaml")
def test_seed_project_with_three_rows_end_to_end(seeds_dir: Path, vcr: Any) -> None:
    result = review(one_project(seeds_dir / "004_3e963503b18f6771.txt", 0), "seed004_project0")
    assert_replayed_everything(vcr)
    check_project_result(result)


@pytest.mark.vcr
@pytest.mark.default_cassette("seed003_project2.yaml")
def test_seed_project_with_five_rows_end_to_end(seeds_dir: Path, vcr: Any) -> None:
    result = review(one_project(seeds_dir / "003_a9f6e60034996e57.txt", 2), "seed003_project2")
    assert_replayed_everything(vcr)
    check_project_result(result)


@pytest.mark.vcr
@pytest.mark.default_cassette("seed001_department.yaml")
def test_department_call_end_to_end(seeds_dir: Path, vcr: Any) -> None:
    document = read_document(seeds_dir / "001_63e6f7957b8e6260.txt").model_copy(update={"projects": []})
    result = review(document, "seed001_department", department=True)
    assert_replayed_everything(vcr)
    department = result.department_llm
    assert department is not None and department.status in ("judged", "failed")
    if department.status == "judged":
        assert document.department is not None
        assert all(0 <= item.index < len(document.department.items) for item in department.items)
        assert department.goal is not None
        for item in department.items:
            assert item.accepted == (item.rejection is None)
    for finding in result.findings:
        if finding.source == "llm":
            assert finding.project is None and finding.kind is Kind.GOAL_NOT_SMART and finding.rule == "LLM020"


def test_cassettes_hold_no_keys_or_auth_headers() -> None:
    files = sorted(CASSETTES.glob("*.yaml"))
    assert files, "no cassettes recorded"
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not KEY_LIKE.search(text), path
        data = yaml.safe_load(text)
        for interaction in data["interactions"]:
            headers = {k.lower() for k in interaction["request"].get("headers", {})}
            assert not headers & set(SECRET_HEADERS), path
