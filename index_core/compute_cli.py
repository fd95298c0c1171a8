"""`city-ai compute FILE`: recompute the composite index from a filled-in raw-indicator template.

Bad input exits with code 2 and a list of problems (line, column, what is wrong) — never a traceback — so
a person filling the template in a spreadsheet knows what to fix. Also runs as
`python -m index_core.compute_cli`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from index_core.engine.compute import compute_index
from index_core.engine.config import (
    AGGREGATIONS,
    MISSING_POLICIES,
    NORMALISATIONS,
    WEIGHT_SCHEMES,
    IndexConfig,
)
from index_core.engine.rawfile import RawFileError, read_raw
from index_core.engine.result import LEVELS, IndexResult
from index_core.engine.tree import SAMPLE_CITIES, load_tree

DEFAULT_OUT = Path("artifacts") / "compute"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "raw_indicators_template.csv"


class UsageError(ValueError):
    """A bad option value (reported like a bad file: exit 2, no traceback)."""


def parse_weights(text: str) -> str | dict[str, float]:
    """'equal', 'entropy', a JSON object {name: weight}, or the path of a file holding one."""
    if text in WEIGHT_SCHEMES:
        return text
    path = Path(text)
    source = f"weights file {path}"
    if path.is_file():
        text = path.read_text(encoding="utf-8-sig")
    elif not text.lstrip().startswith("{"):
        raise UsageError(f"--weights {text!r}: not 'equal', 'entropy', a JSON object or an existing file")
    else:
        source = "--weights"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{source}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    if not isinstance(data, dict) or not data:
        raise UsageError(f'{source}: expected a JSON object like {{"知识创造力": 2}}')
    bad = [k for k, v in data.items() if isinstance(v, bool) or not isinstance(v, int | float) or v < 0]
    if bad:
        raise UsageError(f"{source}: weights must be non-negative numbers; check {', '.join(bad)}")
    return {str(k): float(v) for k, v in data.items()}


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `compute` on the main CLI's subparsers."""
    parser = subparsers.add_parser(
        "compute",
        help="recompute the composite index from raw indicator values",
        description=f"Recompute the index from a CSV shaped like {TEMPLATE.name}: a 城市 column and "
        "one column per third-level indicator (header = name[unit]).",
    )
    _arguments(parser)
    parser.set_defaults(func=run)
    return parser


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="raw indicator CSV (UTF-8), see index_core/templates/")
    parser.add_argument("--weights", default="equal", help="equal | entropy | JSON object | JSON file")
    parser.add_argument("--normalise", choices=NORMALISATIONS, default="minmax")
    parser.add_argument("--missing", choices=MISSING_POLICIES, default="error")
    parser.add_argument("--aggregation", choices=AGGREGATIONS, default="arithmetic")
    parser.add_argument(
        "--negative", action="append", default=[], help="a lower-is-better indicator (repeatable)"
    )
    parser.add_argument(
        "--tree", type=Path, default=None, help="indicator tree CSV (default data/indicators.csv)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})"
    )


def write_tables(result: IndexResult, out: Path) -> list[Path]:
    """scores_<level>.csv and ranks_<level>.csv for every level, weights.csv and config.txt."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for level in LEVELS:
        for kind, table in (("scores", result.scores[level]), ("ranks", result.ranks[level])):
            path = out / f"{kind}_{level}.csv"
            table.rename_axis("城市").to_csv(path, encoding="utf-8")
            written.append(path)
    result.weights.to_csv(out / "weights.csv", index=False, encoding="utf-8")
    (out / "config.txt").write_text(result.describe() + "\n", encoding="utf-8")
    return [*written, out / "weights.csv", out / "config.txt"]


def run(args: argparse.Namespace) -> int:
    """Validate, compute, write, print; 0 on success, 2 on bad input."""
    try:
        config = IndexConfig(
            normalisation=args.normalise,
            missing=args.missing,
            weights=parse_weights(args.weights),
            aggregation=args.aggregation,
            negatives=tuple(args.negative),
        )
        tree = load_tree(args.tree)
        raw = read_raw(args.file, tree, allow_missing=config.missing != "error")
        result = compute_index(raw.values, tree, config)
    except RawFileError as exc:
        print(f"error: {args.file} cannot be used ({len(exc.problems)} problem(s)):", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in exc.problems), file=sys.stderr)
        return 2
    except (UsageError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    written = write_tables(result, args.out)
    print(result.describe())
    if len(raw.values) < len(SAMPLE_CITIES):
        print(
            f"note: {len(raw.values)} of {len(SAMPLE_CITIES)} sample cities given; scores are relative to them"
        )
    top = result.ranking().head(10)
    print("\n总指数前十 (top 10):")
    print(top[["排名", "总指数"]].round(2).to_string())
    print(f"\nwrote {len(written)} files to {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point for `python -m index_core.compute_cli`."""
    parser = argparse.ArgumentParser(prog="python -m index_core.compute_cli", description=__doc__)
    _arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
