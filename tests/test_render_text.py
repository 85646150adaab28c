"""Terminal view: a snapshot of the hand-built review, and the properties the snapshot cannot show."""

from __future__ import annotations

from render_fixtures import ROAD, finding, sample_review
from snapshot import assert_snapshot

from reviewer.findings import Kind, Severity
from reviewer.grading import grade_review
from reviewer.renderers.text import render_text


def _review():
    review = sample_review()
    grade_review(review)
    return review


def test_text_snapshot() -> None:
    assert_snapshot("sample.txt", render_text([_review()], width=110))


def test_findings_are_grouped_by_project_with_row_cells_message_and_suggestion() -> None:
    text = render_text([_review()], width=200)
    road = text.index("1. 乡村道路养护经费")
    training = text.index("2. 业务培训经费")
    row = text.index("第2行", road)
    assert road < row < training
    line = text[row : text.index("\n", row)]
    assert "养护及时率" in line and "≤100%" in line and "工作经验" in line  # the original cells
    assert text.index("“养护及时率”越高越好", road) < training
    assert text.index("建议：改为“≥95%”", road) < training


def test_document_text_is_not_read_as_rich_markup() -> None:
    review = _review()
    review.findings.append(finding("X", Kind.PLACEHOLDER, Severity.WARNING, ROAD, 4, "[bold red]占位[/bold red]", "[link=x]删[/link]"))
    text = render_text([review], width=200)
    assert "[示例]依据" in text  # a cell with brackets
    assert "[bold red]占位[/bold red]" in text
    assert "[link=x]删[/link]" in text


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in render_text([_review()])
    assert "\x1b[" in render_text([_review()], color=True)


def test_llm_results_are_marked() -> None:
    text = render_text([_review()], width=200)
    assert "大模型改写建议：效益指标/社会效益指标/道路优良率" in text
    assert "建议改写未通过校验：指标方向错误" in text
    assert "大模型审核失败：请求超时" in text
    assert "[警告] 大模型 与项目无关" in text


def test_department_llm_results_and_notes_are_shown() -> None:
    text = render_text([_review()], width=300)
    department = text[text.index("部门整体绩效目标\n") : text.index("1. 乡村道路养护经费")]
    assert "大模型改写的总体绩效目标：2025年完成乡村道路养护120公里" in department
    assert "（一）道路养护：不可衡量（没有数量）；建议绩效目标：全年养护乡村道路120公里；建议绩效指标：养护里程≥120公里" in department
    assert "（三）业务培训：可衡量；建议改写未通过校验：缺少时限" in department
    assert "大模型审核说明：分项（二）不存在" in department
    assert "大模型审核说明：第9行不存在" in text
    assert "大模型评估绩效目标：不具体（未说明养护对象）、不可衡量（无数量）、无完成时限（无时限）" in text
