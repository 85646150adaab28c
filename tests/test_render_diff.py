"""Re-review: fixed / still open / new problems between two JSON reports, matched by what they are about."""

from __future__ import annotations

import json
from pathlib import Path

from render_fixtures import ROAD, TRAINING, finding, sample_review
from typer.testing import CliRunner

from reviewer.cli import app
from reviewer.findings import Kind, Severity
from reviewer.grading import grade_review
from reviewer.model import Indicator
from reviewer.renderers.diff import diff_reports, render_diff_markdown, render_diff_text, review_documents
from reviewer.renderers.json_report import render_json

runner = CliRunner()


def _graded(review):
    grade_review(review)
    return review


def _second_submission():
    """The department fixed the cost ceiling, inserted a row at the top of the road table (every row
    moves down one) and introduced a duplicate in the training project."""
    review = sample_review()
    road = review.document.projects[0]
    first = road.indicators[0]
    inserted = Indicator(**{**first.model_dump(exclude={"category1", "category2"}), "name": "新增指标", "row": 1})
    for indicator in road.indicators:
        indicator.row += 1
    road.indicators.insert(0, inserted)
    kept = []
    for f in review.findings:
        if f.kind is Kind.COST_BUDGET_CONFLICT:
            continue
        if f.project == ROAD and f.row is not None:
            f = f.model_copy(update={"row": f.row + 1})
        kept.append(f)
    kept.append(finding("DUP001", Kind.DUPLICATE, Severity.WARNING, TRAINING, 2, "与第1行重复"))
    review.findings = kept
    return _graded(review)


def test_fixed_open_and_new_follow_the_indicator_not_the_row() -> None:
    report = diff_reports(review_documents([_graded(sample_review())]), review_documents([_second_submission()]))
    [document] = report.documents
    assert [(c.kind, c.indicator, c.old_row) for c in document.of("fixed")] == [(Kind.COST_BUDGET_CONFLICT, "项目成本", 3)]
    assert [(c.kind, c.project, c.new_row) for c in document.of("new")] == [(Kind.DUPLICATE, TRAINING, 2)]
    still = document.of("open")
    assert len(still) == len(sample_review().findings) - 1
    moved = next(c for c in still if c.kind is Kind.WRONG_DIRECTION)
    assert (moved.old_row, moved.new_row, moved.indicator) == (2, 3, "养护及时率")
    assert report.exit_code == 1


def test_nothing_changed_has_no_new_problems() -> None:
    review = _graded(sample_review())
    report = diff_reports(review_documents([review]), review_documents([review]))
    assert report.documents[0].of("new") == [] and report.documents[0].of("fixed") == []
    assert report.exit_code == 1  # error-severity problems are still open


def test_all_fixed_exits_zero() -> None:
    old = _graded(sample_review())
    new = _graded(sample_review())
    new.findings = []
    report = diff_reports(review_documents([old]), review_documents([new]))
    assert len(report.documents[0].of("fixed")) == len(old.findings)
    assert report.exit_code == 0


def test_renamed_lone_documents_are_paired() -> None:
    old = _graded(sample_review())
    new = _graded(sample_review())
    new.document.source = "第二次提交.docx"
    report = diff_reports(review_documents([old]), review_documents([new]))
    assert len(report.documents) == 1 and report.documents[0].of("new") == []


def test_text_and_markdown_renderings() -> None:
    report = diff_reports(review_documents([_graded(sample_review())]), review_documents([_second_submission()]))
    text = render_diff_text(report)
    assert "已修改 1 处" in text and "新出现 1 处" in text
    assert "原第2行/现第3行“养护及时率”" in text
    assert text.index("新出现（1）") < text.index("仍存在（") < text.index("已修改（1）")
    assert "### 已修改（1）" in render_diff_markdown(report)


def test_cli_diff_and_baseline(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(render_json([_graded(sample_review())]), encoding="utf-8")
    new.write_text(render_json([_second_submission()]), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    [document] = json.loads(result.stdout)["documents"]
    assert (len(document["fixed"]), len(document["new"])) == (1, 1)

    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(bad), str(new)])
    assert result.exit_code == 2 and "缺少 documents" in result.stderr


def test_cli_review_with_baseline(tmp_path: Path, seeds_dir: Path) -> None:
    seed = seeds_dir / "000_89e405313b3c43ac.txt"
    first = runner.invoke(app, ["review", str(seed), "--format", "json", "--no-llm"])
    baseline = tmp_path / "old.json"
    baseline.write_text(first.stdout, encoding="utf-8")
    again = runner.invoke(app, ["review", str(seed), "--format", "json", "--no-llm", "--baseline", str(baseline)])
    payload = json.loads(again.stdout)
    [document] = payload["baseline"]["documents"]
    assert document["new"] == [] and document["fixed"] == []
    assert len(document["open"]) == len(payload["documents"][0]["findings"])
    text = runner.invoke(app, ["review", str(seed), "--no-llm", "--baseline", str(baseline)])
    assert "已修改 0 处" in text.stdout and "新出现 0 处" in text.stdout
    missing = runner.invoke(app, ["review", str(seed), "--baseline", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "文件不存在" in missing.stderr
