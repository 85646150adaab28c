"""Markdown report: a snapshot of the hand-built review, escaping, and the officials' order."""

from __future__ import annotations

from render_fixtures import ROAD, finding, sample_review
from snapshot import assert_snapshot

from reviewer.findings import Kind, Severity
from reviewer.grading import grade_review
from reviewer.renderers.markdown import md, render_markdown


def _review():
    review = sample_review()
    grade_review(review)
    return review


def test_markdown_snapshot() -> None:
    assert_snapshot("sample.md", render_markdown([_review()]))


def test_summary_lists_worst_projects_first() -> None:
    text = render_markdown([_review()])
    table = text[text.index("## 项目一览") : text.index("## 问题类型")]
    assert table.index("乡村道路养护经费 | 差") < table.index("业务培训经费 | 良") < table.index("档案数字化经费 | 优")


def test_five_part_layout_per_project() -> None:
    text = render_markdown([_review()])
    road = text[text.index("### 1. 乡村道路养护经费") : text.index("### 2.")]
    positions = [road.index(f"**{title}**") for title in ("一、总体目标", "二、产出指标", "三、效益指标", "四、满意度指标", "五、需补充完善事项")]
    assert positions == sorted(positions)
    clean = text[text.index("### 3. 档案数字化经费") :]
    assert "未发现问题。" in clean


def test_cell_text_cannot_break_the_markdown() -> None:
    assert md("a|b*c_[d]\nnext") == r"a\|b\*c\_\[d\] next"
    review = _review()
    review.findings.append(finding("X", Kind.PLACEHOLDER, Severity.WARNING, ROAD, 4, "| 表格 | 注入 |"))
    text = render_markdown([review])
    assert r"\| 表格 \| 注入 \|" in text


def test_several_documents_are_separated() -> None:
    text = render_markdown([_review(), _review()])
    assert text.count("# 绩效目标审核报告") == 2
    assert "\n---\n" in text
