"""HTML report: self-contained, escaped, the officials' summary first, the five-part layout per project;
and seed 002 rendered in headless Chromium (no console errors, not blank, 14 projects in the summary)."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape
from render_fixtures import ROAD, finding, sample_review

from reviewer.config import Config
from reviewer.findings import Kind, Severity
from reviewer.grading import grade_review
from reviewer.readers import read_document
from reviewer.renderers.html import render_html
from reviewer.review import review_rules
from reviewer.rules.registry import REGISTRY

SEED_002 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "002_dfc48b6464bdf355.txt"
TODAY = date(2025, 1, 2)


def _review():
    review = sample_review()
    grade_review(review)
    return review


def test_report_is_self_contained() -> None:
    html = render_html(_review(), TODAY)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert not re.search(r"""\ssrc\s*=""", html)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert "<svg" in html and "@page { size: A4" in html


def test_summary_comes_before_projects_worst_first() -> None:
    html = render_html(_review(), TODAY)
    summary = html[html.index('id="summary"') : html.index("项目审核意见</h2>")]
    assert "文档审核等级：中" in summary
    rows = re.findall(r'<tr class="project-row">.*?<a href="#project-\d+">(.*?)</a>', summary, re.S)
    assert rows == ["乡村道路养护经费", "业务培训经费", "档案数字化经费"]
    assert summary.count('<rect class="bar"') == 9  # nine kinds in the fixture


def test_each_project_in_the_five_part_layout() -> None:
    html = render_html(_review(), TODAY)
    for number in (1, 2, 3):
        start = html.index(f'id="project-{number}"')
        end = html.index("</section>", start)
        section = html[start:end]
        positions = [section.index(title) for title in ("一、总体目标", "二、产出指标", "三、效益指标", "四、满意度指标", "五、需补充完善事项")]
        assert positions == sorted(positions)


def test_problem_shows_row_cells_message_basis_and_suggestion() -> None:
    rule = next(iter(REGISTRY.values()))
    review = _review()
    review.findings.append(finding(rule.code, rule.kind, Severity.ERROR, ROAD, 1, "规则消息示例", "规则建议示例"))
    html = render_html(review, TODAY)
    road = html[html.index('id="project-1"') : html.index('id="project-2"')]
    row = road[road.index("第1行") :]
    assert "养护道路里程" in row[:600] and "≥120公里" in row[:600]
    assert "规则消息示例" in row and "规则建议示例" in row
    assert str(escape(rule.basis)) in row


def test_llm_output_is_marked_as_such() -> None:
    html = render_html(_review(), TODAY)
    assert "大模型改写建议</span>效益指标/社会效益指标/道路优良率" in html
    assert "建议改写未通过校验：指标方向错误" in html
    assert "大模型改写的绩效目标</span>2025年12月底前" in html
    assert "大模型建议补充指标</span>效益指标/可持续影响指标/道路使用年限" in html
    assert "大模型审核失败：请求超时" in html
    department = html[html.index('id="department"') : html.index("项目审核意见</h2>")]
    assert "大模型改写的总体绩效目标</span>2025年完成乡村道路养护120公里" in department
    assert "建议改写未通过校验：缺少时限" in department
    assert "大模型审核说明</span>第9行不存在" in html


def test_document_text_is_escaped() -> None:
    review = _review()
    review.findings.append(finding("X", Kind.PLACEHOLDER, Severity.WARNING, ROAD, 4, "<script>alert(1)</script>", "<b>x</b>"))
    html = render_html(review, TODAY)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- headless Chromium -------------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def _chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI installs Debian's chromium package)")
        pytest.skip("chromium is not installed: apt-get install -y chromium")
    return binary


def _run(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def console_messages(stderr: str) -> list[str]:
    """Page console output as Chromium logs it with --enable-logging=stderr."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB(A) non-interlaced PNG (what Chromium writes) into rows of pixel bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if tag == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            up = previous[x]
            corner = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
        previous = line
    return width, height, rows


def test_console_detection_catches_a_broken_page(tmp_path: Path) -> None:
    """The console check below means something: a page that errors is caught."""
    binary = _chromium()
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>console.error('boom'); missingFunction();</script></body></html>")
    result = _run(binary, tmp_path / "profile", "--dump-dom", page.as_uri())
    messages = console_messages(result.stderr)
    assert any("boom" in m for m in messages) and any("missingFunction" in m for m in messages)


def test_seed_002_report_in_headless_chromium(tmp_path: Path) -> None:
    binary = _chromium()
    review = review_rules(read_document(SEED_002), Config())
    grade_review(review)
    page = tmp_path / "002.html"
    page.write_text(render_html(review), encoding="utf-8")

    dom = _run(binary, tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert console_messages(dom.stderr) == []
    table = dom.stdout[dom.stdout.index('id="project-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('<tr class="project-row">') == 14
    assert len(review.document.projects) == 14

    shot = tmp_path / "002.png"
    result = _run(binary, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri())
    assert console_messages(result.stderr) == []
    ink, colours = _ink(shot, (1000, 1400))
    assert ink > 0.02, "the screenshot is (nearly) blank"
    assert colours > 8, "the screenshot has almost no distinct colours"  # 27 even with no font installed


def _ink(shot: Path, size: tuple[int, int]) -> tuple[float, int]:
    """Share of non-white pixels and number of distinct colours, sampled on a 4-pixel grid."""
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == size
    pixels = [row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12)]
    return sum(1 for p in pixels if p != b"\xff\xff\xff") / len(pixels), len(set(pixels))


def test_blank_page_check_catches_a_blank_page(tmp_path: Path) -> None:
    binary = _chromium()
    page = tmp_path / "blank.html"
    page.write_text("<html><body></body></html>")
    shot = tmp_path / "blank.png"
    _run(binary, tmp_path / "profile", f"--screenshot={shot}", "--window-size=300,200", page.as_uri())
    assert _ink(shot, (300, 200)) == (0.0, 1)
