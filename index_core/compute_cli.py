"""`city-ai compute FILE`: recompute the composite index from a filled-in raw-indicator template.

Bad input exits with code 2 and a list of problems (line, column, what is wrong) — never a traceback — so
a person filling the template in a spreadsheet knows what to fix. Also runs as
`python -m index_core.compute_cli`.
"""

from __future__ import annotations

import argparse
import json
import math
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


def _refuse_constant(name: str) -> float:
    raise UsageError(f"{name} is not a weight: weights must be finite non-negative numbers")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise UsageError(f"weight {key!r} is given twice")
        seen[key] = value
    return seen


def parse_weights(text: str) -> str | dict[str, float]:
    """'equal', 'entropy', a JSON object {name: weight}, or the path of a file holding one.

    Every weight must be a finite, non-negative number: an infinite weight would make every other weight 0
    and then every city equal (all rank 1), so it is refused, as are NaN, negatives and repeated keys.
    """
    if text in WEIGHT_SCHEMES:
        return text
    path = Path(text)
    source = f"weights file {path}"
    try:
        is_file = path.is_file()
        if is_file:
            text = path.read_text(encoding="utf-8-sig")
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, a name too long to be a path
        if text.lstrip().startswith("{"):
            is_file = False
        else:
            raise UsageError(f"{source}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if not is_file:
        if not text.lstrip().startswith("{"):
            raise UsageError(
                f"--weights {text[:80]!r}: not 'equal', 'entropy', a JSON object or an existing file"
            )
        source = "--weights"
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{source}: invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        raise UsageError(f"{source}: JSON nested too deeply; expected a flat object of weights") from None
    except UsageError as exc:
        raise UsageError(f"{source}: {exc}") from None
    if not isinstance(data, dict) or not data:
        raise UsageError(f'{source}: expected a JSON object like {{"知识创造力": 2}}')
    bad = [str(k) for k, v in data.items() if _weight(v) is None]
    if bad:
        raise UsageError(f"{source}: weights must be finite non-negative numbers; check {', '.join(bad)}")
    return {str(k): float(v) for k, v in data.items()}


def _weight(value: object) -> float | None:
    """The value as a usable weight (a finite number >= 0), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer with hundreds of digits
        return None
    return number if math.isfinite(number) and number >= 0 else None


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
    """Validate, compute, write, print; 0 on success, 2 on bad input or output that cannot be written."""
    try:
        config = IndexConfig(
            normalisation=args.normalise,
            missing=args.missing,
            weights=parse_weights(args.weights),
            aggregation=args.aggregation,
            negatives=tuple(args.negative),
        )
        tree = _tree(args.tree)
        raw = read_raw(args.file, tree, allow_missing=config.missing != "error")
        result = compute_index(raw.values, tree, config)
    except RawFileError as exc:
        print(f"error: {args.file} cannot be used ({len(exc.problems)} problem(s)):", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in exc.problems), file=sys.stderr)
        return 2
    except (UsageError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        written = write_tables(result, args.out)
    except OSError as exc:
        where = exc.filename or args.out
        print(f"error: cannot write the results to {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
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


def _tree(path: Path | None):
    """The indicator tree, with the file named in any error reading it."""
    if path is None:
        return load_tree(None)
    try:
        return load_tree(path)
    except (OSError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or exc
        raise UsageError(f"--tree {path}: cannot be used as an indicator tree ({detail})") from None


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point for `python -m index_core.compute_cli`."""
    parser = argparse.ArgumentParser(prog="python -m index_core.compute_cli", description=__doc__)
    _arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
