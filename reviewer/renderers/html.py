"""HTML report: one self-contained file (inline CSS and SVG, no script, no external resource),
printable on A4. The officials' summary comes first, then one section per project in the five-part layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reviewer.findings import Severity
from reviewer.grading import GRADE_MEANINGS
from reviewer.renderers.view import (
    LLM_STATUS_LABELS,
    SMART_LABELS,
    ReportView,
    basis_of,
    build_view,
    department_llm_lines,
    kind_label,
    rewrite_text,
    severity_label,
)
from reviewer.results import DocumentReview, Grade

GRADE_CLASSES: dict[Grade, str] = {Grade.EXCELLENT: "g-a", Grade.GOOD: "g-b", Grade.FAIR: "g-c", Grade.POOR: "g-d"}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart laid out here so the template only draws rectangles."""

    bars: list[Bar]
    height: int
    label_width: int = 130
    bar_area: int = 420
    bar_height: int = 18
    gap: int = 8


def kind_chart(view: ReportView) -> Chart:
    counts = view.kind_counts
    top = max((n for _, n in counts), default=1)
    chart = Chart(bars=[], height=0)
    step = chart.bar_height + chart.gap
    bars = [
        Bar(label=kind_label(kind), count=n, y=i * step + 4, width=round(chart.bar_area * n / top, 1))
        for i, (kind, n) in enumerate(counts)
    ]
    return Chart(bars=bars, height=len(bars) * step + 8)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reviewer", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        kind_label=kind_label,
        severity_label=severity_label,
        basis_of=basis_of,
        rewrite_text=rewrite_text,
        department_llm_lines=department_llm_lines,
        grade_class=lambda grade: GRADE_CLASSES.get(grade, "g-none") if grade else "g-none",
        LLM_STATUS_LABELS=LLM_STATUS_LABELS,
        SMART_LABELS=SMART_LABELS,
        GRADE_MEANINGS=GRADE_MEANINGS,
        Severity=Severity,
    )
    return env


def render_html(review: DocumentReview, today: date | None = None) -> str:
    view = build_view(review)
    template = environment().get_template("report.html.j2")
    return template.render(view=view, review=review, chart=kind_chart(view), today=(today or date.today()).isoformat())
