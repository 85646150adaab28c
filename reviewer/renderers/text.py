"""Terminal view (rich): the document grade, then findings grouped by project with row, cells,
message and suggestion. Document text goes through rich.Text, never markup, so "[…]" in a cell prints as is."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from reviewer.findings import Finding, Severity
from reviewer.renderers.view import (
    LLM_STATUS_LABELS,
    Item,
    ProjectView,
    ReportView,
    build_view,
    department_llm_lines,
    kind_label,
    rewrite_text,
    severity_label,
    smart_failures,
)
from reviewer.results import DocumentReview, Grade

SEVERITY_STYLES: dict[Severity, str] = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
GRADE_STYLES: dict[Grade, str] = {
    Grade.EXCELLENT: "bold green",
    Grade.GOOD: "bold cyan",
    Grade.FAIR: "bold yellow",
    Grade.POOR: "bold red",
}


def _grade(grade: Grade | None) -> Text:
    if grade is None:
        return Text("未评级", style="dim")
    return Text(grade.value, style=GRADE_STYLES[grade])


def _counts(errors: int, warnings: int, infos: int) -> Text:
    return Text.assemble(
        ("严重 ", ""), (str(errors), SEVERITY_STYLES[Severity.ERROR] if errors else ""),
        ("  警告 ", ""), (str(warnings), SEVERITY_STYLES[Severity.WARNING] if warnings else ""),
        ("  提示 ", ""), (str(infos), SEVERITY_STYLES[Severity.INFO] if infos else ""),
    )


def _finding_lines(finding: Finding, indent: str) -> list[Text]:
    source = "大模型" if finding.source == "llm" else finding.rule
    head = Text(indent)
    head.append(f"[{severity_label(finding.severity)}]", style=SEVERITY_STYLES[finding.severity])
    head.append(f" {source} {kind_label(finding.kind)}：", style="bold")
    head.append(finding.message)
    lines = [head]
    if finding.suggestion:
        lines.append(Text.assemble(indent + "  ", ("建议：", "green"), finding.suggestion))
    return lines


def _item_lines(item: Item) -> list[Text]:
    lines: list[Text] = []
    indent = "    "
    if item.indicator is not None:
        head = Text("  ")
        head.append(f"第{item.row}行 ", style="bold")
        head.append(" | ".join(text or "（空）" for _, text in item.cells), style="dim")
        lines.append(head)
        indent = "      "
    for finding in item.findings:
        lines.extend(_finding_lines(finding, indent if item.indicator is not None else "  "))
    if item.rewrite is not None:
        lines.append(Text.assemble(indent, ("大模型改写建议：", "magenta"), rewrite_text(item.rewrite)))
    for refused in item.rejected:
        lines.append(Text.assemble(indent, ("建议改写未通过校验：", "dim"), refused.rejection or ""))
    return lines


def _project_lines(project: ProjectView) -> list[Text]:
    head = Text()
    head.append(f"{project.number}. {project.name}", style="bold underline")
    head.append("  等级 ")
    head.append_text(_grade(project.grade))
    head.append("  ")
    head.append_text(_counts(project.count(Severity.ERROR), project.count(Severity.WARNING), project.count(Severity.INFO)))
    lines = [head]
    for reason in project.reasons:
        lines.append(Text(f"  · {reason}", style="italic"))
    if project.llm is not None and project.llm.status != "judged":
        note = LLM_STATUS_LABELS[project.llm.status]
        lines.append(Text(f"  （{note}{'：' + project.llm.error if project.llm.error else ''}）", style="dim"))
    shown = False
    for section in project.sections:
        for item in section.items:
            lines.extend(_item_lines(item))
            shown = True
        if section.goal is not None:
            failures = smart_failures(section.goal)
            if failures:
                lines.append(Text.assemble("  ", ("大模型评估绩效目标：", "magenta"), failures))
            if section.goal.rewritten:
                lines.append(Text.assemble("  ", ("大模型改写的绩效目标：", "magenta"), section.goal.rewritten))
        for addition in section.additions:
            lines.append(Text.assemble("  ", ("大模型建议补充指标：", "magenta"), rewrite_text(addition)))
    for note in project.llm_notes:
        lines.append(Text.assemble("  ", ("大模型审核说明：", "dim"), note))
    if not shown and not project.findings:
        lines.append(Text("  未发现问题", style="green"))
    return lines


def document_lines(view: ReportView) -> list[Text]:
    review = view.review
    head = Text()
    head.append(view.source, style="bold")
    head.append("  文档等级 ")
    head.append_text(_grade(review.grade))
    if review.grade is not None:
        head.append(f"（{view.grade_meaning}）")
    lines = [head]
    for reason in review.grade_reasons:
        lines.append(Text(f"  · {reason}", style="italic"))
    summary = Text(f"项目 {len(view.projects)} 个  问题 {len(review.findings)} 处：")
    summary.append_text(_counts(view.count(Severity.ERROR), view.count(Severity.WARNING), view.count(Severity.INFO)))
    if review.accepted:
        summary.append(f"  （已接受 {review.accepted} 处，未列出）", style="dim")
    lines.append(summary)
    if view.kind_counts:
        lines.append(Text("按类型：" + "、".join(f"{kind_label(k)}{n}处" for k, n in view.kind_counts)))
    for note in review.notes:
        lines.append(Text(f"注：{note}", style="dim"))
    if view.has_department:
        lines.append(Text())
        lines.append(Text("部门整体绩效目标", style="bold underline"))
        for finding in view.department:
            lines.extend(_finding_lines(finding, "  "))
        for label, text in department_llm_lines(view.department_llm):
            lines.append(Text.assemble("  ", (f"{label}：", "magenta"), text))
    for project in view.projects:
        lines.append(Text())
        lines.extend(_project_lines(project))
    if review.opinion:
        lines.append(Text())
        lines.append(Text("审核意见（大模型根据上述问题起草）", style="bold underline"))
        lines.append(Text(review.opinion))
    return lines


def print_text(reviews: list[DocumentReview], console: Console) -> None:
    for n, review in enumerate(reviews):
        if n:
            console.print()
            console.rule()
        for line in document_lines(build_view(review)):
            # No wrapping by rich: it breaks only at spaces, which Chinese text lacks; the terminal wraps.
            console.print(line, soft_wrap=True)


def render_text(reviews: list[DocumentReview], width: int = 100, color: bool = False) -> str:
    """The terminal view as a string (no colour codes unless asked): for files, tests and pipes."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    print_text(reviews, console)
    return buffer.getvalue()

