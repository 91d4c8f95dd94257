"""`python -m sandbox`: the add-on with its local stand-ins on 127.0.0.1 (what `make demo` runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sandbox.server import run_demo


def main(argv: list[str] | None = None) -> int:
    """Serve the demo until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--large", action="store_true", help="a 10,000-lead demo organization")
    parser.add_argument("--data-dir", default="instance", help="where the demo keeps its store")
    args = parser.parse_args(argv)
    run_demo(port=args.port, large=args.large, data_dir=Path(args.data_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
