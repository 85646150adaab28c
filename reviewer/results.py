"""The finished review: what renderers read. Pure data; built by `reviewer.review`."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from reviewer.findings import Finding
from reviewer.model import Document


class Grade(StrEnum):
    """财预〔2015〕88号 审核结果: 优 ready as is; 良 minor fixes; 中 revise and resubmit; 差 may not proceed."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"


class Rewrite(BaseModel):
    """An indicator the LLM proposes: a rewrite of row `row`, or (row None) an indicator to add."""

    row: int | None = None
    level1: str = ""
    level2: str = ""
    name: str = ""
    description: str = ""
    value: str = ""
    basis: str = ""
    reason: str = ""
    accepted: bool = True
    rejection: str | None = Field(None, description="why our rules rejected it (建议改写未通过校验: …)")


class Verdict(BaseModel):
    ok: bool
    reason: str = ""


class GoalAssessment(BaseModel):
    """SMART assessment of a project's 绩效目标, with a rewritten goal."""

    specific: Verdict
    measurable: Verdict
    achievable: Verdict
    relevant: Verdict
    time_bound: Verdict
    rewritten: str | None = None


# A cache hit is "judged" too: a replayed review must be identical to the first one.
LLMStatus = Literal["judged", "failed"]


class ItemAssessment(BaseModel):
    """The LLM's judgment of one 分项绩效目标 of the department part (DocumentReview.department_llm)."""

    index: int  # position in DepartmentPart.items
    number: str = ""
    title: str = ""
    measurable: Verdict
    confidence: float | None = None
    rewritten_goal: str | None = None
    rewritten_indicators: list[str] = Field(default_factory=list)
    accepted: bool = True
    rejection: str | None = Field(None, description="why the rewrite was rejected (建议改写未通过校验: …)")


class LLMProjectResult(BaseModel):
    status: LLMStatus
    error: str | None = None
    rewrites: list[Rewrite] = Field(default_factory=list)
    additions: list[Rewrite] = Field(default_factory=list)
    goal: GoalAssessment | None = None
    items: list[ItemAssessment] = Field(default_factory=list, description="department part only")
    notes: list[str] = Field(default_factory=list, description="what was dropped from the answer, and why")


class ProjectReview(BaseModel):
    name: str
    index: int  # position in Document.projects
    grade: Grade | None = None
    reasons: list[str] = Field(default_factory=list)
    llm: LLMProjectResult | None = None


class LLMStats(BaseModel):
    requests: int = 0  # HTTP requests actually sent
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    validation_retries: int = 0


class DocumentReview(BaseModel):
    document: Document
    findings: list[Finding] = Field(default_factory=list)
    projects: list[ProjectReview] = Field(default_factory=list)
    grade: Grade | None = None
    grade_reasons: list[str] = Field(default_factory=list)
    accepted: int = Field(0, description="findings left out because reviewer.toml accepts them")
    notes: list[str] = Field(default_factory=list, description="notes for the reader, e.g. the LLM stage was skipped")
    opinion: str | None = Field(None, description="审核意见 drafted by the LLM from the structured findings")
    department_llm: LLMProjectResult | None = None
    llm_stats: LLMStats | None = None
    rules_seconds: float = 0.0
