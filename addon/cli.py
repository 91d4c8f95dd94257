"""`close-addon`: serve the add-on, write deployment.json, make a secret key."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from addon import metrics
from addon.config import ConfigError, load_config
from addon.deployment import build_apps_script_manifest, build_deployment
from addon.store import generate_key


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="close-addon", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the add-on with gunicorn (config from env)")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a container's server
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--threads", type=int, default=8)

    deployment = commands.add_parser("deployment", help="write deployment.json for a public URL")
    deployment.add_argument("--public-url", required=True)
    deployment.add_argument("--output", default="deployment.json")
    deployment.add_argument("--apps-script-output", default=None)

    commands.add_parser("genkey", help="print a new secret key for ADDON_SECRET_KEYS")

    args = parser.parse_args(argv)
    try:
        return _run(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        load_config()  # a missing variable is named here, before gunicorn starts
        metrics.prepare_multiprocess_dir()  # before any worker counts
        return _gunicorn(args)
    if args.command == "deployment":
        if not args.public_url.startswith("https://"):
            print("--public-url must be https: Google calls add-ons over HTTPS", file=sys.stderr)
            return 2
        _write_json(Path(args.output), build_deployment(args.public_url))
        if args.apps_script_output:
            _write_json(Path(args.apps_script_output), build_apps_script_manifest(args.public_url))
        return 0
    print(generate_key())  # genkey
    return 0


def _gunicorn(args: argparse.Namespace) -> int:
    # The production server, as the Docker image runs it: threads, since each request
    # mostly waits on Gmail and Close. No access log: the add-on writes its own line per
    # request, without the query, whose arguments can carry ids and addresses.
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers),
        "--threads", str(args.threads),
        "--timeout", "30",
        "addon.wsgi:app",
    ]  # fmt: skip
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process, fixed arguments


def _write_json(path: Path, document: object) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
