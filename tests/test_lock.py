"""The install from the locks: reproducible whatever is published later, complete down to extras.

The failure this guards against: weasyprint asks for `fonttools[woff]>=4.59.2`; once a newer fonttools was
published, the pip that `python3 -m venv` brings resolved the extra to it and refused the install in hash mode.
Here a local package index plays the registry: it holds the locked release and a newer one, and the project's own
install script (the one `make demo` and `make test` run) must install the locked one with a fresh venv's own pip.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "scripts" / "install-lock.sh"
CHECK = ROOT / "scripts" / "check_lock.py"


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(
    folder: Path, name: str, version: str, requires: list[str] = (), extras: dict[str, list[str]] = None
) -> Path:
    """A minimal pure-Python wheel, as a registry would serve it."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {r}" for r in requires]
    for extra, extra_requires in (extras or {}).items():
        metadata.append(f"Provides-Extra: {extra}")
        metadata += [f'Requires-Dist: {r}; extra == "{extra}"' for r in extra_requires]
    files = {
        f"{module}/__init__.py": f"VERSION = {version!r}\n".encode(),
        f"{dist_info}/METADATA": ("\n".join(metadata) + "\n").encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: rownaq-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    path = folder / f"{module}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for member, data in files.items():
            wheel.writestr(member, data)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def base_python() -> str:
    """The interpreter a newcomer's `python3 -m venv` would use (the base of this venv)."""
    return getattr(sys, "_base_executable", sys.executable)


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    """A project whose lock pins probe-app 1.0 -> probe-fonts[woff] 1.0 -> probe-zip 1.0, and an index that has
    since received probe-fonts 2.0 (with the same extra)."""
    root = tmp_path_factory.mktemp("lockprobe")
    index = root / "index"
    index.mkdir()
    app = build_wheel(index, "probe-app", "1.0", requires=["probe-fonts[woff]>=1.0"])
    fonts = build_wheel(index, "probe-fonts", "1.0", extras={"woff": ["probe-zip>=1.0"]})
    build_wheel(index, "probe-fonts", "2.0", extras={"woff": ["probe-zip>=1.0"]})  # published after the lock
    zip_ = build_wheel(index, "probe-zip", "1.0")
    project = root / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "probe"\nversion = "0"\ndependencies = ["probe-app"]\n')
    (project / "requirements.lock").write_text(
        "# a lock as `make lock` writes it\n"
        + "".join(
            f"{name}=={version} \\\n    --hash=sha256:{sha256(wheel)}\n"
            for name, version, wheel in (
                ("probe-app", "1.0", app),
                ("probe-fonts", "1.0", fonts),
                ("probe-zip", "1.0", zip_),
            )
        )
    )
    env = {
        **os.environ,
        "PIP_CONFIG_FILE": os.devnull,  # the machine's own pip settings play no part
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(index),
        "PIP_CONSTRAINT": "",
    }
    env.pop("PYTHONPATH", None)
    return project, env


def installed_version(venv: Path, package: str) -> str:
    out = subprocess.run(
        [venv / "bin" / "python", "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_the_lock_installs_as_locked_when_a_newer_release_of_an_extra_appears(registry, tmp_path):
    project, env = registry
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["bash", INSTALL, base_python(), venv, project / "requirements.lock"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert installed_version(venv, "probe-fonts") == "1.0"
    assert installed_version(venv, "probe-zip") == "1.0"


def test_an_incomplete_lock_fails_the_install(registry, tmp_path):
    """A lock without the extra's package (what a hand edit or a tool that ignores extras leaves) must not pass."""
    project, env = registry
    broken = tmp_path / "project"
    broken.mkdir()
    (broken / "pyproject.toml").write_text((project / "pyproject.toml").read_text())
    lock = (project / "requirements.lock").read_text()
    (broken / "requirements.lock").write_text(re.sub(r"probe-zip==1\.0 \\\n.*\n", "", lock))
    result = subprocess.run(
        ["bash", INSTALL, base_python(), tmp_path / "venv", broken / "requirements.lock"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode != 0
    assert "probe-fonts[woff] requires probe-zip>=1.0" in result.stderr


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_the_project_locks_pin_everything_with_hashes(lock):
    text = (ROOT / lock).read_text()
    entries = re.findall(r"^([A-Za-z0-9][^\s=;]*)(==)?", text, flags=re.M)
    assert entries and all(operator == "==" for _name, operator in entries)
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert all("--hash=sha256:" in block for block in blocks if block.strip() and not block.startswith("#"))


def test_the_production_lock_is_the_dev_lock_without_the_tools():
    def pins(lock):
        return dict(re.findall(r"^([A-Za-z0-9][^\s=;]*)==([^\s;]+)", (ROOT / lock).read_text(), flags=re.M))

    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert all(dev.get(name) == version for name, version in runtime.items())
    for tool in ("pytest", "playwright", "schemathesis", "locust", "hypothesis", "rank-bm25", "uv"):
        assert tool in dev and tool not in runtime


def test_this_environment_passes_the_lock_check():
    result = subprocess.run([sys.executable, CHECK, ROOT / "requirements-dev.lock"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
