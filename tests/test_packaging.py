"""An editable install, a checkout's ``python -m escort`` and a wheel install see the same catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a front end can see: checklists (with question and rule counts), law articles, domains, formats,
# report templates and the demo example, each with a digest of its content.
FINGERPRINT = r'''
import hashlib, json
from escort.config import Config
from escort.resources import data_path
from escort.service import Escort
svc = Escort(Config())
digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()[:16]
print(json.dumps({
    "problems": [str(p) for p in svc.problems],
    "plugins": sorted((i.name, i.error) for i in svc.catalog.plugins.infos),
    "checklists": {c.id: [c.version, c.questions, c.rules, c.plugin] for c in svc.checklists()},
    "articles": sorted(svc.catalog.laws.articles),
    "domains": list(svc.catalog.domains),
    "formats": list(svc.formats()),
    "templates": {p.name: digest(p) for p in sorted(data_path("reports").iterdir()) if p.is_file()},
    "example": digest(data_path("examples", "average.yaml")),
}, sort_keys=True))
'''


def fingerprint(python: str, cwd: Path, env: dict | None = None) -> dict:
    out = subprocess.run([python, "-c", FINGERPRINT], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def wheel_python(tmp_path_factory) -> str:
    """A fresh venv holding a wheel of this tree (its dependencies visible through a .pth file)."""
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling installed")
    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                            "-w", str(tmp / "dist"), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("escort-*.whl"))
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                                str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    # dependencies only: the editable escort of this venv is a .pth entry, which a second .pth level does not follow
    (site / "zz-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return str(python)


def test_editable_install_and_wheel_see_the_same_catalog(wheel_python, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",) and not k.startswith("ESCORT_")}
    editable = fingerprint(sys.executable, tmp_path, env)
    wheel = fingerprint(wheel_python, tmp_path, env)
    assert editable["problems"] == [] and len(editable["checklists"]) >= 6
    assert wheel == editable


def test_a_checkout_runs_as_python_dash_m_escort_with_every_checklist(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCORT_")}
    env["PYTHONPATH"] = str(ROOT)
    checkout = fingerprint(sys.executable, ROOT, env)
    editable = fingerprint(sys.executable, tmp_path, {k: v for k, v in env.items() if k != "PYTHONPATH"})
    assert checkout == editable
