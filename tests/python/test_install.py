"""`cmake --install` puts a working package into the interpreter's site-packages under the prefix."""
import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_install_component_imports(tmp_path):
    build = os.environ.get("NNFT_BUILD_DIR")
    if not build or not (Path(build) / "cmake_install.cmake").exists():
        pytest.skip("NNFT_BUILD_DIR (the CMake build folder) is not set: run through ctest")
    subprocess.run(["cmake", "--install", build, "--prefix", str(tmp_path), "--component", "python"], check=True,
                   capture_output=True)
    site = subprocess.run([sys.executable, "-c", "import os, sysconfig; print(os.path.relpath("
                           "sysconfig.get_path('platlib'), sysconfig.get_path('data')))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert (tmp_path / site / "nnft" / "__init__.py").exists()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tmp_path / site)
    out = subprocess.run([sys.executable, "-c", "import nnft; print(nnft.__version__, nnft.__file__)"], env=env,
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.startswith("0.1.0 " + str(tmp_path))
