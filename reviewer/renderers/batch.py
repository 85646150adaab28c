"""Batch review: every supported file under the given paths, reviewed concurrently, one report set per
document in the output directory, plus an index ranking the documents (worst first). A file that cannot
be read or reviewed is listed with its error; the others go on.

The review itself (reading, rules, LLM, grading) is passed in by the CLI, so this module only schedules
work and writes files.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reviewer.errors import InputError, ReviewerError
from reviewer.findings import Severity
from reviewer.grading import GRADE_RANK
from reviewer.renderers.diff import ReportDocument, write_baseline_diff
from reviewer.renderers.docx import annotate_docx, write_opinion
from reviewer.renderers.html import environment, render_html
from reviewer.renderers.json_report import render_json
from reviewer.renderers.markdown import render_markdown
from reviewer.renderers.xlsx import write_xlsx
from reviewer.results import DocumentReview, Grade

SUPPORTED_SUFFIXES = {".txt", ".docx", ".xlsx"}
REPORT_FORMATS = ("html", "markdown", "xlsx", "docx", "json", "annotated")
# What each format is called in the output directory, after the document's stem.
SUFFIXES: dict[str, str] = {
    "html": ".html",
    "markdown": ".md",
    "xlsx": ".修改清单.xlsx",
    "docx": ".审核意见书.docx",
    "json": ".json",
    "annotated": ".批注.docx",
}
FORMAT_LABELS: dict[str, str] = {
    "html": "审核报告",
    "markdown": "Markdown",
    "xlsx": "修改清单",
    "docx": "审核意见书",
    "json": "JSON",
    "annotated": "批注稿",
}

ReviewFn = Callable[[Path], DocumentReview]


@dataclass
class BatchItem:
    source: Path
    stem: str
    review: DocumentReview | None = None
    error: str | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.review.findings if f.severity is severity) if self.review else 0

    def grade_count(self, grade: Grade) -> int:
        return sum(1 for p in self.review.projects if p.grade is grade) if self.review else 0

    @property
    def sort_key(self) -> tuple[int, int, int, int, str]:
        if self.review is None:
            return (-1, 0, 0, 0, self.source.name)
        rank = GRADE_RANK[self.review.grade] if self.review.grade else len(GRADE_RANK)
        return (rank, -self.grade_count(Grade.POOR), -self.count(Severity.ERROR), -self.count(Severity.WARNING), self.source.name)


@dataclass
class BatchResult:
    out_dir: Path
    items: list[BatchItem]
    index: Path | None = None
    seconds: float = 0.0

    @property
    def reviewed(self) -> list[BatchItem]:
        return sorted((i for i in self.items if i.review is not None), key=lambda i: i.sort_key)

    @property
    def failed(self) -> list[BatchItem]:
        return [i for i in self.items if i.error is not None]

    @property
    def exit_code(self) -> int:
        """2 when a file failed, else 1 when an error-severity finding remains, else 0 (as for one file)."""
        if self.failed:
            return 2
        return 1 if any(i.count(Severity.ERROR) for i in self.items) else 0


def supported_files(paths: Iterable[Path]) -> list[Path]:
    """The files to review: given files as they are, directories searched recursively for supported
    suffixes (Office lock files "~$…" and hidden files left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    return found


def _stems(sources: list[Path]) -> list[str]:
    """Output names, unique even when a.txt and a.docx are reviewed together."""
    stems: list[str] = []
    used: set[str] = set()
    for source in sources:
        stem = source.stem or source.name
        if stem in used:
            stem = f"{stem}_{source.suffix.lstrip('.') or 'file'}"
        n = 2
        base = stem
        while stem in used:
            stem, n = f"{base}_{n}", n + 1
        used.add(stem)
        stems.append(stem)
    return stems


def write_reports(review: DocumentReview, source: Path, out_dir: Path, stem: str, formats: Iterable[str] = REPORT_FORMATS) -> dict[str, Path]:
    """One report set for one document; the annotated copy only for a .docx input."""
    outputs: dict[str, Path] = {}
    for fmt in formats:
        target = out_dir / f"{stem}{SUFFIXES[fmt]}"
        if fmt == "html":
            target.write_text(render_html(review), encoding="utf-8")
        elif fmt == "markdown":
            target.write_text(render_markdown([review]), encoding="utf-8")
        elif fmt == "xlsx":
            write_xlsx(review, target)
        elif fmt == "docx":
            write_opinion(review, target)
        elif fmt == "json":
            target.write_text(render_json([review]), encoding="utf-8")
        elif fmt == "annotated":
            if source.suffix.lower() != ".docx":
                continue
            annotate_docx(review, source, target)
        else:
            raise ValueError(f"unknown report format {fmt}")
        outputs[fmt] = target
    return outputs


def _process(item: BatchItem, review: ReviewFn, out_dir: Path, formats: tuple[str, ...]) -> BatchItem:
    started = time.perf_counter()
    try:
        item.review = review(item.source)
        item.outputs = write_reports(item.review, item.source, out_dir, item.stem, formats)
    except ReviewerError as error:
        item.error = str(error)
    except OSError as error:
        item.error = f"无法写入报告（{error.strerror or error}）：{error.filename or out_dir}"
    except Exception as error:  # noqa: BLE001 - a bug on one file is reported on that file; the batch goes on
        item.error = f"内部错误（{type(error).__name__}）：{error}"
    item.seconds = time.perf_counter() - started
    return item


def run_batch(
    paths: list[Path],
    out_dir: Path,
    review: ReviewFn,
    *,
    workers: int = 4,
    formats: Iterable[str] = REPORT_FORMATS,
    on_done: Callable[[BatchItem], None] | None = None,
    index: bool = True,
) -> BatchResult:
    """Review every supported file under `paths` into `out_dir`, then write index.html / index.json."""
    started = time.perf_counter()
    sources = supported_files(paths)
    if not sources:
        raise InputError("没有找到可审核的文件（支持 .txt / .docx / .xlsx）", file=", ".join(str(p) for p in paths))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"无法创建输出目录：{error.strerror or error}", file=str(out_dir)) from error
    formats = tuple(formats)
    items = [BatchItem(source=s, stem=stem) for s, stem in zip(sources, _stems(sources), strict=True)]
    # Threads, not processes: the LLM stage waits on the network, and rules take milliseconds.
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(items)))) as pool:
        futures = [pool.submit(_process, item, review, out_dir, formats) for item in items]
        for future in as_completed(futures):
            if on_done is not None:
                on_done(future.result())
    result = BatchResult(out_dir=out_dir, items=items, seconds=time.perf_counter() - started)
    if index:
        result.index = write_index(result)
    return result


# Which files `reviewer review --format F --out DIR` writes per document; text (the default) means all.
CLI_FORMATS: dict[str, tuple[str, ...]] = {
    "text": REPORT_FORMATS,
    "json": ("json",),
    "markdown": ("markdown",),
    "html": ("html",),
    "xlsx": ("xlsx",),
    "docx": ("docx", "annotated"),
}
FILE_FORMATS = {"html", "xlsx", "docx"}


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def review_to_files(
    paths: list[Path],
    out_dir: Path | None,
    output_format: str,
    review: ReviewFn,
    *,
    baseline: list[ReportDocument] | None = None,
    workers: int = 4,
) -> int:
    """`reviewer review … --out DIR` (or a file format without --out: into the working directory, no
    index). Progress and errors go to stderr, one line per document; returns the exit code."""
    def report(item: BatchItem) -> None:
        if item.error is not None:
            _say(f"reviewer: {item.error}")
        else:
            grade = item.review.grade.value if item.review and item.review.grade else "—"
            names = "、".join(path.name for path in item.outputs.values())
            _say(f"{item.source.name}：{grade}（{item.seconds:.1f}秒）→ {names}")

    target = out_dir if out_dir is not None else Path.cwd()
    try:
        result = run_batch(
            paths, target, review, workers=workers, formats=CLI_FORMATS[output_format], on_done=report,
            index=out_dir is not None,
        )
    except ReviewerError as error:
        _say(f"reviewer: {error}")
        return 2
    if result.index is not None:
        _say(f"汇总：{result.index}（{len(result.reviewed)}个文档，{len(result.failed)}个失败，{result.seconds:.1f}秒）")
    if baseline is not None:
        written = write_baseline_diff(baseline, [i.review for i in result.reviewed if i.review], target)
        _say(f"复审对比：{written}")
    return result.exit_code


def index_json(result: BatchResult) -> dict:
    def entry(item: BatchItem) -> dict:
        review = item.review
        return {
            "source": str(item.source),
            "grade": review.grade if review else None,
            "projects": len(review.projects) if review else 0,
            "project_grades": {g.value: item.grade_count(g) for g in Grade} if review else {},
            "findings": {s.value: item.count(s) for s in Severity},
            "reports": {fmt: path.name for fmt, path in item.outputs.items()},
            "error": item.error,
            "seconds": round(item.seconds, 3),
        }

    return {
        "documents": [entry(i) for i in result.reviewed],
        "errors": [{"source": str(i.source), "error": i.error} for i in result.failed],
        "seconds": round(result.seconds, 3),
    }


def write_index(result: BatchResult, today: date | None = None) -> Path:
    template = environment().get_template("index.html.j2")
    html = template.render(
        result=result,
        Grade=Grade,
        Severity=Severity,
        FORMAT_LABELS=FORMAT_LABELS,
        today=(today or date.today()).isoformat(),
    )
    index = result.out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    (result.out_dir / "index.json").write_text(json.dumps(index_json(result), ensure_ascii=False, indent=2), encoding="utf-8")
    return index
