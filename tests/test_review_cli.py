"""`reviewer review`, `reviewer rules`, `reviewer rule`: the contract of issue 3 (keys, exit codes, options)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reviewer.cli import app
from reviewer.rules import REGISTRY

runner = CliRunner()


def _review(*args: str) -> tuple[int, dict | str, str]:
    result = runner.invoke(app, ["review", *args])
    out = result.stdout
    if "--format" in args and args[args.index("--format") + 1] == "json":
        return result.exit_code, json.loads(out), result.stderr
    return result.exit_code, out, result.stderr


def test_json_has_the_keys_the_scorer_reads(seeds_dir: Path) -> None:
    code, report, _ = _review(str(seeds_dir / "000_89e405313b3c43ac.txt"), "--format", "json", "--no-llm")
    assert code == 1  # the seed has error-severity findings
    document = report["documents"][0]
    assert document["source"].endswith("000_89e405313b3c43ac.txt")
    assert [p["name"] for p in document["projects"]][:1] == ["雪亮工程运行维护服务费"]
    assert all({"row", "name", "value"} <= set(i) for p in document["projects"] for i in p["indicators"])
    assert document["findings"]
    names = {p["name"] for p in document["projects"]}
    for finding in document["findings"]:
        assert {"rule", "kind", "severity", "source", "project", "row", "message", "suggestion"} <= set(finding)
        assert finding["source"] == "rule" and finding["rule"] in REGISTRY
        assert finding["project"] is None or finding["project"] in names
    assert all(p["grade"] in {"优", "良", "中", "差"} for p in document["projects"])


def test_select_and_ignore(seeds_dir: Path) -> None:
    seed = str(seeds_dir / "001_63e6f7957b8e6260.txt")
    _, report, _ = _review(seed, "--format", "json", "--no-llm", "--select", "PRJ003")
    rules = {f["rule"] for f in report["documents"][0]["findings"]}
    assert rules == {"PRJ003"}
    _, report, _ = _review(seed, "--format", "json", "--no-llm", "--ignore", "NAM,BAS")
    rules = {f["rule"] for f in report["documents"][0]["findings"]}
    assert rules and not any(r.startswith(("NAM", "BAS")) for r in rules)


def test_exit_zero_without_error_findings(seeds_dir: Path) -> None:
    # 000's spending plans are all sound, so selecting only the plan rule leaves nothing to report.
    code, report, _ = _review(str(seeds_dir / "000_89e405313b3c43ac.txt"), "--format", "json", "--no-llm", "--select", "PRJ003")
    assert code == 0 and report["documents"][0]["findings"] == []


def test_unknown_rule_code_is_one_line_and_exit_2(seeds_dir: Path) -> None:
    code, _, err = _review(str(seeds_dir / "000_89e405313b3c43ac.txt"), "--no-llm", "--select", "XYZ9")
    assert code == 2 and err.count("\n") == 1 and "XYZ9" in err


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, seeds_dir: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[rules]\nselect = 3\n", encoding="utf-8")
    code, _, err = _review(str(seeds_dir / "000_89e405313b3c43ac.txt"), "--no-llm", "--config", str(config))
    assert code == 2 and err.count("\n") == 1 and "rules.select" in err and "Traceback" not in err


def test_missing_file_still_reviews_the_others(tmp_path: Path, seeds_dir: Path) -> None:
    code, report, err = _review(str(tmp_path / "nope.txt"), str(seeds_dir / "000_89e405313b3c43ac.txt"), "--format", "json", "--no-llm")
    assert code == 2 and len(report["documents"]) == 1 and "nope.txt" in err
    assert report["errors"][0]["source"].endswith("nope.txt")


def test_accepted_findings_are_left_out(tmp_path: Path, seeds_dir: Path) -> None:
    config = tmp_path / "reviewer.toml"
    config.write_text('[[accept]]\nkind = "basis_invalid"\nreason = "依据另附"\n', encoding="utf-8")
    seed = str(seeds_dir / "001_63e6f7957b8e6260.txt")
    _, plain, _ = _review(seed, "--format", "json", "--no-llm")
    _, accepted, _ = _review(seed, "--format", "json", "--no-llm", "--config", str(config))
    before = [f for f in plain["documents"][0]["findings"] if f["kind"] == "basis_invalid"]
    assert before and not any(f["kind"] == "basis_invalid" for f in accepted["documents"][0]["findings"])
    assert accepted["documents"][0]["accepted_findings"] == len(before)


def test_text_groups_findings_by_project_with_rows(seeds_dir: Path) -> None:
    _, out, _ = _review(str(seeds_dir / "000_89e405313b3c43ac.txt"), "--no-llm")
    assert "雪亮工程运行维护服务费" in out and "第4行" in out and "建议" in out


def test_rules_lists_the_catalog_and_rule_prints_one() -> None:
    listing = runner.invoke(app, ["rules"]).stdout
    assert all(code in listing for code in REGISTRY)
    shown = runner.invoke(app, ["rule", "val001"])
    assert shown.exit_code == 0
    for section in ("为什么是问题", "依据", "应如何修改", "反例", "正例"):
        assert section in shown.stdout
    missing = runner.invoke(app, ["rule", "XYZ001"])
    assert missing.exit_code == 2 and "XYZ001" in missing.stderr
