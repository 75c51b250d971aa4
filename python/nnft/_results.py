"""Result objects: correlators of ensembles (sample, exact, load) and integrated correlators (integrate)."""
import json
from fractions import Fraction

import numpy as np

from . import _nnft

CORRELATOR_TABLES = ("g2", "g2_connected", "g4", "g4_connected", "g6", "g6_connected")
_MAX_TENSOR_ENTRIES = 5e7


def symmetric_tensor(indices, values, points):
    """The full symmetric tensor T[i1, …, in] (shape (points,)*n) of a table over non-decreasing tuples:
    every permutation of a tuple gets its value; tuples absent from the table read NaN."""
    indices = np.asarray(indices, dtype=np.int64)
    n = indices.shape[1]
    if float(points) ** n > _MAX_TENSOR_ENTRIES:
        raise _nnft.Error(f"the full tensor would have {points}^{n} entries: read the table "
                          f"(.table(name)) instead, or use fewer inputs")
    weights = points ** np.arange(n - 1, -1, -1, dtype=np.int64)
    keys = np.sort(indices, axis=1) @ weights
    order = np.argsort(keys)
    grid = np.sort(np.indices((points,) * n).reshape(n, -1).T, axis=1) @ weights
    pos = np.clip(np.searchsorted(keys[order], grid), 0, len(keys) - 1)
    found = keys[order][pos] == grid
    out = np.where(found, np.asarray(values, dtype=float)[order][pos], np.nan)
    return out.reshape((points,) * n)


class Table:
    """One correlator table: ``indices`` (K, n) int array of non-decreasing output-point tuples, ``values``
    and ``errors`` (K,) float arrays, ``jackknife`` (K, G) leave-one-group-out estimates or None."""

    def __init__(self, name, entries, jackknife=None):
        self.name = name
        n = len(entries[0]["indices"]) if entries else 0
        self.indices = np.array([e["indices"] for e in entries], dtype=np.int64).reshape(len(entries), n)
        self.values = np.array([e["value"] for e in entries], dtype=float)
        self.errors = np.array([e["error"] for e in entries], dtype=float)
        self.jackknife = None if jackknife is None else np.array(jackknife, dtype=float)

    def __len__(self):
        return len(self.values)

    def __repr__(self):
        return f"<nnft.Table {self.name}: {len(self)} entries>"


class Correlators:
    """Correlators of a random-network ensemble: the document of ``nnft sample``/``nnft exact``.

    Attributes ``g2``, ``g2_connected``, ``g4``, ``g4_connected``, ``g6``, ``g6_connected`` are the full
    symmetric tensors over the output points p = input * dout + output (``r.g4_connected[a, b, c, d]``);
    ``r.errors(name)`` gives the tensor of errors, ``r.table(name)`` the sorted-tuple table with errors (and
    jackknife estimates for sampled data). ``config`` and ``networks`` are the document's; ``to_json()``
    is the document as the CLI writes it.
    """

    def __init__(self, text, document=None):
        self._text = text
        self._doc = json.loads(text) if document is None else document
        self.config = self._doc["config"]
        self.networks = self._doc.get("networks", 0)
        self._tables, self._tensors = {}, {}

    @property
    def names(self):
        """The tables in the document (g2, g2_connected, … up to max_n)."""
        return [n for n in CORRELATOR_TABLES if n in self._doc["correlators"]]

    @property
    def points(self):
        """Number of output points P = inputs × dout (the tensors' side)."""
        return len(self.config["inputs"]) * int(self.config.get("dout", 1))

    def table(self, name):
        """The sorted-tuple table ``name`` (a Table: indices, values, errors, jackknife)."""
        if name not in self._tables:
            if name not in self._doc["correlators"]:
                raise KeyError(f"no table '{name}': the document has {', '.join(self.names)}")
            jk = self._doc.get("jackknife") or {}
            self._tables[name] = Table(name, self._doc["correlators"][name], jk.get(name))
        return self._tables[name]

    def tensor(self, name):
        """The full symmetric tensor of table ``name``, shape (P,) * n."""
        if name not in self._tensors:
            t = self.table(name)
            self._tensors[name] = symmetric_tensor(t.indices, t.values, self.points)
        return self._tensors[name]

    def errors(self, name):
        """The errors of table ``name`` as a full symmetric tensor."""
        t = self.table(name)
        return symmetric_tensor(t.indices, t.errors, self.points)

    def __getattr__(self, name):
        if name in CORRELATOR_TABLES:
            return self.tensor(name)
        raise AttributeError(name)

    def to_json(self):
        """The JSON document, exactly as ``nnft sample``/``nnft exact`` write it (or as it was loaded)."""
        return self._text

    def to_dict(self):
        """The JSON document as Python objects."""
        return json.loads(self._text)

    def __repr__(self):
        kind = self.config.get("method", "?")
        return (f"<nnft.Correlators {kind} net={self.config.get('net')} width={self.config.get('width')} "
                f"points={self.points} networks={self.networks} tables={self.names}>")


def monomial_text(couplings):
    """A coupling monomial {"lambda": 2} as text: "lambda^2" ("1" for none)."""
    parts = [g + (f"^{p}" if p > 1 else "") for g, p in sorted(couplings.items())]
    return "*".join(parts) if parts else "1"


class IntegratedCorrelator:
    """The values ± errors of a correlator's terms for a network kernel: the document of ``nnft integrate``.

    ``tuples`` (T, n) int array of input-point tuples; ``terms`` a list of dicts (``coefficient`` as a
    Fraction, ``couplings`` {name: power}); ``values``, ``errors`` (T, terms) float arrays and ``status``
    (T, terms) strings per term (values exclude the couplings, include the coefficients);
    ``by_coupling`` {monomial: (values (T,), errors (T,))} with the terms of equal monomials summed.
    ``complete`` is False when a term diverged or did not converge (the CLI's exit code 4).
    """

    def __init__(self, text, complete=None, output_text=None):
        self._text = text
        self._doc = json.loads(text)
        tuples = self._doc["tuples"]
        self.tuples = np.array([t["indices"] for t in tuples], dtype=np.int64)
        first = tuples[0]["terms"] if tuples else []
        self.terms = [{"coefficient": Fraction(t["coefficient"]), "couplings": dict(t["couplings"])} for t in first]
        self.values = np.array([[v["value"] for v in t["terms"]] for t in tuples], dtype=float)
        self.errors = np.array([[v["error"] for v in t["terms"]] for t in tuples], dtype=float)
        self.status = np.array([[v["status"] for v in t["terms"]] for t in tuples], dtype=object)
        self.by_coupling = {}
        for i, t in enumerate(tuples):
            for b in t["by_coupling"]:
                vals, errs = self.by_coupling.setdefault(monomial_text(b["couplings"]),
                                                         (np.full(len(tuples), np.nan), np.full(len(tuples), np.nan)))
                vals[i], errs[i] = b["value"], b["error"]
        self.complete = bool(np.all(self.status == "ok")) if complete is None else complete
        self._output_text = output_text
        self.kernel = self._doc["kernel"]

    def tensor(self, monomial, inputs=None):
        """The values of one coupling monomial (e.g. "lambda") as a full symmetric tensor over the inputs
        (needs every sorted tuple, i.e. tuples="sorted")."""
        if monomial not in self.by_coupling:
            raise KeyError(f"no monomial '{monomial}': the result has {', '.join(self.by_coupling)}")
        m = int(self.tuples.max()) + 1 if inputs is None else inputs
        return symmetric_tensor(self.tuples, self.by_coupling[monomial][0], m)

    def text(self):
        """The text output of ``nnft integrate`` (None for a loaded document)."""
        return self._output_text

    def to_json(self):
        """The JSON document, exactly as ``nnft integrate --json`` writes it (or as it was loaded)."""
        return self._text

    def to_dict(self):
        """The JSON document as Python objects."""
        return json.loads(self._text)

    def __repr__(self):
        return (f"<nnft.IntegratedCorrelator G{self._doc['points']} {self.kernel.get('net')} kernel: "
                f"{len(self.tuples)} tuples x {len(self.terms)} terms, complete={self.complete}>")
