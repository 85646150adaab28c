"""Snapshot comparison: a renderer's output against tests/snapshots/<name>.

Run with REVIEWER_UPDATE_SNAPSHOTS=1 to (re)write the snapshots after an intended change, then read the
diff before keeping it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("REVIEWER_UPDATE_SNAPSHOTS") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"snapshot {name} missing: run with REVIEWER_UPDATE_SNAPSHOTS=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "snapshot", "actual"))
        raise AssertionError(f"{name} differs from its snapshot:\n{diff}")
