"""nnft.check: the end-to-end cross-checks of ``nnft check`` as a dict."""
import json

from . import _nnft
from ._args import ArgumentError, keywords


@keywords
def check(*, only=None, threads=0, scale=1.0, progress=None):
    """Run the end-to-end cross-checks on embedded defaults, as ``nnft check --json``.

    Parameters
    ----------
    only : str, optional
        Run only the checks whose id starts with this, e.g. "diagrams." or "ensemble.erf5" (default: all,
        about a minute on 2 cores).
    threads : int, default 0
        Sampling threads (0: all cores).
    scale : float, default 1
        Multiply the ensemble sizes (in (0, 1000]).
    progress : callable, optional
        ``f(id, passed, seconds)`` called after each check.

    Returns
    -------
    dict: {"checks": [{"id", "name", "passed", "detail", "seconds"}], "passed", "seconds"}. A failed check is
    reported (``passed`` False), not raised. Ctrl-C between checks raises KeyboardInterrupt.
    """
    if progress is not None and not callable(progress):
        raise ArgumentError(f"check(): progress must be None or a callable f(id, passed, seconds), "
                            f"not {type(progress).__name__}")
    return json.loads(_nnft.check(only=only, threads=threads, scale=scale, progress=progress))
