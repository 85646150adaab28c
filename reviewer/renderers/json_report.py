"""JSON report: `reviewer parse`'s output extended with findings, grades and LLM results.

The keys documents[].source, .projects[].name, .projects[].indicators[].row/.name/.value and
documents[].findings[].kind/.project/.row/.rule/.severity/.source/.message/.suggestion are a contract:
evaluation scripts (shared/eval/score.py) read them.
"""

from __future__ import annotations

import json
from typing import Any

from reviewer.results import DocumentReview


def document_json(review: DocumentReview) -> dict[str, Any]:
    data = review.document.model_dump(mode="json")
    for project, project_review in zip(data["projects"], review.projects, strict=True):
        project["grade"] = project_review.grade
        project["grade_reasons"] = project_review.reasons
        project["llm"] = project_review.llm.model_dump(mode="json") if project_review.llm else None
    data["findings"] = [finding.model_dump(mode="json") for finding in review.findings]
    data["grade"] = review.grade
    data["grade_reasons"] = review.grade_reasons
    data["accepted_findings"] = review.accepted
    data["notes"] = review.notes
    data["opinion"] = review.opinion
    data["department_llm"] = review.department_llm.model_dump(mode="json") if review.department_llm else None
    data["stats"] = {
        "rules_seconds": round(review.rules_seconds, 4),
        "llm": review.llm_stats.model_dump(mode="json") if review.llm_stats else None,
    }
    return data


def render_json(reviews: list[DocumentReview], errors: list[dict[str, str]] | None = None) -> str:
    payload = {"documents": [document_json(r) for r in reviews], "errors": errors or []}
    return json.dumps(payload, ensure_ascii=False, indent=2)
