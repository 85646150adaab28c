"""Markdown report for mail and chat: the officials' summary, then each project in the five-part layout."""

from __future__ import annotations

import re

from reviewer.findings import Finding, Severity
from reviewer.renderers.view import (
    LLM_STATUS_LABELS,
    OTHER,
    Item,
    ProjectView,
    ReportView,
    basis_of,
    build_view,
    department_llm_lines,
    kind_label,
    rewrite_text,
    severity_label,
    smart_failures,
)
from reviewer.results import DocumentReview

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str | None) -> str:
    """Document text as inert Markdown: special characters escaped, line breaks folded."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", " ")


def _finding(finding: Finding, indent: str = "") -> list[str]:
    source = "大模型" if finding.source == "llm" else f"`{finding.rule}`"
    lines = [f"{indent}- **{severity_label(finding.severity)}** {source} {kind_label(finding.kind)}：{md(finding.message)}"]
    basis = basis_of(finding)
    if basis:
        lines.append(f"{indent}  - 依据：{md(basis)}")
    if finding.suggestion:
        lines.append(f"{indent}  - 建议：{md(finding.suggestion)}")
    return lines


def _item(item: Item) -> list[str]:
    lines: list[str] = []
    indent = ""
    if item.indicator is not None:
        cells = "；".join(f"{label}：{md(text) or '（空）'}" for label, text in item.cells)
        lines.append(f"- **第{item.row}行** {cells}")
        indent = "  "
    for finding in item.findings:
        lines.extend(_finding(finding, indent))
    if item.rewrite is not None:
        lines.append(f"{indent}- *大模型改写建议*：{md(rewrite_text(item.rewrite))}")
    for refused in item.rejected:
        lines.append(f"{indent}- 建议改写未通过校验：{md(refused.rejection)}")
    return lines


def _project(project: ProjectView) -> list[str]:
    grade = project.grade.value if project.grade else "未评级"
    lines = [f"### {project.number}. {md(project.name)}（{grade}）", ""]
    for reason in project.reasons:
        lines.append(f"> {md(reason)}")
    if project.reasons:
        lines.append("")
    if project.llm is not None and project.llm.status != "judged":
        error = f"：{md(project.llm.error)}" if project.llm.error else ""
        lines += [f"*{LLM_STATUS_LABELS[project.llm.status]}{error}*", ""]
    clean: list[str] = []
    for number, section in enumerate(project.sections, start=1):
        body: list[str] = []
        for item in section.items:
            body.extend(_item(item))
        goal = section.goal
        if goal is not None:
            failures = smart_failures(goal)
            if failures:
                body.append(f"- *大模型评估*：绩效目标{md(failures)}")
            if goal.rewritten:
                body.append(f"- *大模型改写的绩效目标*：{md(goal.rewritten)}")
        for addition in section.additions:
            body.append(f"- *大模型建议补充指标*：{md(rewrite_text(addition))}")
        if section.title == OTHER:
            body += [f"- *大模型审核说明*：{md(note)}" for note in project.llm_notes]
        if body:
            lines += [f"**{'一二三四五'[number - 1]}、{section.title}**", "", *body, ""]
        else:
            clean.append(section.title)
    if clean:
        lines += [f"{'、'.join(clean)}：未发现问题。" if len(clean) < len(project.sections) else "未发现问题。", ""]
    return lines


def document_markdown(view: ReportView) -> str:
    review = view.review
    grade = review.grade.value if review.grade else "未评级"
    lines = [f"# 绩效目标审核报告：{md(view.title)}", "", f"- 文件：`{view.source}`", f"- 文档等级：**{grade}**（{view.grade_meaning}）"]
    lines += [f"  - {md(reason)}" for reason in review.grade_reasons]
    lines.append(
        f"- 问题：{len(review.findings)} 处（严重 {view.count(Severity.ERROR)}、警告 {view.count(Severity.WARNING)}、"
        f"提示 {view.count(Severity.INFO)}）" + (f"；已接受 {review.accepted} 处未列出" if review.accepted else "")
    )
    lines += [f"- 注：{md(note)}" for note in review.notes]
    lines.append("")
    if view.projects:
        lines += ["## 项目一览（问题最多的在前）", "", "| 序号 | 项目 | 等级 | 严重 | 警告 | 提示 | 问题行 |", "|---:|---|:---:|---:|---:|---:|---:|"]
        for p in view.worst_first:
            lines.append(
                f"| {p.number} | {md(p.name)} | {p.grade.value if p.grade else '—'} | {p.count(Severity.ERROR)} | "
                f"{p.count(Severity.WARNING)} | {p.count(Severity.INFO)} | {p.problem_rows}/{len(p.project.indicators)} |"
            )
        lines.append("")
    if view.kind_counts:
        lines += ["## 问题类型", "", "| 类型 | 数量 |", "|---|---:|"]
        lines += [f"| {kind_label(kind)} | {n} |" for kind, n in view.kind_counts]
        lines.append("")
    if review.opinion:
        lines += ["## 审核意见（大模型根据结构化问题起草）", "", md(review.opinion), ""]
    if view.has_department:
        lines += ["## 部门整体绩效目标", ""]
        for finding in view.department:
            lines.extend(_finding(finding))
        lines += [f"- *{label}*：{md(text)}" for label, text in department_llm_lines(view.department_llm)]
        lines.append("")
    if view.projects:
        lines += ["## 项目审核意见", ""]
        for project in view.projects:
            lines.extend(_project(project))
    return "\n".join(lines).rstrip() + "\n"


def render_markdown(reviews: list[DocumentReview]) -> str:
    return "\n---\n\n".join(document_markdown(build_view(review)) for review in reviews)
