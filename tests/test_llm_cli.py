"""`reviewer review` with the LLM stage, and `reviewer cache stats|clear`, through the real command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_llm_server import FakeLLMServer
from typer.testing import CliRunner

from reviewer.cli import app

runner = CliRunner()
SEED = "000_89e405313b3c43ac.txt"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("REVIEWER_LLM_BASE_URL", "REVIEWER_LLM_MODEL", "REVIEWER_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REVIEWER_LLM_CACHE", str(tmp_path / "cache.sqlite3"))
    monkeypatch.chdir(tmp_path)  # no reviewer.toml of the checkout is picked up


@pytest.fixture
def server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as fake:
        yield fake


def review_json(*args: str) -> tuple[int, dict[str, Any], str]:
    result = runner.invoke(app, ["review", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_without_an_endpoint_the_rules_run_and_one_line_says_how_to_enable(seeds_dir: Path) -> None:
    code, report, stderr = review_json(str(seeds_dir / SEED), str(seeds_dir / "003_a9f6e60034996e57.txt"))
    assert code in (0, 1)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "跳过" in lines[0] and "--base-url" in lines[0]
    for document in report["documents"]:
        assert document["findings"] and all(f["source"] == "rule" for f in document["findings"])
        assert any("跳过" in note for note in document["notes"])
        assert document["stats"]["llm"] is None


def test_no_llm_says_nothing_on_stderr(seeds_dir: Path) -> None:
    code, report, stderr = review_json(str(seeds_dir / SEED), "--no-llm")
    assert code in (0, 1) and stderr.strip() == ""
    assert report["documents"][0]["stats"]["llm"] is None


def test_with_an_endpoint_llm_findings_and_rewrites_are_reported(seeds_dir: Path, server: FakeLLMServer,
                                                                 tmp_path: Path) -> None:
    args = (str(seeds_dir / SEED), "--base-url", server.base_url, "--model", "fake", "--cache", str(tmp_path / "c.db"))
    code, first, stderr = review_json(*args)
    assert code in (0, 1) and "Traceback" not in stderr
    document = first["documents"][0]
    projects = len(document["projects"])
    assert document["stats"]["llm"]["requests"] == server.completions() == projects + 2
    assert all(p["llm"]["status"] == "judged" for p in document["projects"])
    assert any(r["accepted"] for p in document["projects"] for r in p["llm"]["rewrites"])
    assert document["department_llm"]["status"] == "judged" and document["opinion"]
    assert {f["source"] for f in document["findings"]} == {"rule", "llm"}

    code_again, second, _ = review_json(*args)
    assert code_again == code and server.completions() == projects + 2
    assert second["documents"][0]["stats"]["llm"]["requests"] == 0
    for report in (first, second):
        report["documents"][0].pop("stats")
    assert first == second


def test_a_failing_project_is_named_and_the_run_still_completes(seeds_dir: Path, server: FakeLLMServer) -> None:
    server.add_faults("项目名称：社会治安保险", ["schema_invalid"] * 3)
    code, report, stderr = review_json(str(seeds_dir / SEED), "--base-url", server.base_url, "--model", "fake",
                                       "--no-cache")
    assert code in (0, 1) and "Traceback" not in stderr
    document = report["documents"][0]
    statuses = {p["name"]: p["llm"]["status"] for p in document["projects"]}
    assert statuses["社会治安保险"] == "failed" and list(statuses.values()).count("judged") == len(statuses) - 1
    assert any("社会治安保险" in n and "未经模型评审" in n for n in document["notes"])
    assert any(f["project"] == "社会治安保险" and f["source"] == "rule" for f in document["findings"])


def test_no_cache_writes_no_cache_file(seeds_dir: Path, server: FakeLLMServer, tmp_path: Path) -> None:
    review_json(str(seeds_dir / SEED), "--base-url", server.base_url, "--model", "fake", "--no-cache")
    assert not (tmp_path / "cache.sqlite3").exists()


def test_llm_codes_can_be_selected_and_ignored(seeds_dir: Path, server: FakeLLMServer) -> None:
    _, report, stderr = review_json(str(seeds_dir / SEED), "--base-url", server.base_url, "--model", "fake",
                                    "--no-cache", "--ignore", "LLM")
    assert "未知的规则代码" not in stderr
    assert all(f["source"] == "rule" for f in report["documents"][0]["findings"])


def test_a_key_in_the_config_file_is_refused_with_exit_2(seeds_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "reviewer.toml"
    config.write_text('[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\napi_key = "sk-oops"\n', encoding="utf-8")
    result = runner.invoke(app, ["review", str(seeds_dir / SEED), "--config", str(config)])
    assert result.exit_code == 2 and "环境变量" in result.stderr


def test_cache_stats_and_clear(seeds_dir: Path, server: FakeLLMServer, tmp_path: Path) -> None:
    cache = tmp_path / "stats.db"
    review_json(str(seeds_dir / SEED), "--base-url", server.base_url, "--model", "fake", "--cache", str(cache))
    stats = runner.invoke(app, ["cache", "stats", "--cache", str(cache)])
    assert stats.exit_code == 0 and "条目数: 5" in stats.stdout and str(cache) in stats.stdout
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0 and "删除 5 条" in cleared.stdout
    assert "条目数: 0" in runner.invoke(app, ["cache", "stats", "--cache", str(cache)]).stdout
