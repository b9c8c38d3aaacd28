"""scripts/setup.sh finds the project root from its own path (BASH_SOURCE), not from the current
folder or $0: run (`bash scripts/setup.sh`) or sourced (`source scripts/setup.sh`), from the root,
a subfolder or anywhere else, it works on the project's .venv. Fast: `--check-only` prints what
it found and installs nothing (PYTHON=/bin/false makes any attempt to create a venv fail)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
SCRIPT = PROJECT_DIR / "scripts" / "setup.sh"


def bash(command: str, cwd: Path) -> dict[str, str]:
    """Run `command` in bash in `cwd`; the `key=value` lines it prints."""
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHON": "/bin/false"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(
        line.split("=", 1) for line in result.stdout.splitlines() if "=" in line
    )


@pytest.mark.parametrize(
    ("folder", "script"),
    [
        ("root", "scripts/setup.sh"),  # the reported case: `source scripts/setup.sh` at the root
        ("docs", "../scripts/setup.sh"),
        ("elsewhere", str(SCRIPT)),
    ],
)
def test_sourced_from_any_folder_it_finds_the_root_and_leaves_the_shell_alone(
    tmp_path, folder, script
):
    cwd = {"root": PROJECT_DIR, "docs": PROJECT_DIR / "docs", "elsewhere": tmp_path}[folder]
    found = bash(
        f"source {script} --check-only && echo \"cwd=$PWD\" && "
        "echo \"profiles=$DBT_PROFILES_DIR\" && echo \"options=$-\"",
        cwd,
    )
    assert Path(found["root"]).resolve() == PROJECT_DIR
    assert Path(found["venv"]).resolve() == PROJECT_DIR / ".venv"
    assert Path(found["profiles"]).resolve() == PROJECT_DIR  # exported into the caller's shell
    assert Path(found["cwd"]).resolve() == cwd.resolve()  # the caller stays where it was
    assert "e" not in found["options"] and "u" not in found["options"]  # no set -eu leaks


@pytest.mark.parametrize("folder", ["root", "elsewhere"])
def test_run_with_bash_from_any_folder_it_finds_the_root(tmp_path, folder):
    cwd = PROJECT_DIR if folder == "root" else tmp_path
    script = "scripts/setup.sh" if folder == "root" else str(SCRIPT)
    found = bash(f"bash {script} --check-only", cwd)
    assert Path(found["root"]).resolve() == PROJECT_DIR
    assert Path(found["venv"]).resolve() == PROJECT_DIR / ".venv"



def test_a_failure_when_sourced_returns_an_error_and_keeps_the_callers_shell(tmp_path):
    """A copy of the script in a project without .venv and no usable Python: sourcing it fails
    with a status (also inside `&&`, where bash ignores `set -e`), creates nothing, writes no
    stamp, and the caller's shell goes on."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    (project / "scripts" / "setup.sh").write_text(SCRIPT.read_text())
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    found = bash(
        "source scripts/setup.sh && echo reached=yes; echo \"status=$?\"; echo alive=yes",
        project,
    )
    assert found.get("reached") is None
    assert found["status"] == "1" and found["alive"] == "yes"
    assert not (project / ".venv").exists() and not (tmp_path / ".venv").exists()
