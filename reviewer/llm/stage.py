"""The LLM stage of one document: projects judged concurrently, each failure confined to its project.

Calls per document with an empty cache: one per project, one for the department part (when the
document has one) and one for the 审核意见 (after the others, from their structured results) — plus
the validation retries, which the stats report. Every answer is cached as it arrives.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reviewer.errors import LLMError
from reviewer.findings import KIND_LABELS, Finding
from reviewer.llm.cache import ResponseCache, cache_key
from reviewer.llm.client import Answer, LLMClient, Meter
from reviewer.llm.convert import Converter
from reviewer.llm.prompts import Prompts
from reviewer.llm.redact import Redactor
from reviewer.llm.schema import DepartmentJudgment, JudgeContext, ProjectJudgment, ReviewOpinion
from reviewer.llm.settings import LLMSettings
from reviewer.llm.verify import Verifier, missing_level1
from reviewer.model import Document, Project
from reviewer.results import DocumentReview, LLMProjectResult, LLMStats
from reviewer.rules import Context
from reviewer.rules.settings import RuleSettings


@dataclass
class StageOutcome:
    projects: dict[int, LLMProjectResult] = field(default_factory=dict)
    department: LLMProjectResult | None = None
    findings: list[Finding] = field(default_factory=list)
    opinion: str | None = None
    notes: list[str] = field(default_factory=list)
    stats: LLMStats = field(default_factory=LLMStats)


@dataclass
class _Call:
    """One call's parts: what is sent, how the answer is validated, and where it is cached."""

    name: str  # for notes and the progress bar
    kind: str  # "project" / "department" / "opinion"
    messages: list[dict[str, str]]
    response_model: type[BaseModel]
    judge: JudgeContext


def run_llm_stage(
    review: DocumentReview,
    settings: LLMSettings,
    rule_settings: RuleSettings,
    ctx: Context,
    *,
    accepted: Callable[[Finding], bool] = lambda _: False,
    show_progress: bool | None = None,
) -> StageOutcome:
    """Judge every project of a reviewed document; never raises for a failing endpoint or answer."""
    stage = _Stage(review, settings, rule_settings, ctx, accepted, show_progress)
    return asyncio.run(stage.run())


class _Stage:
    def __init__(self, review: DocumentReview, settings: LLMSettings, rule_settings: RuleSettings, ctx: Context,
                 accepted: Callable[[Finding], bool], show_progress: bool | None) -> None:
        self.review = review
        self.document: Document = review.document
        self.settings = settings
        self.rule_settings = rule_settings
        self.ctx = ctx
        self.accepted = accepted
        self.show_progress = sys.stderr.isatty() if show_progress is None else show_progress
        self.prompts = Prompts(settings.prompts_dir, settings.max_cell_chars)
        self.redactor = self._redactor() if settings.redact else None
        self.meter = Meter()
        self.cache_hits = 0
        self.outcome = StageOutcome()
        self._pending: dict[int, list[Finding]] = {}  # LLM findings by project index (-1: department)
        # Bounds the calls in flight (each with its retries), so that when the endpoint is down the first
        # call finds out before the others start.
        self.semaphore = asyncio.Semaphore(settings.max_concurrency)
        self.converter = Converter(rule_settings, settings.min_confidence, self.restore, review.findings)

    def _redactor(self) -> Redactor:
        lists = self.ctx.lexicon.lists
        return Redactor.for_texts(
            document_texts(self.document),
            self.settings.redact_names,
            surnames=lists.get("surnames", []),
            person_context=lists.get("personal_context", []),
        )

    def mask(self, text: str) -> str:
        return self.redactor.mask(text) if self.redactor else text

    def restore(self, text: str) -> str:
        return self.redactor.restore(text) if self.redactor else text

    async def run(self) -> StageOutcome:
        started = time.perf_counter()
        cache = ResponseCache(self.settings.resolved_cache_path()) if self.settings.cache else None
        client = LLMClient(self.settings, self.meter)
        has_department = self._has_department()
        total = len(self.document.projects) + int(has_department)
        try:
            with _progress(self.show_progress, total) as advance:
                jobs = [self._project(i, p, client, cache, advance) for i, p in enumerate(self.document.projects)]
                if has_department:
                    jobs.append(self._department(client, cache, advance))
                await asyncio.gather(*jobs)
                self._collect_findings()
                if self.settings.opinion and self._judged_any():
                    await self._opinion(client, cache)
        finally:
            self.outcome.notes.extend(client.notes)
            await client.aclose()
            if cache is not None:
                cache.close()
        self.outcome.stats = LLMStats(
            requests=self.meter.requests,
            cache_hits=self.cache_hits,
            prompt_tokens=self.meter.prompt_tokens,
            completion_tokens=self.meter.completion_tokens,
            seconds=round(time.perf_counter() - started, 3),
            validation_retries=self.meter.validation_retries,
        )
        return self.outcome

    # ---------------------------------------------------------------- the calls

    async def _ask(self, call: _Call, client: LLMClient, cache: ResponseCache | None) -> Any:
        """The validated (leniently, see schema.py) answer; LLMError when there is none to use."""
        messages = [{"role": m["role"], "content": self.mask(m["content"])} for m in call.messages]
        key = cache_key(
            model=client.model,
            base_url=client.base_url,
            mode=client.mode.value,
            messages=messages,
            response_model=call.response_model,
            prompt_fingerprint=self.prompts.fingerprint(call.kind),
        )
        cached = cache.get(key) if cache is not None else None
        if cached is not None:
            self.cache_hits += 1
            answer = Answer(cached.answer, cached.prompt_tokens, cached.completion_tokens)
        else:
            async with self.semaphore:
                answer = await client.structured(messages, call.response_model, call.judge.as_validation_context())
        call.judge.strict = False
        call.judge.reset()
        try:
            parsed = call.response_model.model_validate_json(
                answer.text, context=call.judge.as_validation_context(), strict=False
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(整体)"
            raise LLMError(f"模型回答不符合要求的结构({where}: {first['msg']})") from exc
        # An answer kept after the retries ran out says what was dropped through the judge's notes and
        # rejected rewrites, which a cached copy reproduces: nothing here depends on how it was obtained.
        if cached is None and cache is not None:
            cache.put(key, call=call.kind, model=client.model, answer=answer.text,
                      prompt_tokens=answer.prompt_tokens, completion_tokens=answer.completion_tokens)
        return parsed

    async def _project(self, index: int, project: Project, client: LLMClient, cache: ResponseCache | None,
                       advance: Callable[[str], None]) -> None:
        findings = [f for f in self.review.findings if f.project == project.name]
        plan = project.spending_plan.raw if project.spending_plan and len(project.spending_plan.raw) == 4 else None
        messages = self.prompts.render(
            "project",
            project=project,
            plan=plan,
            row_findings=_labels_by_row(findings),
            project_findings=[{"label": KIND_LABELS[f.kind], "message": f.message} for f in findings if f.row is None],
            missing=[c.value for c in sorted(missing_level1(project))],
        )
        judge = JudgeContext(restore=self.restore, verifier=Verifier(project, self.rule_settings, self.ctx))
        call = _Call(project.name, "project", messages, ProjectJudgment, judge)
        try:
            answer = await self._ask(call, client, cache)
        except LLMError as exc:
            self.outcome.projects[index] = LLMProjectResult(status="failed", error=exc.reason)
            self.outcome.notes.append(f"项目“{project.name}”未经模型评审：{exc.reason}(规则检查结果不受影响)")
        else:
            result, new = self.converter.project(project, answer, judge)
            self.outcome.projects[index] = result
            self._pending[index] = new
        advance(project.name)

    async def _department(self, client: LLMClient, cache: ResponseCache | None,
                          advance: Callable[[str], None]) -> None:
        part = self.document.department
        assert part is not None  # checked by _has_department
        findings = [f for f in self.review.findings if f.project is None]
        messages = self.prompts.render(
            "department",
            department=part,
            unit=self.document.unit,
            findings=[{"label": KIND_LABELS[f.kind], "message": f.message} for f in findings],
        )
        judge = JudgeContext(restore=self.restore, department=part)
        call = _Call("部门整体绩效目标", "department", messages, DepartmentJudgment, judge)
        try:
            answer = await self._ask(call, client, cache)
        except LLMError as exc:
            self.outcome.department = LLMProjectResult(status="failed", error=exc.reason)
            self.outcome.notes.append(f"部门整体绩效目标未经模型评审：{exc.reason}")
        else:
            result, new = self.converter.department(part, answer, judge)
            self.outcome.department = result
            self._pending[-1] = new
        advance("部门整体绩效目标")

    def _collect_findings(self) -> None:
        # Document order (department first, then projects in order) whatever order the calls finished in.
        for index in sorted(self._pending):
            self.outcome.findings.extend(f for f in self._pending[index] if not self.accepted(f))

    async def _opinion(self, client: LLMClient, cache: ResponseCache | None) -> None:
        findings = [f for f in [*self.review.findings, *self.outcome.findings] if not self.accepted(f)]
        by_kind = Counter(KIND_LABELS[f.kind] for f in findings)
        per_project = []
        for index, project in enumerate(self.document.projects):
            own = [f for f in findings if f.project == project.name]
            result = self.outcome.projects.get(index)
            per_project.append({
                "name": project.name,
                "count": len(own),
                "labels": [label for label, _ in Counter(KIND_LABELS[f.kind] for f in own).most_common(3)],
                "status": "未经模型评审" if result is not None and result.status == "failed" else "",
            })
        per_project.sort(key=lambda p: -p["count"])
        department = ""
        if self.outcome.department is not None and self.outcome.department.status == "judged":
            vague = [i for i in self.outcome.department.items if not i.measurable.ok]
            department = f"{len(self.outcome.department.items)} 个分项目标中 {len(vague)} 个不够具体、不可考核"
        messages = self.prompts.render(
            "opinion",
            source=self.document.source.rsplit("/", 1)[-1],
            projects=per_project,
            total=len(findings),
            by_kind=by_kind.most_common(),
            department=department,
        )
        judge = JudgeContext(restore=self.restore)
        try:
            opinion = await self._ask(_Call("审核意见", "opinion", messages, ReviewOpinion, judge), client, cache)
        except LLMError as exc:
            self.outcome.notes.append(f"审核意见未能生成：{exc.reason}")
        else:
            changes = "\n".join(f"{n}. {self.restore(c)}" for n, c in enumerate(opinion.required_changes, 1))
            self.outcome.opinion = self.restore(opinion.summary) + (f"\n需补充完善事项：\n{changes}" if changes else "")

    def _judged_any(self) -> bool:
        results = [*self.outcome.projects.values(), self.outcome.department]
        return any(r is not None and r.status == "judged" for r in results)

    def _has_department(self) -> bool:
        part = self.document.department
        return self.settings.department and part is not None and bool(part.overall.strip() or part.items)


def _labels_by_row(findings: list[Finding]) -> list[tuple[int, list[str]]]:
    """Row findings as kind labels only: the model needs to know what is wrong, not our full message."""
    rows: dict[int, list[str]] = {}
    for finding in findings:
        if finding.row is not None:
            labels = rows.setdefault(finding.row, [])
            if KIND_LABELS[finding.kind] not in labels:
                labels.append(KIND_LABELS[finding.kind])
    return sorted(rows.items())


def document_texts(document: Document) -> Iterator[str]:
    """Every text of a document that a prompt may quote (what --redact scans for names and numbers)."""
    yield document.source
    if document.unit:
        yield document.unit
    if document.department is not None:
        part = document.department
        yield part.overall
        yield part.safeguards
        for item in part.items:
            yield from (item.title, item.duty or "", item.goal or "", item.indicators or "")
    for project in document.projects:
        yield from (project.name, project.code or "", project.unit or "", project.purpose or "", project.goal)
        for indicator in project.indicators:
            yield from (indicator.level1, indicator.level2, indicator.name, indicator.description,
                        indicator.value, indicator.basis or "")


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[str], None]]:
    if not enabled or total == 0:
        yield lambda _name: None
        return
    progress = Progress(
        TextColumn("模型评审"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=total)
        yield lambda name: progress.update(task, advance=1, description=name)
