"""Review one document: rules, then (optionally) the LLM stage, then grades. Renderers read the result."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

from reviewer.config import Config
from reviewer.grading import GradingPolicy, grade_review
from reviewer.lexicon import Lexicon
from reviewer.llm.settings import LLMSettings, resolve_settings
from reviewer.model import Document
from reviewer.results import DocumentReview, ProjectReview
from reviewer.rules import Context, check_document, make_context


def rules_context(config: Config) -> Context:
    """Load word lists once per run, not per document."""
    return make_context(config.rules, Lexicon.load(config.lexicon))


def review_rules(document: Document, config: Config, ctx: Context | None = None) -> DocumentReview:
    """The rules-only review: findings (minus those the config accepts), one ProjectReview per project."""
    started = time.perf_counter()
    ctx = ctx or rules_context(config)
    findings = check_document(document, config.rules, ctx)
    kept = [f for f in findings if not config.accepted(f)]
    return DocumentReview(
        document=document,
        findings=kept,
        projects=[ProjectReview(name=p.name, index=i) for i, p in enumerate(document.projects)],
        accepted=len(findings) - len(kept),
        rules_seconds=time.perf_counter() - started,
    )


def review_document(
    document: Document,
    config: Config,
    ctx: Context | None = None,
    llm: LLMSettings | None = None,
    *,
    show_progress: bool | None = None,
) -> DocumentReview:
    """Rules, then the LLM stage when settings are given (it adds to the review in place), then grades."""
    review = review_rules(document, config, ctx)
    if llm is not None:
        apply_llm(review, config, llm, ctx, show_progress=show_progress)
    grade_review(review, GradingPolicy.from_config(config.grading))
    return review


def llm_settings(config: Config, overrides: Mapping[str, Any] | None = None) -> LLMSettings:
    """[llm] of reviewer.toml, then REVIEWER_LLM_* environment variables, then command-line overrides."""
    return resolve_settings(config.llm, os.environ, overrides)


def apply_llm(
    review: DocumentReview,
    config: Config,
    settings: LLMSettings | None = None,
    ctx: Context | None = None,
    *,
    show_progress: bool | None = None,
) -> DocumentReview:
    """Add the LLM stage to a rules review, in place: findings with source "llm", rewrites, stats.

    Never removes a rule finding. Without an endpoint (or with --no-llm) only a note is added. A failing
    endpoint or answer fails its project alone; the note names it and its rule findings stay.
    """
    settings = settings or llm_settings(config)
    skipped = settings.skip_reason()
    if skipped is not None:
        review.notes.append(skipped)
        return review
    from reviewer.llm.stage import run_llm_stage  # openai/instructor load only when the stage runs

    outcome = run_llm_stage(
        review, settings, config.rules, ctx or rules_context(config), accepted=config.accepted,
        show_progress=show_progress,
    )
    for index, result in outcome.projects.items():
        review.projects[index].llm = result
    review.department_llm = outcome.department
    review.findings.extend(outcome.findings)
    review.opinion = outcome.opinion
    review.notes.extend(outcome.notes)
    review.llm_stats = outcome.stats
    return review
