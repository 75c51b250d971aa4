"""nnft.diagrams and nnft.correlator: diagram classes and exact correlator formulas (the library's printers)."""
import json
from dataclasses import dataclass, field
from fractions import Fraction

from . import _nnft
from ._args import keywords
from ._results import monomial_text


@dataclass(frozen=True)
class Diagram:
    """One diagram class of an n-point function (an entry of ``nnft diagrams --json``).

    ``coefficient`` (Fraction) is the term's exact coefficient (couplings without 1/k!), ``multiplicity``
    (int) the number of Wick contractions in the class, ``symmetry_factor`` (int) the order of its
    automorphism group; ``couplings`` {name: power}; ``edges`` a list of (a, b, multiplicity) with points
    0…n−1 external and the rest internal; ``vertices`` [{"term", "coupling", "points"}]; flags
    ``connected``, ``one_pi``, ``self_energy_free``; ``loops``.
    """

    coefficient: Fraction
    couplings: dict
    multiplicity: int
    symmetry_factor: int
    edges: list
    external: list
    vertices: list
    connected: bool
    one_pi: bool
    self_energy_free: bool
    loops: int = 0
    raw: dict = field(default=None, repr=False, compare=False)

    @property
    def monomial(self):
        """The coupling monomial as text, e.g. "lambda^2" ("1" for the free part)."""
        return monomial_text(self.couplings)

    @classmethod
    def from_json(cls, d):
        """A diagram from one entry of the ``diagrams`` list of ``nnft diagrams --json``."""
        return cls(coefficient=Fraction(d["coefficient"]), couplings=dict(d["couplings"]),
                   multiplicity=int(d["multiplicity"]), symmetry_factor=int(d["symmetry_factor"]),
                   edges=[(e["a"], e["b"], e["multiplicity"]) for e in d["edges"]], external=list(d["external"]),
                   vertices=list(d["vertices"]), connected=bool(d["connected"]), one_pi=bool(d["one_pi"]),
                   self_energy_free=bool(d["self_energy_free"]), loops=int(d.get("loops", 0)), raw=d)


@dataclass(frozen=True)
class Term:
    """One term of a correlator: ``coefficient`` (Fraction) × ``couplings`` monomial × ``structure`` (GiNaC
    text, e.g. "Int(K(x1,y)*…, {y})"), its ``latex`` and its ``diagram`` class."""

    coefficient: Fraction
    couplings: dict
    structure: str
    latex: str
    diagram: Diagram

    @property
    def monomial(self):
        """The coupling monomial as text, e.g. "lambda" ("1" for the free part)."""
        return monomial_text(self.couplings)


_SELECTION_DOC = """
    theory : str, default "lambda*f^4 + kappa*f^6"
        Interaction terms (docs/theory-language.md), e.g. "g*f^3", "lambda2*x^2*f^4", "lambda_nl*f(x)^2*f(y)^2".
    points : int, default 4
        Number of external points n.
    order : str, optional
        An exact coupling monomial, e.g. "lambda=2,kappa=1" (or ``max_order``, not both).
    max_order : int, optional
        All coupling monomials of total order <= K (default 1).
    connected : bool, default False
        Connected diagrams only.
    one_pi : bool, default False
        Amputated one-particle-irreducible diagrams only (the CLI's --1pi).
    no_self_energy : bool, default False
        Drop diagrams with a 2-point subdiagram on a line.
    max_classes : float, default 1e6
        Refuse requests with more diagram classes than this (nnft.Error)."""


def _selection_doc(fn):
    fn.__doc__ = fn.__doc__.replace("    {selection}", _SELECTION_DOC.strip("\n"))
    return fn


@keywords
@_selection_doc
def diagrams(theory="lambda*f^4 + kappa*f^6", points=4, *, order=None, max_order=None, connected=False,
             one_pi=False, no_self_energy=False, max_classes=1e6):
    """The diagram classes of an n-point function with exact multiplicities and symmetry factors, as
    ``nnft diagrams``.

    Parameters
    ----------
    {selection}

    Returns
    -------
    list of nnft.Diagram, in the CLI's order.
    """
    c = _nnft.build_correlator(theory=theory, points=points, order=order, max_order=max_order,
                               connected=connected, one_pi=one_pi, no_self_energy=no_self_energy,
                               max_classes=max_classes)
    return [Diagram.from_json(d) for d in json.loads(c.diagrams_json())["diagrams"]]


class Correlator:
    """The exact formula of an n-point function (built by the library, printed by its printers).

    ``terms`` (list of nnft.Term), ``theory`` and ``points``; ``text()``, ``latex(group=False, width=345, …)``,
    ``cpp(namespace="nnft_generated")``, ``to_json()``/``to_dict()`` give exactly what
    ``nnft correlator --format text|latex|cpp|json`` prints; ``diagrams()`` the classes.
    """

    def __init__(self, compiled):
        self._c = compiled
        self._dict = json.loads(compiled.json())
        self.theory = self._dict["theory"]
        self.points = self._dict["points"]
        self.terms = [Term(Fraction(t["coefficient"]), dict(t["couplings"]), t["structure"], t["latex"],
                           Diagram.from_json(t["diagram"])) for t in self._dict["terms"]]

    def text(self):
        """One line per term (``nnft correlator``)."""
        return self._c.text()

    def latex(self, group=False, width=345, terms_per_line=0, standalone=False):
        """LaTeX in the paper's style (``nnft correlator --format latex``): ``group=True`` prints terms equal up
        to permuting points once; lines are broken to about ``width`` points (0: no breaking by width) and at
        most ``terms_per_line`` terms (0: no limit); ``standalone=True`` gives a document pdflatex compiles."""
        return self._c.latex(group, width, terms_per_line, standalone)

    def cpp(self, namespace="nnft_generated"):
        """A self-contained C++ header evaluating every term (``nnft correlator --format cpp``)."""
        return self._c.cpp(namespace)

    def to_json(self):
        """The document of ``nnft correlator --json``."""
        return self._c.json()

    def to_dict(self):
        """The document of ``nnft correlator --json`` as Python objects."""
        return json.loads(self._c.json())

    def diagrams(self):
        """The diagram classes of the terms (as nnft.diagrams returns them)."""
        return [t.diagram for t in self.terms]

    def monomials(self):
        """The coupling monomials of the terms, in order of first appearance (e.g. ["lambda", "kappa"])."""
        return list(dict.fromkeys(t.monomial for t in self.terms))

    def __len__(self):
        return len(self.terms)

    def __repr__(self):
        return f"<nnft.Correlator G{self.points} of {self.theory}: {len(self.terms)} terms>"

    def _repr_latex_(self):
        return "$$" + self.latex() + "$$"


@keywords
@_selection_doc
def correlator(theory="lambda*f^4 + kappa*f^6", points=4, *, order=None, max_order=None, connected=False,
               one_pi=False, no_self_energy=False, max_classes=1e6):
    """The exact formula of an n-point function, as ``nnft correlator`` (every Wick-contraction class with
    its exact coefficient; couplings without 1/k!).

    Parameters
    ----------
    {selection}

    Returns
    -------
    nnft.Correlator with ``terms``, ``text()``, ``latex()``, ``cpp()``, ``to_dict()``.
    """
    return Correlator(_nnft.build_correlator(theory=theory, points=points, order=order, max_order=max_order,
                                             connected=connected, one_pi=one_pi, no_self_energy=no_self_energy,
                                             max_classes=max_classes))
