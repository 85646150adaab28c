"""Hand-built documents for the LLM-stage tests (plain model objects, so no reader is involved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reviewer.config import Config
from reviewer.llm.settings import LLMSettings, resolve_settings
from reviewer.model import DepartmentItem, DepartmentPart, Document, Indicator, Location, Project
from reviewer.values import parse_value

LOCATION = Location(file="draft.txt")


def indicator(row: int, level1: str, level2: str, name: str, description: str, value: str,
              basis: str | None = "年度工作计划") -> Indicator:
    return Indicator(row=row, level1=level1, level2=level2, name=name, description=description, value=value,
                     parsed=parse_value(value), basis=basis, location=LOCATION.model_copy(update={"row": row}))


def publicity_project(name: str = "法治宣传教育经费", goal: str = "做好法治宣传工作") -> Project:
    """Three rows: a sound count, a vague effect, a 100% satisfaction target."""
    return Project(
        name=name,
        budget=20.0,
        fiscal=20.0,
        other=0.0,
        amounts_stated=True,
        purpose="用于开展法治宣传活动、印制宣传材料",
        goal=goal,
        indicators=[
            indicator(1, "产出指标", "数量指标", "宣传活动次数", "全年开展法治宣传活动的次数", "≥12次"),
            indicator(2, "效益指标", "社会效益指标", "社会稳定", "社会稳定", "明显提高"),
            indicator(3, "满意度指标", "服务对象满意度指标", "群众满意度", "群众满意度", "100%"),
        ],
        location=LOCATION,
    )


def document(*projects: Project, department: DepartmentPart | None = None) -> Document:
    return Document(source="draft.txt", unit="某区政法委", projects=list(projects), department=department)


def department_part() -> DepartmentPart:
    return DepartmentPart(
        overall="推进平安建设，维护社会稳定",
        items=[
            DepartmentItem(number="（一）", title="社区矫正", goal="提高社区矫正工作的社会效益",
                           indicators="社区矫正人员规范化管理达到100%", location=LOCATION),
            DepartmentItem(number="（二）", title="法律援助", goal="及时给予法律援助",
                           indicators="援助案件结案率", location=LOCATION),
        ],
        location=LOCATION,
    )


def settings_for(base_url: str, tmp_path: Path | None = None, **overrides: Any) -> LLMSettings:
    """Fast settings for the fake server: tiny backoff, short timeout, cache in tmp_path (or off)."""
    table: dict[str, Any] = {
        "base_url": base_url,
        "model": "fake",
        "retry_initial": 0.01,
        "retry_max": 2.0,
        "timeout": 5.0,
        "cache": tmp_path is not None,
        "cache_path": str(tmp_path / "cache.sqlite3") if tmp_path is not None else None,
    }
    table.update(overrides)
    return resolve_settings(table, env={})


CONFIG = Config()
