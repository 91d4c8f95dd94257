"""What ships: the wheel holds the product package and nothing of the sandbox."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_wheel_holds_the_product_and_no_sandbox(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run(
        [*build, "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()

    packages = {name.split("/")[0] for name in names if not name.startswith("close_for_gmail")}
    assert packages == {"addon"}
    assert "addon/wsgi.py" in names and "addon/static/logo-96.png" in names
    assert "addon/close/ratebudget.lua" in names  # the rate budget's Redis script
    assert not [name for name in names if "sandbox" in name]
