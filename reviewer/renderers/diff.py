"""Re-review: compare the JSON report of a department's first submission with the second one and say
which problems were fixed, which are still open and which are new.

Problems are matched by what they are about, not by row number (rows move when a department adds or
drops indicators): the project name, the indicator's 三级 name (or, when it has none, its 二级 and row),
and the problem kind (the KINDS.md contract, stable across rule-code changes). Several findings with the
same key are matched one to one. Documents are paired by file name; a lone pair left over is paired anyway
(the second submission is often renamed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from reviewer.errors import InputError
from reviewer.findings import KIND_LABELS, Kind, Severity
from reviewer.renderers.json_report import document_json
from reviewer.renderers.markdown import md
from reviewer.results import DocumentReview

Status = Literal["fixed", "open", "new"]
STATUS_LABELS: dict[str, str] = {"fixed": "已修改", "open": "仍存在", "new": "新出现"}


class _JsonIndicator(BaseModel):
    row: int
    level2: str = ""
    name: str = ""
    value: str = ""


class _JsonProject(BaseModel):
    name: str
    indicators: list[_JsonIndicator] = Field(default_factory=list)


class _JsonFinding(BaseModel):
    rule: str
    kind: Kind
    severity: Severity
    source: str = "rule"
    project: str | None = None
    row: int | None = None
    message: str
    suggestion: str | None = None


class ReportDocument(BaseModel):
    source: str
    projects: list[_JsonProject] = Field(default_factory=list)
    findings: list[_JsonFinding] = Field(default_factory=list)
    grade: str | None = None


class Change(BaseModel):
    status: Status
    kind: Kind
    severity: Severity
    project: str | None
    indicator: str | None = Field(None, description="三级指标 name the problem is about")
    old_row: int | None = None
    new_row: int | None = None
    message: str
    suggestion: str | None = None


class DocumentDiff(BaseModel):
    old_source: str | None
    new_source: str | None
    old_grade: str | None = None
    new_grade: str | None = None
    changes: list[Change] = Field(default_factory=list)

    def of(self, status: Status) -> list[Change]:
        return [c for c in self.changes if c.status == status]


class DiffReport(BaseModel):
    documents: list[DocumentDiff]

    @property
    def exit_code(self) -> int:
        """1 when a problem is new or an error-severity problem is still open, else 0."""
        for document in self.documents:
            for change in document.changes:
                if change.status == "new" or (change.status == "open" and change.severity is Severity.ERROR):
                    return 1
        return 0


def load_report(path: Path) -> list[ReportDocument]:
    """The documents of a `reviewer review --format json` report; anything else is an InputError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("文件不存在", file=str(path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取文件: {exc}", file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的JSON: {exc}", file=str(path)) from exc
    return _documents(data, str(path))


def _documents(data: Any, source: str) -> list[ReportDocument]:
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise InputError("不是 reviewer review --format json 生成的报告（缺少 documents）", file=source)
    try:
        return [ReportDocument.model_validate(d) for d in data["documents"]]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"报告格式不符（{where}: {first['msg']}）", file=source) from exc


def review_documents(reviews: list[DocumentReview]) -> list[ReportDocument]:
    """The current run's reviews in the same shape as a loaded report."""
    return [ReportDocument.model_validate(document_json(r)) for r in reviews]


def _key(document: ReportDocument, finding: _JsonFinding) -> tuple[str | None, str | None, str]:
    subject: str | None = None
    if finding.row is not None:
        project = next((p for p in document.projects if p.name == finding.project), None)
        indicator = next((i for i in project.indicators if i.row == finding.row), None) if project else None
        if indicator is not None and indicator.name.strip():
            subject = "".join(indicator.name.split())
        elif indicator is not None:
            subject = f"{''.join(indicator.level2.split())}#{finding.row}"
        else:
            subject = f"#{finding.row}"
    return (finding.project, subject, finding.kind.value)


def _indicator_name(document: ReportDocument, finding: _JsonFinding) -> str | None:
    project = next((p for p in document.projects if p.name == finding.project), None)
    indicator = next((i for i in project.indicators if i.row == finding.row), None) if project else None
    return indicator.name if indicator is not None else None


def diff_documents(old: ReportDocument | None, new: ReportDocument | None) -> DocumentDiff:
    result = DocumentDiff(
        old_source=old.source if old else None,
        new_source=new.source if new else None,
        old_grade=old.grade if old else None,
        new_grade=new.grade if new else None,
    )
    remaining: dict[tuple, list[_JsonFinding]] = defaultdict(list)
    for finding in old.findings if old else []:
        remaining[_key(old, finding)].append(finding)  # type: ignore[arg-type]
    for finding in new.findings if new else []:
        key = _key(new, finding)  # type: ignore[arg-type]
        before = remaining[key].pop(0) if remaining[key] else None
        result.changes.append(
            Change(
                status="open" if before is not None else "new",
                kind=finding.kind,
                severity=finding.severity,
                project=finding.project,
                indicator=_indicator_name(new, finding) if finding.row is not None else None,  # type: ignore[arg-type]
                old_row=before.row if before is not None else None,
                new_row=finding.row,
                message=finding.message,
                suggestion=finding.suggestion,
            )
        )
    for findings in remaining.values():
        for finding in findings:
            result.changes.append(
                Change(
                    status="fixed",
                    kind=finding.kind,
                    severity=finding.severity,
                    project=finding.project,
                    indicator=_indicator_name(old, finding) if finding.row is not None else None,  # type: ignore[arg-type]
                    old_row=finding.row,
                    message=finding.message,
                )
            )
    # Department first, then projects in the order of the new submission (the old one for dropped projects).
    order = {"new": 0, "open": 1, "fixed": 2}
    position: dict[str | None, int] = {None: -1}
    for document in (new, old):
        for project in document.projects if document else []:
            position.setdefault(project.name, len(position))
    result.changes.sort(key=lambda c: (order[c.status], position.get(c.project, len(position)), c.new_row or c.old_row or 0))
    return result


def diff_reports(old: list[ReportDocument], new: list[ReportDocument]) -> DiffReport:
    old_by_name = {Path(d.source).name: d for d in old}
    pairs: list[tuple[ReportDocument | None, ReportDocument | None]] = []
    unmatched_new = []
    for document in new:
        match = old_by_name.pop(Path(document.source).name, None)
        if match is not None:
            pairs.append((match, document))
        else:
            unmatched_new.append(document)
    unmatched_old = list(old_by_name.values())
    if len(unmatched_old) == 1 and len(unmatched_new) == 1:
        pairs.append((unmatched_old.pop(), unmatched_new.pop()))
    pairs += [(None, d) for d in unmatched_new] + [(d, None) for d in unmatched_old]
    return DiffReport(documents=[diff_documents(o, n) for o, n in pairs])


def diff_files(old: Path, new: Path) -> DiffReport:
    return diff_reports(load_report(old), load_report(new))


def diff_against_baseline(baseline: Path, reviews: list[DocumentReview]) -> DiffReport:
    return diff_reports(load_report(baseline), review_documents(reviews))


# ---------------------------------------------------------------------------------------------------
# Rendering: text (plain, for the terminal), Markdown, JSON.


def _where(change: Change) -> str:
    place = change.project or "部门整体绩效目标"
    if change.indicator is not None or change.new_row is not None or change.old_row is not None:
        rows = []
        if change.old_row is not None and change.old_row == change.new_row:
            rows.append(f"第{change.new_row}行")
        else:
            if change.old_row is not None:
                rows.append(f"原第{change.old_row}行")
            if change.new_row is not None:
                rows.append(f"现第{change.new_row}行")
        place += f" · {'/'.join(rows)}" + (f"“{change.indicator}”" if change.indicator else "")
    return place


def _headline(document: DocumentDiff) -> str:
    names = " → ".join(n for n in (document.old_source, document.new_source) if n)
    grades = ""
    if document.old_grade or document.new_grade:
        grades = f"  等级 {document.old_grade or '—'} → {document.new_grade or '—'}"
    counts = "，".join(f"{STATUS_LABELS[s]} {len(document.of(s))} 处" for s in ("fixed", "open", "new"))
    return f"{names}{grades}\n{counts}"


def render_diff_text(report: DiffReport) -> str:
    lines: list[str] = []
    for document in report.documents:
        if lines:
            lines.append("")
        lines.append(_headline(document))
        for status in ("new", "open", "fixed"):
            changes = document.of(status)  # type: ignore[arg-type]
            if not changes:
                continue
            lines.append("")
            lines.append(f"{STATUS_LABELS[status]}（{len(changes)}）")
            for change in changes:
                lines.append(f"  [{KIND_LABELS[change.kind]}] {_where(change)}：{change.message}")
                if change.suggestion and status != "fixed":
                    lines.append(f"      建议：{change.suggestion}")
    return "\n".join(lines) + "\n"


def render_diff_markdown(report: DiffReport) -> str:
    lines: list[str] = ["# 绩效目标复审对比", ""]
    for document in report.documents:
        names = " → ".join(f"`{n}`" for n in (document.old_source, document.new_source) if n)
        lines += [f"## {names}", ""]
        if document.old_grade or document.new_grade:
            lines += [f"- 等级：{document.old_grade or '—'} → {document.new_grade or '—'}"]
        lines += [f"- {STATUS_LABELS[s]}：{len(document.of(s))} 处" for s in ("fixed", "open", "new")]
        lines.append("")
        for status in ("new", "open", "fixed"):
            changes = document.of(status)  # type: ignore[arg-type]
            if not changes:
                continue
            lines += [f"### {STATUS_LABELS[status]}（{len(changes)}）", ""]
            for change in changes:
                lines.append(f"- **{KIND_LABELS[change.kind]}** {md(_where(change))}：{md(change.message)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_diff_json(report: DiffReport) -> str:
    payload = {
        "documents": [
            {
                **document.model_dump(mode="json", exclude={"changes"}),
                "fixed": [c.model_dump(mode="json") for c in document.of("fixed")],
                "open": [c.model_dump(mode="json") for c in document.of("open")],
                "new": [c.model_dump(mode="json") for c in document.of("new")],
            }
            for document in report.documents
        ]
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


# ---------------------------------------------------------------------------------------------------
# Command-line entry points (reviewer/cli.py calls these, one per option).

DIFF_RENDERERS = {"text": render_diff_text, "markdown": render_diff_markdown, "json": render_diff_json}


def json_with_baseline(rendered: str, baseline: list[ReportDocument], reviews: list[DocumentReview]) -> str:
    """`--format json --baseline OLD.json`: the review JSON with a top-level "baseline" key holding the
    comparison, so stdout stays one JSON document."""
    payload = json.loads(rendered)
    payload["baseline"] = json.loads(render_diff_json(diff_reports(baseline, review_documents(reviews))))
    return json.dumps(payload, ensure_ascii=False, indent=2)


def baseline_text(baseline: list[ReportDocument], reviews: list[DocumentReview], output_format: str) -> str:
    """`--baseline OLD.json` with text or Markdown output: the comparison, printed after the review."""
    report = diff_reports(baseline, review_documents(reviews))
    return (render_diff_markdown if output_format == "markdown" else render_diff_text)(report)


def write_baseline_diff(baseline: list[ReportDocument], reviews: list[DocumentReview], out_dir: Path) -> Path:
    """Batch mode: the comparison as 复审对比.md and 复审对比.json in the output directory."""
    report = diff_reports(baseline, review_documents(reviews))
    (out_dir / "复审对比.json").write_text(render_diff_json(report), encoding="utf-8")
    target = out_dir / "复审对比.md"
    target.write_text(render_diff_markdown(report), encoding="utf-8")
    return target


def diff_command(old: Path, new: Path, output_format: str) -> tuple[str, int]:
    """`reviewer diff OLD.json NEW.json`: the rendered comparison and the exit code (see DiffReport)."""
    report = diff_files(old, new)
    return DIFF_RENDERERS[output_format](report), report.exit_code
