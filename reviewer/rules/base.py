"""The rule model: a rule is data (code, kind, severity, scope, texts) plus one small check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from reviewer.findings import Kind, Severity
from reviewer.lexicon import Lexicon
from reviewer.model import Document, Indicator, Location, Project
from reviewer.rules.settings import Thresholds


class Scope(StrEnum):
    ROW = "row"  # looks at one indicator row (with its project for context)
    PROJECT = "project"  # looks at a whole project table; may still report row-level kinds (e.g. duplicates)
    DOCUMENT = "document"  # looks at the department-level part


@dataclass(frozen=True)
class Hit:
    """One occurrence a check found. The engine turns it into a Finding."""

    message: str
    suggestion: str | None = None
    row: int | None = None  # set by project-scope checks that report a row; row-scope checks leave it None
    location: Location | None = None


@dataclass(frozen=True)
class Context:
    """What a check may consult besides the model: word lists and thresholds, both from config."""

    lexicon: Lexicon
    thresholds: Thresholds


RowCheck = Callable[[Indicator, Project, Context], Iterable[Hit]]
ProjectCheck = Callable[[Project, Context], Iterable[Hit]]
DocumentCheck = Callable[[Document, Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str  # family prefix + number, stable forever: VAL001
    name: str  # names the defect: cost_exceeds_budget
    kind: Kind
    severity: Severity
    scope: Scope
    title: str  # Chinese one-liner: what the rule finds
    rationale: str  # Chinese: why this is a problem for the reviewer
    basis: str  # regulation it rests on (财预〔2015〕88号 …) or "建议"
    suggestion: str  # Chinese: what to write instead, in general terms (hits give the concrete fix)
    check: RowCheck | ProjectCheck | DocumentCheck

    def run_row(self, indicator: Indicator, project: Project, ctx: Context) -> list[Hit]:
        return list(self.check(indicator, project, ctx))  # type: ignore[call-arg,arg-type]

    def run_project(self, project: Project, ctx: Context) -> list[Hit]:
        return list(self.check(project, ctx))  # type: ignore[call-arg,arg-type]

    def run_document(self, document: Document, ctx: Context) -> list[Hit]:
        return list(self.check(document, ctx))  # type: ignore[call-arg,arg-type]
