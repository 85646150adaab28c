"""Batch review: a report set per document, an index ranking them, a bad file listed without stopping
the batch, documents reviewed concurrently; and `reviewer review DIR --out` on the seeds."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

from render_fixtures import sample_review
from typer.testing import CliRunner

from reviewer.cli import app
from reviewer.errors import InputError
from reviewer.grading import grade_review
from reviewer.renderers.batch import SUFFIXES, run_batch, supported_files

runner = CliRunner()


def _fake_review(delay: float = 0.0, fail: str | None = None):
    """A review function that returns the hand-built review (graded), optionally slow or failing."""
    active = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def review(path: Path):
        if fail and fail in path.name:
            raise InputError("文件已损坏或不是有效的Word文档", file=str(path))
        with lock:
            active["now"] += 1
            active["peak"] = max(active["peak"], active["now"])
        time.sleep(delay)
        with lock:
            active["now"] -= 1
        result = sample_review()
        grade_review(result)
        return result

    review.active = active  # type: ignore[attr-defined]
    return review


def _inputs(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    return folder


def test_supported_files_skip_lock_hidden_and_other_files(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", ["a.txt", "b.DOCX", "c.xlsx", "~$b.docx", ".hidden.txt", "notes.pdf"])
    (folder / "sub").mkdir()
    (folder / "sub" / "d.txt").write_text("x")
    assert [p.name for p in supported_files([folder])] == ["a.txt", "b.DOCX", "c.xlsx", "d.txt"]
    assert supported_files([folder / "notes.pdf"]) == [folder / "notes.pdf"]  # named files are tried as given


def test_batch_writes_a_report_set_per_document_and_an_index(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", ["one.txt", "two.txt", "one.xlsx", "bad.docx"])
    out = tmp_path / "out"
    result = run_batch([folder], out, _fake_review(fail="bad"))
    assert [i.source.name for i in result.failed] == ["bad.docx"]
    assert "文件已损坏" in result.failed[0].error
    assert result.exit_code == 2
    stems = {i.stem for i in result.reviewed}
    assert stems == {"one", "one_xlsx", "two"}
    for stem in stems:
        for fmt in ("html", "markdown", "xlsx", "docx", "json"):
            assert (out / f"{stem}{SUFFIXES[fmt]}").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr class="document-row">') == 3
    assert '<tr class="error-row">' in index and "bad.docx" in index
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [e["source"] for e in data["errors"]] == [str(folder / "bad.docx")]
    assert len(data["documents"]) == 3 and data["documents"][0]["grade"] == "中"


def test_index_ranks_worst_first(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", ["good.txt", "poor.txt"])

    def review(path: Path):
        result = sample_review()
        if path.stem == "good":
            result.findings = []
        grade_review(result)
        return result

    result = run_batch([folder], tmp_path / "out", review)
    assert [i.source.name for i in result.reviewed] == ["poor.txt", "good.txt"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.index("poor.txt") < index.index("good.txt")


def test_documents_are_reviewed_concurrently(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", [f"d{i}.txt" for i in range(4)])
    review = _fake_review(delay=0.5)
    run_batch([folder], tmp_path / "out", review, workers=4, formats=("json",))
    assert review.active["peak"] >= 2


def test_no_supported_file_is_an_input_error(tmp_path: Path) -> None:
    folder = _inputs(tmp_path / "in", ["notes.pdf"])
    try:
        run_batch([folder], tmp_path / "out", _fake_review())
    except InputError as error:
        assert "没有找到可审核的文件" in str(error)
    else:
        raise AssertionError("an empty batch must be an error")


def test_cli_reviews_the_seed_directory(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.docx").write_bytes(b"not a word file")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(folder), "--out", str(out), "--no-llm"])
    assert result.exit_code == 2, result.stderr  # the broken file; the seeds are all reviewed
    assert "broken.docx" in result.stderr
    for seed in sorted(seeds_dir.glob("*.txt")):
        for fmt in ("html", "markdown", "xlsx", "docx", "json"):
            assert (out / f"{seed.stem}{SUFFIXES[fmt]}").is_file(), (seed.name, fmt)
        report = json.loads((out / f"{seed.stem}.json").read_text(encoding="utf-8"))
        assert report["documents"][0]["grade"] in {"优", "良", "中", "差"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr class="document-row">') == 5


def test_cli_file_format_without_out_writes_to_the_working_directory(tmp_path: Path, seeds_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    seed = seeds_dir / "000_89e405313b3c43ac.txt"
    result = runner.invoke(app, ["review", str(seed), "--format", "xlsx", "--no-llm"])
    assert result.exit_code in (0, 1), result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [f"{seed.stem}.修改清单.xlsx"]


def test_an_unwritable_output_is_reported_on_its_file(tmp_path: Path, seeds_dir: Path) -> None:
    from reviewer.config import Config
    from reviewer.readers import read_document
    from reviewer.renderers.batch import run_batch
    from reviewer.review import review_document

    out = tmp_path / "reports"
    out.mkdir()
    (out / "000_89e405313b3c43ac.html").mkdir()  # a directory where the report file must go
    result = run_batch([seeds_dir / "000_89e405313b3c43ac.txt"], out, lambda p: review_document(read_document(p), Config()))
    [item] = result.items
    assert item.error is not None and item.error.startswith("无法写入报告")
