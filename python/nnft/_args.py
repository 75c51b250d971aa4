"""Keyword checking, progress reporting and small helpers shared by the nnft functions."""
import difflib
import functools
import inspect
import sys
import time


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
    """A progress line on stderr, for progress=True without tqdm."""

    def __init__(self, what):
        self.what, self.start = what, time.monotonic()

    def __call__(self, done, total):
        rate = done / max(time.monotonic() - self.start, 1e-9)
        end = "\n" if done >= total else "\r"
        sys.stderr.write(f"{self.what}: {done}/{total} ({100.0 * done / total:5.1f}%), {rate:.3g}/s{end}")
        sys.stderr.flush()


class _TqdmBar:
    """A tqdm bar fed with (done, total) pairs."""

    def __init__(self, tqdm, what):
        self.tqdm, self.what, self.bar, self.done = tqdm, what, None, 0

    def __call__(self, done, total):
        if self.bar is None:
            self.bar = self.tqdm(total=total, desc=self.what, unit="net", unit_scale=True)
        self.bar.update(done - self.done)
        self.done = done
        if done >= total:
            self.bar.close()


def progress_callback(progress, what):
    """The callable behind a ``progress=`` argument: None/False (none), True (a tqdm bar when tqdm is
    installed, else a line on stderr) or a callable ``f(done, total)``."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return _TextBar(what)
        return _TqdmBar(tqdm, what)
    if not callable(progress):
        raise ArgumentError(f"{what}(): progress must be None, True or a callable f(done, total), "
                            f"not {type(progress).__name__}")
    return progress
