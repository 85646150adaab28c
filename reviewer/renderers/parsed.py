"""`reviewer parse --format text`: a compact terminal view of what the readers understood.

Meant for checking a draft was read right before reviewing it: each project's header fields, then its
indicator table with the columns aligned (rich measures CJK characters as double width).
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from reviewer.model import Document, Project


def _amount(value: float | None) -> str:
    return "—" if value is None else f"{value:g}万元"


def _project_header(number: int, project: Project) -> Group:
    title = Text()
    title.append(f"{number}. {project.name or '(未命名项目)'}", style="bold")
    if project.code:
        title.append(f"  编码 {project.code}", style="dim")
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    if project.amounts_stated:
        facts.add_row("金额", f"预算数 {_amount(project.budget)}  财政资金 {_amount(project.fiscal)}  "
                              f"其他资金 {_amount(project.other)}")
    if project.spending_plan is not None:
        months = ("3月底", "6月底", "10月底", "12月底")
        plan = "  ".join(f"{month} {raw or '—'}" for month, raw in zip(months, project.spending_plan.raw, strict=False))
        facts.add_row("支出计划", plan)
    if project.purpose:
        facts.add_row("资金用途", project.purpose)
    facts.add_row("绩效目标", project.goal or "—")
    return Group(title, facts)


def _indicator_table(project: Project) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    # Names and bases wrap rather than being cut: they are what a reader checks.
    table.add_column("行", justify="right", no_wrap=True)
    table.add_column("一级指标", no_wrap=True)
    table.add_column("二级指标", overflow="fold", max_width=12)
    table.add_column("三级指标", overflow="fold", min_width=12)
    table.add_column("指标值", overflow="fold", max_width=16)
    if project.has_basis_column:
        table.add_column("确定依据", overflow="fold", max_width=24)
    for indicator in project.indicators:
        cells = [str(indicator.row), indicator.level1, indicator.level2, indicator.name or "—", indicator.value or "—"]
        if project.has_basis_column:
            cells.append(indicator.basis or "—")
        table.add_row(*cells)
    return table


def render_document(document: Document, console: Console) -> None:
    title = Text(document.source, style="bold underline")
    facts = [fact for fact in (document.unit, f"{document.year}年" if document.year else None) if fact]
    if facts:
        title.append("  " + "  ".join(facts), style="dim")
    title.append(f"  项目 {len(document.projects)} 个，指标 {sum(len(p.indicators) for p in document.projects)} 行")
    console.print(title)
    for number, project in enumerate(document.projects, start=1):
        console.print(Group(_project_header(number, project), _indicator_table(project)))
        console.print()
