"""Keyword checking, progress reporting and small helpers shared by the nnft functions."""
import difflib
import functools
import inspect
import sys
import time

from . import _nnft


class ArgumentError(TypeError, ValueError):
    """A call with an unknown or misplaced argument; the message names the valid ones.

    It is both a TypeError (what Python raises for a bad keyword) and a ValueError (what nnft raises for
    bad input), so either ``except`` catches it.
    """


def keywords(fn):
    """Check a call's arguments against ``fn``'s signature before calling it; an unknown keyword raises
    ArgumentError naming the closest valid one and every valid one. The check of a good call is a few set
    operations (inspect's binding, ~25 us, only runs to explain a bad one)."""
    sig = inspect.signature(fn)
    params = sig.parameters
    positional = [n for n, p in params.items() if p.kind is p.POSITIONAL_OR_KEYWORD]
    names = frozenset(params)
    required = frozenset(n for n, p in params.items() if p.default is p.empty)

    def explain(args, kwargs):
        valid = list(params)
        unknown = [k for k in kwargs if k not in names]
        if unknown:
            hints = []
            for k in unknown:
                close = difflib.get_close_matches(k, valid, n=1)
                hints.append(f"'{k}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
            return ArgumentError(f"{fn.__name__}(): unknown keyword argument {', '.join(hints)}; "
                                 f"the valid ones are: {', '.join(valid)}")
        try:
            sig.bind(*args, **kwargs)
        except TypeError as e:
            return ArgumentError(f"{fn.__name__}(): {e}; the arguments are: {', '.join(valid)}")
        return None

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        given = positional[:len(args)]
        if (len(args) > len(positional) or not names.issuperset(kwargs) or not required.issubset(kwargs.keys() | given)
                or not kwargs.keys().isdisjoint(given)):
            error = explain(args, kwargs)
            if error is not None:
                raise error
        return fn(*args, **kwargs)

    return checked


class _TextBar:
    """A progress line on stderr, for progress=True without tqdm: one line per phase, redrawn in place."""

    def __init__(self, what):
        self.what, self.phase, self.start = what, None, time.monotonic()

    def __call__(self, done, total, phase):
        if phase != self.phase:
            if self.phase is not None:
                sys.stderr.write("\n")
            self.phase, self.start = phase, time.monotonic()
        rate = done / max(time.monotonic() - self.start, 1e-9)
        count = f"{done}/{total} ({100.0 * done / total:5.1f}%)" if total else f"{done}"
        end = "\n" if total and done >= total else "\r"
        sys.stderr.write(f"{self.what}: {phase}: {count}, {rate:.3g}/s{end}")
        if end == "\n":
            self.phase = None
        sys.stderr.flush()


class _TqdmBar:
    """tqdm bars fed with (done, total, phase): one bar per phase (total 0: a counter without a total)."""

    def __init__(self, tqdm, what):
        self.tqdm, self.what, self.bar, self.phase, self.done = tqdm, what, None, None, 0

    def __call__(self, done, total, phase):
        if self.bar is None or phase != self.phase:
            if self.bar is not None:
                self.bar.close()
            unit = "net" if phase == "networks" else "it"
            self.bar = self.tqdm(total=total or None, desc=f"{self.what}: {phase}", unit=unit, unit_scale=True)
            self.phase, self.done = phase, 0
        self.bar.update(done - self.done)
        self.done = done
        if total and done >= total:
            self.bar.close()
            self.bar = None


def _takes_phase(fn):
    """Whether the callable accepts a third positional argument (the phase name)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: give it the short form
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3 or any(p.kind == p.VAR_POSITIONAL for p in params)


def require_network(net, activation):
    """Raise nnft.Error unless one of ``net`` and ``activation`` is given: no function guesses the network (the
    CLI's message, study::check_activation_choice)."""
    _nnft.check_activation_choice(net is not None, activation is not None)


def progress_callback(progress, what):
    """The callable behind a ``progress=`` argument, called as ``(done, total, phase)`` by the extension:
    None/False (none), True (a tqdm bar per phase when tqdm is installed, else a line on stderr) or a user
    callable ``f(done, total)`` or ``f(done, total, phase)`` (total 0: not known in advance)."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return _TextBar(what)
        return _TqdmBar(tqdm, what)
    if not callable(progress):
        raise ArgumentError(f"{what}(): progress must be None, True or a callable f(done, total) or "
                            f"f(done, total, phase), not {type(progress).__name__}")
    if _takes_phase(progress):
        return progress
    return lambda done, total, phase: progress(done, total)
