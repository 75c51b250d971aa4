#!/usr/bin/env python3
"""Canonical form of an nnft JSON document for byte comparisons across builds (scripts/example_hashes.sh).

Two things in today's documents vary from run to run without being results: wall-clock "seconds", and the
order of factors in GiNaC's text ("structure" strings print products in GiNaC's hash order). This drops the
former and sorts the factors of every product in the latter; everything else is kept as it is."""
import json
import sys


def split_top(text, sep):
    """Splits text at sep where no bracket is open."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def canonical_term(text):
    """Sorts a product's factors, recursing into the arguments of every call."""
    factors = []
    for f in split_top(text, "*"):
        open_at = f.find("(")
        if open_at > 0 and f.endswith(")"):
            args = split_top(f[open_at + 1:-1], ",")
            f = f[:open_at] + "(" + ",".join(canonical_sum(a) for a in args) + ")"
        factors.append(f)
    return "*".join(sorted(factors))


def canonical_sum(text):
    return "+".join(canonical_term(t) for t in split_top(text, "+"))


def walk(node):
    if isinstance(node, dict):
        return {k: (canonical_sum(v) if k == "structure" and isinstance(v, str) else walk(v))
                for k, v in node.items() if k != "seconds"}
    if isinstance(node, list):
        return [walk(v) for v in node]
    return node


if __name__ == "__main__":  # importable by the Python tests (tests/python/conftest.py)
    json.dump(walk(json.load(sys.stdin)), sys.stdout, indent=1, sort_keys=True)
