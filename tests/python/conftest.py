"""Shared fixtures of the nnft Python tests: the module (from PYTHONPATH, i.e. <build>/python) and the CLI."""
import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("NNFT_SOURCE_DIR", Path(__file__).resolve().parents[2]))
CLI = Path(os.environ.get("NNFT_CLI", SOURCE / "build" / "app" / "nnft"))


def _load_normalizer():
    spec = importlib.util.spec_from_file_location("normalize_json", SOURCE / "scripts" / "normalize_json.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_NORMALIZE = _load_normalizer()


def canonical(doc):
    """A document in scripts/normalize_json.py's canonical form: no "seconds", the factors of GiNaC's products
    ("structure" strings) sorted, since GiNaC prints them in an order that depends on the process's history."""
    return _NORMALIZE.walk(doc)


def canonical_text(text):
    """Text output of GiNaC products (one term per line) with each line's factors sorted."""
    return "\n".join(line if line.startswith("#") else _NORMALIZE.canonical_sum(line) for line in text.split("\n"))


def canonical_cpp(code):
    """An emitted C++ header with every product's factors sorted (its code and the GiNaC text in comments)."""
    out = []
    for line in code.split("\n"):
        if "// " in line and "Int(" in line:
            head, body = line.split("// ", 1)
            out.append(head + "// " + _NORMALIZE.canonical_sum(body))
        else:
            end = ";" if line.endswith(";") else ""
            out.append(" * ".join(sorted(line[:len(line) - len(end)].split(" * "))) + end)
    return "\n".join(out)


def strip_seconds(doc):
    """The document without timing fields ("seconds"), which differ between runs."""
    if isinstance(doc, dict):
        return {k: strip_seconds(v) for k, v in doc.items() if k != "seconds"}
    if isinstance(doc, list):
        return [strip_seconds(v) for v in doc]
    return doc


@pytest.fixture(scope="session")
def cli():
    """Run the nnft binary with arguments; returns its stdout (fails the test on a non-zero exit)."""
    if not CLI.exists():
        pytest.skip(f"the nnft binary {CLI} is not built")

    def run(*args):
        r = subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"nnft {' '.join(args)} failed: {r.stderr}"
        return r.stdout

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    """Run the nnft binary and parse its JSON document (timings dropped)."""
    return lambda *args: strip_seconds(json.loads(cli(*args)))
