"""`city-ai`: ask, index, serve, eval, bench, compute. Heavy imports happen inside each command."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# No progress bars on stderr (model weights, passage embedding) unless asked with -v.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


def _ask(args: argparse.Namespace) -> int:
    from assistant.core import Assistant

    bot = Assistant.from_defaults(lazy=True)  # torch and the model load only if an answer needs passages
    history: list[dict] = []
    questions = args.question or []
    if not questions:
        questions = [line.strip() for line in sys.stdin if line.strip()]
    for question in questions:
        reply = bot.ask(question, history=history if args.follow else None)
        if args.json:
            print(json.dumps({"question": question, **reply.to_dict()}, ensure_ascii=False, indent=2))
        else:
            print(reply.text)
            if reply.table is not None and args.table:
                print()
                print(reply.table.to_string(index=False))
            for note in reply.notes:
                print(f"\n(note: {note})")
            print()
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": reply.text}]
    return 0


def _index(args: argparse.Namespace) -> int:
    from assistant.retrieval.indexing import main as index_main

    return index_main(["--rebuild"] if args.rebuild else [])


def _serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("city-ai serve: --workers must be at least 1", file=sys.stderr)
        return 2
    from assistant.api.exposure import private_temp_dir

    private_temp_dir()  # before the app modules are imported: they place their CSV folder in the temp folder
    from assistant.app import serve

    return serve(host=args.host, port=args.port, workers=args.workers, ui=not args.no_ui)


def _eval(args: argparse.Namespace) -> int:
    from assistant.evaluation import DEFAULT_QUESTIONS
    from assistant.evaluation import main as eval_main

    if args.file is None and not DEFAULT_QUESTIONS.exists():  # an installed wheel carries no tests/
        print(
            "city-ai eval: no question set here (tests/questions.jsonl); pass --file FILE.jsonl",
            file=sys.stderr,
        )
        return 2
    return eval_main(args.file, verbose=args.verbose)


def _bench(args: argparse.Namespace) -> int:
    from assistant.bench import main as bench_main

    return bench_main(quick=args.quick)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="city-ai", description="Chat over the China City AI Development Index Report (2020-2021)."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer questions (arguments, or one per line on stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the full reply as JSON")
    ask.add_argument("--table", action="store_true", help="also print the table behind the answer")
    ask.add_argument(
        "--follow", action="store_true", help="treat the questions as one conversation (follow-ups)"
    )
    ask.set_defaults(func=_ask)

    index = sub.add_parser("index", help="build the passage store (idempotent)")
    index.add_argument("--rebuild", action="store_true")
    index.set_defaults(func=_index)

    serve = sub.add_parser(
        "serve", help="serve the app (/), the OpenAI-compatible API (/v1) and MCP tools (/mcp) on one port"
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1 only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument(
        "--workers", type=int, default=1, help="server processes sharing one Chroma server (default 1)"
    )
    serve.add_argument("--no-ui", action="store_true", help="serve the APIs only, without the Gradio page")
    serve.set_defaults(func=_serve)

    ev = sub.add_parser("eval", help="accuracy per kind and latency over the question set")
    ev.add_argument("--file", default=None)
    ev.add_argument("--verbose", action="store_true")
    ev.set_defaults(func=_eval)

    bench = sub.add_parser("bench", help="start-up, latency, memory and baseline benchmarks")
    bench.add_argument("--quick", action="store_true")
    bench.set_defaults(func=_bench)

    try:
        from index_core.compute_cli import add_parser as add_compute

        add_compute(sub)
    except (ImportError, OSError):  # the engine ships with the package; missing data is reported in main()
        pass
    return parser


def _missing_data() -> str | None:
    """index_core.paths.missing(), loaded by file: importing the index_core package already reads data/."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "_city_ai_paths", Path(__file__).resolve().parent.parent / "index_core" / "paths.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.missing()


def main(argv: list[str] | None = None) -> int:
    problem = _missing_data()
    if problem:  # say what is missing and how to fix it, never a traceback
        print(f"city-ai: {problem}", file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:  # asked for: let the libraries show their progress bars again
        for name in ("HF_HUB_DISABLE_PROGRESS_BARS", "TQDM_DISABLE"):
            if os.environ.get(name) == "1":
                del os.environ[name]
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from index_core.errors import DataValidationError

    try:
        return int(args.func(args) or 0)
    except DataValidationError as err:  # a damaged data/ table: say which file, line and rule, no traceback
        print(f"city-ai: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `city-ai ask ... | head`: the reader left; nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
