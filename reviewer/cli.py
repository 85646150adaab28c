"""The `reviewer` command line.

Each command is one function that reads its inputs through the shared helpers here and hands the work
to the library; nothing in this module knows about tables, rules or prompts. The error boundary is
`read_many`: a ReviewerError becomes one line on stderr ("reviewer: <file>: <reason>"), the remaining
files are still processed, and the command exits with EXIT_INPUT_ERROR when any file failed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from reviewer.config import Config, load_config
from reviewer.errors import ReviewerError
from reviewer.findings import Severity
from reviewer.grading import GradingPolicy
from reviewer.model import Document
from reviewer.results import DocumentReview
from reviewer.readers import read_document
from reviewer.renderers.batch import FILE_FORMATS, review_to_files, supported_files
from reviewer.renderers.diff import ReportDocument, baseline_text, diff_command, json_with_baseline, load_report
from reviewer.renderers.json_report import render_json
from reviewer.renderers.markdown import render_markdown
from reviewer.renderers.text import print_text
from reviewer.llm.cache import ResponseCache
from reviewer.llm.cache import describe as describe_cache
from reviewer.llm.codes import ALL_CODES as LLM_JUDGMENT_CODES
from reviewer.llm.settings import LLMSettings
from reviewer.review import llm_settings, review_document, rules_context
from reviewer.rules import REGISTRY
from reviewer.rules.cases import load_cases
from reviewer.rules.docs import rule_documentation

EXIT_INPUT_ERROR = 2

app = typer.Typer(
    name="reviewer",
    help="审查预算绩效目标（部门整体绩效目标、项目支出绩效目标表）：定位问题、给出修改建议、汇总评级。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """审查预算绩效目标（部门整体绩效目标、项目支出绩效目标表）。"""


class OutputFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


# --- shared helpers ----------------------------------------------------------------------------------
def error_line(source: str, error: ReviewerError) -> str:
    where = [source]
    if error.project:
        where.append(error.project)
    if error.row is not None:
        where.append(f"第{error.row}行")
    return f"reviewer: {': '.join(where)}: {error.reason}"


@dataclass
class Batch:
    """The documents that could be read, and one error per file that could not."""

    documents: list[Document] = field(default_factory=list)
    errors: list[tuple[str, ReviewerError]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_INPUT_ERROR if self.errors else 0

    def errors_json(self) -> list[dict[str, str]]:
        return [{"source": source, "error": error.reason} for source, error in self.errors]


def read_many(files: list[Path]) -> Batch:
    """Read every file; a bad one is reported on stderr at once and does not stop the others."""
    batch = Batch()
    for path in files:
        try:
            batch.documents.append(read_document(path))
        except ReviewerError as error:
            batch.errors.append((str(path), error))
            typer.echo(error_line(str(path), error), err=True)
    return batch


def write_utf8(text: str) -> None:
    """Text on stdout as UTF-8 whatever the locale: evaluation scripts parse the JSON."""
    sys.stdout.flush()
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.buffer.flush()


def text_console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


# --- commands ----------------------------------------------------------------------------------------
Files = Annotated[list[Path], typer.Argument(help="待读取的文件（.txt / .docx / .xlsx），可多个", show_default=False)]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式", case_sensitive=False)]


@app.command()
def parse(files: Files, output_format: FormatOption = OutputFormat.JSON) -> None:
    """读取文件并输出解析结果（项目、指标、金额、支出计划），不做审查。"""
    batch = read_many(files)
    if output_format is OutputFormat.JSON:
        payload = {
            "documents": [document.model_dump(mode="json") for document in batch.documents],
            "errors": batch.errors_json(),
        }
        write_utf8(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from reviewer.renderers.parsed import render_document

        console = text_console()
        for document in batch.documents:
            render_document(document, console)
    raise typer.Exit(batch.exit_code)


class ReviewFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"
    XLSX = "xlsx"
    DOCX = "docx"


EXIT_FINDINGS = 1
Codes = Annotated[str | None, typer.Option(help="逗号分隔的规则代码或前缀，如 VAL,CLS001", show_default=False)]


def _codes(text: str | None) -> list[str]:
    return [code.strip().upper() for code in (text or "").split(",") if code.strip()]


def load_settings(config_path: Path | None, select: str | None, ignore: str | None) -> Config:
    """reviewer.toml (or --config) with the command line's selection on top; a bad config exits 2."""
    try:
        config = load_config(config_path)
        GradingPolicy.from_config(config.grading)  # a bad [grading] table fails here, before any work
    except ReviewerError as error:
        typer.echo(f"reviewer: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from error
    if select is not None:
        config.rules.select = _codes(select)
    if ignore is not None:
        config.rules.ignore = [*config.rules.ignore, *_codes(ignore)]
    known = [*REGISTRY, *LLM_JUDGMENT_CODES]
    unknown = [c for c in [*config.rules.select, *config.rules.ignore] if not any(r.startswith(c) for r in known)]
    if unknown:
        typer.echo(f"reviewer: 未知的规则代码: {', '.join(unknown)}（用 reviewer rules 查看全部规则）", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    return config


@app.command()
def review(
    files: Files,
    output_format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="输出格式", case_sensitive=False)] = ReviewFormat.TEXT,
    llm: Annotated[bool, typer.Option("--llm/--no-llm", help="是否运行大模型研判（需配置端点）")] = True,
    select: Codes = None,
    ignore: Codes = None,
    config_path: Annotated[Path | None, typer.Option("--config", help="配置文件（默认读取当前目录的 reviewer.toml）")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="报告目录：每个文档一套报告（html/md/xlsx/docx/json）及汇总 index.html", show_default=False)] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="上次审核的 JSON 报告：列出已修改/仍存在/新出现的问题", show_default=False)] = None,
    base_url: Annotated[str | None, typer.Option("--base-url", help="OpenAI 兼容的模型接口地址（覆盖 reviewer.toml 与环境变量）", show_default=False)] = None,
    model: Annotated[str | None, typer.Option("--model", help="模型名称", show_default=False)] = None,
    cache_path: Annotated[Path | None, typer.Option("--cache", help="模型回答缓存文件（默认在用户缓存目录）", show_default=False)] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="不读写模型回答缓存")] = False,
    redact: Annotated[bool, typer.Option("--redact", help="发送给模型前遮蔽姓名、身份证号、电话号码，报告中还原")] = False,
) -> None:
    """审查绩效目标：规则检查（及可选的大模型研判），输出问题清单、修改建议和评级。

    FILES 可以是文件或目录（目录中的 .txt/.docx/.xlsx 全部审核）。html/xlsx/docx 格式写文件（--out 目录，默认当前目录）。
    退出码：0 无错误级问题；1 有错误级问题；2 输入或配置有误。
    """
    config = load_settings(config_path, select, ignore)
    old = read_baseline(baseline)
    ctx = rules_context(config)
    llm_config = resolve_llm(config, llm, base_url, model, cache_path, no_cache, redact)

    def review_one(document: Document) -> DocumentReview:
        return review_document(document, config, ctx, llm=llm_config)

    if out is not None or output_format in FILE_FORMATS:
        raise typer.Exit(review_to_files(files, out, output_format, lambda path: review_one(read_document(path)), baseline=old))
    batch = read_many(supported_files(files))
    reviews = [review_one(document) for document in batch.documents]
    if output_format is ReviewFormat.JSON:
        payload = render_json(reviews, batch.errors_json())
        if old is not None:
            payload = json_with_baseline(payload, old, reviews)
        write_utf8(payload)
    elif output_format is ReviewFormat.MARKDOWN:
        typer.echo(render_markdown(reviews))
    else:
        print_text(reviews, text_console())
    if old is not None and output_format is not ReviewFormat.JSON:
        typer.echo(baseline_text(old, reviews, output_format))
    if batch.errors:
        raise typer.Exit(EXIT_INPUT_ERROR)
    has_errors = any(f.severity is Severity.ERROR for r in reviews for f in r.findings)
    raise typer.Exit(EXIT_FINDINGS if has_errors else 0)


def resolve_llm(config: Config, enabled: bool, base_url: str | None, model: str | None, cache_path: Path | None,
                no_cache: bool, redact: bool) -> LLMSettings:
    """[llm] settings with the flags on top; says once on stderr when the stage will be skipped."""
    overrides = {"enabled": enabled, "base_url": base_url, "model": model, "cache_path": cache_path,
                 "cache": False if no_cache else None, "redact": True if redact else None}
    try:
        settings = llm_settings(config, overrides)
    except ReviewerError as error:
        typer.echo(f"reviewer: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from error
    if settings.enabled and not settings.active:
        typer.echo(f"reviewer: {settings.skip_reason()}", err=True)
    return settings


def read_baseline(path: Path | None) -> list[ReportDocument] | None:
    """--baseline: a JSON report of an earlier review; a bad one exits 2 before any work is done."""
    if path is None:
        return None
    try:
        return load_report(path)
    except ReviewerError as error:
        typer.echo(f"reviewer: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from error


class DiffFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


@app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(help="第一次提交的审核结果（reviewer review --format json）")],
    new: Annotated[Path, typer.Argument(help="再次提交的审核结果")],
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式", case_sensitive=False)] = DiffFormat.TEXT,
) -> None:
    """复审对比：列出已修改、仍存在、新出现的问题。

    退出码：0 无新问题且无仍存在的错误级问题；1 否则；2 输入有误。
    """
    try:
        text, code = diff_command(old, new, output_format)
    except ReviewerError as error:
        typer.echo(f"reviewer: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from error
    typer.echo(text.rstrip("\n"))
    raise typer.Exit(code)


@app.command("rules")
def list_rules() -> None:
    """列出全部规则：代码、名称、问题类型、严重程度、说明。"""
    for rule in REGISTRY.values():
        typer.echo(f"{rule.code}  {rule.name:<32} {rule.kind.value:<22} {rule.severity.value:<8} {rule.title}")


@app.command("rule")
def show_rule(code: Annotated[str, typer.Argument(help="规则代码，如 VAL001")]) -> None:
    """显示一条规则的完整说明及正反示例。"""
    rule = REGISTRY.get(code.strip().upper())
    if rule is None:
        typer.echo(f"reviewer: 没有规则 {code}（用 reviewer rules 查看全部规则）", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR)
    typer.echo(rule_documentation(rule, load_cases().get(rule.code)))


cache_app = typer.Typer(help="模型回答缓存：查看统计或清空。", no_args_is_help=True)
app.add_typer(cache_app, name="cache")
CacheOption = Annotated[Path | None, typer.Option("--cache", help="缓存文件（默认按 reviewer.toml / 环境变量 / 用户缓存目录）", show_default=False)]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="配置文件（默认读取当前目录的 reviewer.toml）", show_default=False)]


def open_cache(cache_path: Path | None, config_path: Path | None) -> ResponseCache:
    try:
        settings = llm_settings(load_config(config_path), {"cache_path": cache_path})
        return ResponseCache(settings.resolved_cache_path())
    except ReviewerError as error:
        typer.echo(f"reviewer: {error}", err=True)
        raise typer.Exit(EXIT_INPUT_ERROR) from error


@cache_app.command("stats")
def cache_stats(cache_path: CacheOption = None, config_path: ConfigOption = None) -> None:
    """显示缓存文件位置、条目数和大小。"""
    with open_cache(cache_path, config_path) as cache:
        typer.echo(describe_cache(cache.stats()))


@cache_app.command("clear")
def cache_clear(cache_path: CacheOption = None, config_path: ConfigOption = None) -> None:
    """清空缓存（下次审核会重新调用模型）。"""
    with open_cache(cache_path, config_path) as cache:
        removed = cache.clear()
        typer.echo(f"已清空缓存 {cache.path}：删除 {removed} 条")
