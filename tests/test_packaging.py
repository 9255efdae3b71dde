"""The wheel carries the catalog, so a plain `pip install .` can verify it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_catalog(tmp_path: Path) -> None:
    """Every derivation file of derivations/ is inside the wheel as softsym/_catalog."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("softsym-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"softsym/_catalog/{p.name}" for p in (ROOT / "derivations").glob("*.py")}
    assert expected <= names
    assert "softsym/py.typed" in names
