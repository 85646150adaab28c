"""`reviewer parse`: JSON contract, text view, and one stderr line (exit 2) per bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reviewer.cli import app

runner = CliRunner()

GOOD = "\n".join([
    "1.社区矫正专项绩效目标表",
    "\t项目编码\n\tP001\n\t项目名称\n\t社区矫正专项\n",
    "\t一级指标\n\t二级指标\n\t三级指标\n\t绩效指标描述\n\t指标值\n\t指标值确定依据\n",
    "\t产出指标\n\t数量指标\n\t矫正人数\n\t在册人数\n\t≥20人\n\t上年数据\n",
])


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_json_output_is_the_document_model(good_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(good_file)])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    [document] = report["documents"]
    assert {"source", "unit", "year", "department", "projects"} <= document.keys()
    [project] = document["projects"]
    assert {"name", "code", "budget", "fiscal", "other", "purpose", "spending_plan", "goal", "goal_items",
            "indicators"} <= project.keys()
    assert (project["name"], project["code"]) == ("社区矫正专项", "P001")
    [indicator] = project["indicators"]
    assert {"row", "level1", "level2", "name", "description", "value", "basis", "parsed", "location"} <= indicator.keys()
    assert (indicator["row"], indicator["name"], indicator["value"]) == (1, "矫正人数", "≥20人")
    assert indicator["parsed"]["number"] == 20
    assert indicator["location"]["file"] == str(good_file)


def test_json_on_all_seeds(seed_paths: list[Path]) -> None:
    result = runner.invoke(app, ["parse", *map(str, seed_paths)])
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)["documents"]
    assert [len(d["projects"]) for d in documents] == [3, 11, 14, 11, 34]


def test_text_output(good_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(good_file), "--format", "text"])
    assert result.exit_code == 0, result.stderr
    assert "社区矫正专项" in result.stdout and "矫正人数" in result.stdout and "≥20人" in result.stdout
    assert "P001" in result.stdout


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    no_table = tmp_path / "notes.txt"
    no_table.write_text("2023年工作总结\n\n\t项目名称\n\t甲\n", encoding="utf-8")
    empty_table = tmp_path / "empty_table.txt"
    empty_table.write_text("\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n", encoding="utf-8")
    unsupported = tmp_path / "draft.pdf"
    unsupported.write_bytes(b"%PDF-1.4")
    return {
        "missing": (tmp_path / "missing.txt", "文件不存在"),
        "directory": (tmp_path, "是目录"),
        "unsupported": (unsupported, "不支持的文件类型"),
        "binary": (junk, "编码无法识别"),
        "no_table": (no_table, "未找到绩效指标表"),
        "empty_table": (empty_table, "绩效指标表为空"),
    }


@pytest.mark.parametrize(("suffix", "advice"), [(".doc", "另存为 .docx"), (".xls", "另存为 .xlsx"), (".wps", "另存为 .docx")])
def test_legacy_office_files_say_how_to_convert(tmp_path: Path, suffix: str, advice: str) -> None:
    path = tmp_path / f"draft{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2 and advice in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("case", ["missing", "directory", "unsupported", "binary", "no_table", "empty_table"])
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    path, reason = _bad_inputs(tmp_path)[case]
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"reviewer: {path}: ") and reason in lines[0]
    assert "Traceback" not in result.output
    assert json.loads(result.stdout)["errors"] == [{"source": str(path), "error": lines[0].split(": ", 2)[2]}]


def test_good_files_are_still_printed_when_others_fail(tmp_path: Path, good_file: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["parse", str(missing), str(good_file)])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [d["source"] for d in report["documents"]] == [str(good_file)]
    assert [e["source"] for e in report["errors"]] == [str(missing)]
    text = runner.invoke(app, ["parse", str(good_file), str(missing), "--format", "text"])
    assert text.exit_code == 2 and "社区矫正专项" in text.stdout


def test_console_script_writes_utf8_json_under_a_c_locale(good_file: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    script = Path(sys.executable).with_name("reviewer")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from reviewer.cli import app; app()"]
    done = subprocess.run([*command, "parse", str(good_file)], capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert json.loads(done.stdout.decode("utf-8"))["documents"][0]["projects"][0]["name"] == "社区矫正专项"
