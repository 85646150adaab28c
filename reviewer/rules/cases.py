"""Rule examples kept as data (reviewer/rules/cases/*.toml): each rule's good and bad cases.

They are documentation (`reviewer rule CODE` prints them) and tests (one parametrized test runs them all).
A case describes a minimal project; defaults keep everything not under test neutral:

    [[VAL001.bad]]
    note = "指标值为空"
    row = { name = "法律援助案件数", value = "" }

    [[CST001.bad]]
    project = { budget = 70, fiscal = 70 }
    rows = [ { level2 = "成本指标", name = "项目成本", value = "≤150万元" } ]
    at = 1          # the row the finding must point at (row-level kinds)

    [[DEP002.bad]]
    department = { items = [ { number = "（一）", title = "…" }, { number = "（三）", title = "…" } ] }
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reviewer.model import DepartmentItem, DepartmentPart, Document, Indicator, Location, Project, SpendingPlan
from reviewer.values import parse_value

CASE_FILE = "<example>"


class CaseRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level1: str = "产出指标"
    level2: str = "数量指标"
    name: str = ""
    description: str = ""
    value: str = ""
    basis: str | None = "年度工作计划"
    polarity: Literal["positive", "negative", "qualitative"] | None = None  # 指标性质 正向/反向/定性


class CaseProject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "示例项目"
    code: str | None = None
    budget: float | None = None
    fiscal: float | None = None
    other: float | None = None
    amounts_stated: bool | None = None  # default: True when any amount is given
    purpose: str | None = None
    goal: str = ""
    goal_items: list[str] = Field(default_factory=list)
    plan: list[str] | None = None


class CaseItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = ""
    title: str = ""
    duty: str | None = None
    goal: str | None = None
    indicators: str | None = None


class CaseDepartment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    overall: str = ""
    items: list[CaseItem] = Field(default_factory=list)
    safeguards: str = ""


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = ""
    row: CaseRow | None = None
    rows: list[CaseRow] = Field(default_factory=list)
    project: CaseProject = Field(default_factory=CaseProject)
    department: CaseDepartment | None = None
    at: int | None = None

    def build_project(self) -> Project:
        rows = self.rows or ([self.row] if self.row else [])
        p = self.project
        location = Location(file=CASE_FILE)
        indicators = [
            Indicator(
                row=n,
                level1=r.level1,
                level2=r.level2,
                name=r.name,
                description=r.description,
                value=r.value,
                parsed=parse_value(r.value),
                basis=r.basis,
                polarity=r.polarity,
                location=Location(file=CASE_FILE, row=n),
            )
            for n, r in enumerate(rows, start=1)
        ]
        plan = None
        if p.plan is not None:
            plan = SpendingPlan(raw=p.plan, percents=[_percent(cell) for cell in p.plan])
        stated = p.amounts_stated if p.amounts_stated is not None else any(
            x is not None for x in (p.budget, p.fiscal, p.other)
        )
        return Project(
            name=p.name,
            code=p.code,
            budget=p.budget,
            fiscal=p.fiscal,
            other=p.other,
            amounts_stated=stated,
            purpose=p.purpose,
            spending_plan=plan,
            goal=p.goal,
            goal_items=p.goal_items or ([p.goal] if p.goal else []),
            indicators=indicators,
            has_basis_column=all(r.basis is not None for r in rows),
            location=location,
        )

    def build_document(self) -> Document:
        department = None
        if self.department is not None:
            d = self.department
            department = DepartmentPart(
                overall=d.overall,
                items=[DepartmentItem(**item.model_dump(), location=Location(file=CASE_FILE)) for item in d.items],
                safeguards=d.safeguards,
            )
        projects = [self.build_project()] if (self.rows or self.row or self.department is None) else []
        return Document(source=CASE_FILE, department=department, projects=projects)


def _percent(cell: str) -> float | None:
    parsed = parse_value(cell)
    return parsed.number if parsed.number is not None and parsed.unit in ("%", None) else None


class RuleCases(BaseModel):
    good: list[Case] = Field(default_factory=list)
    bad: list[Case] = Field(default_factory=list)


def load_cases() -> dict[str, RuleCases]:
    """All cases by rule code, from every TOML file in reviewer/rules/cases/."""
    cases: dict[str, RuleCases] = {}
    folder = resources.files("reviewer") / "rules" / "cases"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for code, body in data.items():
            if code in cases:
                raise ValueError(f"{entry.name}: cases for {code} are defined twice")
            cases[code] = RuleCases.model_validate(body)
    return cases


