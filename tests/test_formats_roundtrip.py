"""Every seed written out as .docx, form .xlsx and flat .xlsx parses to the same model as its .txt.

The .txt seeds are Word documents saved as text; tests/writers.py lays their parsed model back into
real Word tables (gridSpan / vMerge merges), sheets with merged ranges, and three flat-export styles.
Reading those files through reviewer.readers.read_document must give the same projects and indicators.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import pytest
from writers import FlatStyle, write_flat_xlsx, write_form_docx, write_form_xlsx

from reviewer.model import Document, Project
from reviewer.readers import read_document

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))


class Variant(StrEnum):
    DOCX = "form.docx"
    FORM_XLSX = "form.xlsx"
    FLAT_EVERY_ROW = "flat_every_row.xlsx"
    FLAT_FIRST_ROW = "flat_first_row.xlsx"
    FLAT_SPLIT_VALUE = "flat_split_value.xlsx"


_WRITERS: dict[Variant, Callable[[Document, Path], Path]] = {
    Variant.DOCX: write_form_docx,
    Variant.FORM_XLSX: write_form_xlsx,
    Variant.FLAT_EVERY_ROW: lambda document, path: write_flat_xlsx(document, path, FlatStyle.EVERY_ROW),
    Variant.FLAT_FIRST_ROW: lambda document, path: write_flat_xlsx(document, path, FlatStyle.FIRST_ROW),
    Variant.FLAT_SPLIT_VALUE: lambda document, path: write_flat_xlsx(document, path, FlatStyle.SPLIT_VALUE),
}

Converted = dict[tuple[str, Variant], tuple[Document, Document]]


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """(seed, variant) -> (the .txt parsed, the written file parsed); files are built once per session."""
    folder = tmp_path_factory.mktemp("formats")
    pairs: Converted = {}
    for seed in SEEDS:
        original = read_document(SEEDS_DIR / seed)
        for variant, write in _WRITERS.items():
            path = write(original, folder / f"{Path(seed).stem}.{variant.value}")
            pairs[(seed, variant)] = (original, read_document(path))
    return pairs


def _lines(text: str) -> str:
    # Word drops spaces at the end of a paragraph; the .txt export keeps them. Not content either way.
    return "\n".join(line.strip() for line in text.split("\n"))


def project_fields(project: Project) -> dict[str, object]:
    plan = project.spending_plan.percents if project.spending_plan is not None else [None] * 4
    return {
        "name": project.name,
        "code": project.code,
        "budget": project.budget,
        "fiscal": project.fiscal,
        "other": project.other,
        "plan": plan,
        "goal": _lines(project.goal),
    }


def indicator_fields(project: Project) -> list[tuple[object, ...]]:
    return [
        (row.row, row.level1, row.level2, row.name, row.description, row.value, row.basis)
        for row in project.indicators
    ]


CASES = [pytest.param(seed, variant, id=f"{seed[:3]}-{variant.value}") for seed in SEEDS for variant in Variant]


@pytest.mark.parametrize(("seed", "variant"), CASES)
def test_same_projects(converted: Converted, seed: str, variant: Variant) -> None:
    original, other = converted[(seed, variant)]
    assert [project_fields(p) for p in other.projects] == [project_fields(p) for p in original.projects]


@pytest.mark.parametrize(("seed", "variant"), CASES)
def test_same_indicators(converted: Converted, seed: str, variant: Variant) -> None:
    original, other = converted[(seed, variant)]
    assert original.projects, "the seed parsed to no projects"
    assert sum(len(p.indicators) for p in original.projects) > 0
    for before, after in zip(original.projects, other.projects, strict=True):
        assert indicator_fields(after) == indicator_fields(before), before.name


TEMPLATE_CASES = [
    pytest.param(seed, variant, id=f"{seed[:3]}-{variant.value}") for seed in SEEDS for variant in Variant
]


@pytest.mark.parametrize(("seed", "variant"), TEMPLATE_CASES)
def test_same_template_rows(converted: Converted, seed: str, variant: Variant) -> None:
    original, other = converted[(seed, variant)]
    for before, after in zip(original.projects, other.projects, strict=True):
        assert [(t.level1, t.level2) for t in after.template_rows] == [
            (t.level1, t.level2) for t in before.template_rows
        ], before.name


@pytest.mark.parametrize("seed", SEEDS, ids=[seed[:3] for seed in SEEDS])
def test_docx_keeps_the_department_part(converted: Converted, seed: str) -> None:
    original, other = converted[(seed, Variant.DOCX)]
    assert other.year == original.year
    if original.department is None:
        assert other.department is None
        return
    assert other.department is not None
    assert other.department.overall_items == original.department.overall_items
    assert other.department.safeguards == original.department.safeguards
    assert [item.model_dump(exclude={"location"}) for item in other.department.items] == [
        item.model_dump(exclude={"location"}) for item in original.department.items
    ]


def test_every_seed_is_covered() -> None:
    if not SEEDS_DIR.exists():
        pytest.skip(f"{SEEDS_DIR} is not available in this checkout")
    assert len(SEEDS) >= 5, f"expected the five seeds under {SEEDS_DIR}"
