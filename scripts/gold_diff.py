"""Developer tool: where do the rules disagree with the seeds' expert labels, and why?

    .venv/bin/python scripts/gold_diff.py [--kind KIND] [--from-gold] [--show fp|fn|both] [--limit N]
    .venv/bin/python scripts/gold_diff.py --gold tests/fixtures/eval_third/gold.jsonl tests/fixtures/eval_third/*.*

Reviews the seed documents (or the given files against the given labels) (by default read with the real readers; with --from-gold the documents are
rebuilt from the label file itself, to work on rules without depending on the readers), compares every
(project, row, kind) with ../shared/eval/gold_seeds.jsonl, and prints per-kind counts followed by the
false positives and false negatives with the row's cells and the expert's reason. It never changes the
rules: it tells a developer which principle a rule gets wrong.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from reviewer.model import Document, Indicator, Location, Project, SpendingPlan
from reviewer.rules import check_document
from reviewer.values import parse_value

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "eval" / "gold_seeds.jsonl"


def norm(text: object) -> str:
    text = re.sub(r"\[bookmark:[^\]]*\]", "", str(text or ""))
    return re.sub(r"[\s\u3000\]\[【】()（）]", "", text)


def doc_key(source: str) -> str:
    """The scorer's document key: "000" for "000_89e4….txt", else the file's stem."""
    name = Path(source).name
    return name.split("_")[0] if re.match(r"^\d+_", name) else Path(name).stem


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _amount(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def documents_from_gold(gold: list[dict]) -> list[Document]:
    docs: dict[str, Document] = {}
    projects: dict[tuple[str, str], Project] = {}
    for g in gold:
        doc = docs.setdefault(g["doc"], Document(source=g["doc"]))
        key = (g["doc"], g["project"])
        if g["row"] is None:
            plan = g.get("plan")
            project = Project(
                name=g["project"],
                budget=_amount(g.get("budget")),
                fiscal=_amount(g.get("fiscal")),
                other=_amount(g.get("other")),
                amounts_stated=g.get("budget") is not None,
                goal=g.get("goal") or "",
                goal_items=[g.get("goal") or ""],
                spending_plan=SpendingPlan(raw=plan, percents=[parse_value(c).number for c in plan]) if plan else None,
                location=Location(file=g["doc"]),
            )
            projects[key] = project
            doc.projects.append(project)
        else:
            projects[key].indicators.append(
                Indicator(
                    row=g["row"],
                    level1=g["level1"],
                    level2=g["level2"],
                    name=g["name"],
                    description=g["description"],
                    value=g["value"],
                    parsed=parse_value(g["value"]),
                    basis=g["basis"],
                    location=Location(file=g["doc"], row=g["row"]),
                )
            )
    return list(docs.values())


def documents_from_files(paths: list[Path]) -> list[Document]:
    from reviewer.readers import read_document

    return [read_document(path) for path in paths]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind")
    ap.add_argument("--from-gold", action="store_true")
    ap.add_argument("--show", choices=["fp", "fn", "both", "none"], default="both")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()

    gold = load_gold(args.gold)
    files = args.files or sorted((SHARED / "seeds").glob("*.txt"))
    gold_kinds: dict[tuple, set[str]] = defaultdict(set)
    why: dict[tuple, dict] = {}
    rows: dict[tuple, dict] = {}
    for g in gold:
        key = (doc_key(g["doc"]), norm(g["project"]), g["row"])
        gold_kinds[key] |= set(g["kinds"])
        why[key] = g.get("why", {})
        rows[key] = g

    docs = documents_from_gold(gold) if args.from_gold else documents_from_files(files)
    pred: dict[tuple, dict[str, str]] = defaultdict(dict)
    for doc in docs:
        for f in check_document(doc):
            key = (doc_key(doc.source), norm(f.project), f.row)
            pred[key].setdefault(f.kind, f"{f.rule}: {f.message}")

    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, list] = defaultdict(list)
    fn: dict[str, list] = defaultdict(list)
    for key in set(gold_kinds) | set(pred):
        g, p = gold_kinds.get(key, set()), pred.get(key, {})
        for k in g & set(p):
            tp[k] += 1
        for k in set(p) - g:
            fp[k].append((key, p[k]))
        for k in g - set(p):
            fn[k].append((key, why.get(key, {}).get(k, "")))

    kinds = sorted(set(tp) | set(fp) | set(fn), key=lambda k: -(tp[k] + len(fn[k])))
    print(f"{'kind':22} {'gold':>5} {'tp':>4} {'fp':>4} {'fn':>4}")
    for k in kinds:
        print(f"{k:22} {tp[k] + len(fn[k]):5d} {tp[k]:4d} {len(fp[k]):4d} {len(fn[k]):4d}")
    T, FP, FN = sum(tp.values()), sum(map(len, fp.values())), sum(map(len, fn.values()))
    P = T / (T + FP) if T + FP else 0.0
    R = T / (T + FN) if T + FN else 0.0
    print(f"micro P={P:.3f} R={R:.3f} F1={2 * P * R / (P + R) if P + R else 0:.3f}")

    def cells(key: tuple) -> str:
        g = rows.get(key)
        if g is None:
            return f"{key} (no gold row)"
        if g["row"] is None:
            return f"[{key[0]}] {g['project']} | goal={g.get('goal')!r} plan={g.get('plan')} budget={g.get('budget')}"
        return (f"[{key[0]}] {g['project']} #{g['row']} | {g['level1']} / {g['level2']} / {g['name']} / "
                f"{g['description']} / {g['value']} / {g['basis']}")

    for k in kinds:
        if args.kind and k != args.kind:
            continue
        if args.show in ("fp", "both"):
            for key, msg in fp[k][: args.limit]:
                print(f"FP {k}: {cells(key)}\n      ours: {msg}")
        if args.show in ("fn", "both"):
            for key, reason in fn[k][: args.limit]:
                print(f"FN {k}: {cells(key)}\n      gold: {reason}")


if __name__ == "__main__":
    main()
