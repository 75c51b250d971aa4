"""nnft: Feynman diagrams, NNGP kernels, sampled networks and exact finite-width correlators for
neural-network field theory, from Python at C++ speed (docs/python.md).

Functions (each documented: ``help(nnft.sample)``):

- ``diagrams``, ``correlator`` — diagram classes and exact correlator formulas (text, LaTeX, C++, JSON);
- ``kernel`` — the NNGP kernel matrix K(X, Y) as a numpy array;
- ``integrate`` — each term's value ± error for a network kernel;
- ``sample``, ``exact`` — correlators of random-network ensembles (sampled, exact at finite width);
- ``expand`` — deep networks' G2 and G4_con to O(1/N) (the 1/N expansion);
- ``fit``, ``beta``, ``rg`` — coupling fits, β-functions and running couplings (dicts);
- ``compare`` — pulls and χ² between two correlator documents or results (a dict);
- ``check`` — the end-to-end cross-checks of ``nnft check`` (a dict);
- ``load`` — documents written by the ``nnft`` command-line tool.

Bad input raises ``nnft.Error`` (a ValueError) with the CLI's message; an unknown keyword raises
``nnft.ArgumentError`` (a TypeError and a ValueError) naming the valid ones; internal errors RuntimeError.
"""
from ._nnft import Error, SizeLimitError, __version__
from ._args import ArgumentError
from ._api import exact, expand, integrate, kernel, load, sample
from ._check import check
from ._eft import beta, compare, fit, rg
from ._diagrams import Correlator, Diagram, Term, correlator, diagrams
from ._results import Correlators, IntegratedCorrelator, Table

__all__ = ["__version__", "Error", "SizeLimitError", "ArgumentError", "kernel", "sample", "exact", "expand", "integrate",
           "load", "fit", "beta", "rg", "compare", "check", "diagrams", "correlator", "Correlator", "Diagram", "Term", "Correlators",
           "IntegratedCorrelator", "Table"]
