"""A rule's documentation as `reviewer rule CODE` prints it: fixed sections, then its examples."""

from __future__ import annotations

from reviewer.findings import KIND_LABELS
from reviewer.rules.base import Rule
from reviewer.rules.cases import Case, CaseRow, RuleCases

SCOPE_LABELS = {"row": "指标行", "project": "项目", "document": "部门整体"}


def _row(row: CaseRow) -> str:
    cells = [row.level1, row.level2, row.name, row.description, row.value]
    if row.basis is not None:
        cells.append(row.basis)
    return " | ".join(cell or "（空）" for cell in cells)


def _case(case: Case) -> list[str]:
    lines = [f"  - {case.note}" if case.note else "  -"]
    p = case.project
    facts = []
    if p.budget is not None:
        facts.append(f"预算数 {p.budget:g} 万元")
    if p.fiscal is not None or p.other is not None:
        facts.append(f"财政资金 {p.fiscal if p.fiscal is not None else '—'} / 其他资金 {p.other if p.other is not None else '—'}")
    if p.goal:
        facts.append(f"绩效目标：{p.goal}")
    if p.plan is not None:
        facts.append("支出计划 " + " / ".join(cell or "（空）" for cell in p.plan))
    if case.department is None and (case.rows or case.row) and facts:
        lines.append("    项目：" + "；".join(facts))
    rows = case.rows or ([case.row] if case.row else [])
    for n, row in enumerate(rows, start=1):
        mark = " ←" if case.at == n else ""
        lines.append(f"    {n}. {_row(row)}{mark}")
    if case.department is not None:
        for item in case.department.items:
            lines.append(f"    {item.number}{item.title}")
            for label, text in (("职责描述", item.duty), ("绩效目标", item.goal), ("绩效指标", item.indicators)):
                if text:
                    lines.append(f"      {label}：{text}")
    return lines


def rule_documentation(rule: Rule, cases: RuleCases | None) -> str:
    lines = [
        f"{rule.code} {rule.name}：{rule.title}",
        "",
        f"问题类型：{rule.kind.value}（{KIND_LABELS[rule.kind]}）  严重程度：{rule.severity.value}  "
        f"检查范围：{SCOPE_LABELS[rule.scope.value]}",
        "",
        "为什么是问题",
        f"  {rule.rationale}",
        "",
        "依据",
        f"  {rule.basis}",
        "",
        "应如何修改",
        f"  {rule.suggestion}",
    ]
    if cases is not None:
        lines += ["", "反例（会报告）"]
        for case in cases.bad:
            lines += _case(case)
        lines += ["", "正例（不会报告）"]
        for case in cases.good:
            lines += _case(case)
    return "\n".join(lines)
