"""What a build's process is doing, in its name as ``ps`` and ``/proc/PID/comm`` show it.

A build runs in several processes (extraction workers, a warm worker, writers side by side), all
of them ``python``: a tool watching their memory (``benchmarks/bench_build.py``) cannot tell which
is which, nor what the build's own process is busy with. :func:`set_role` names the calling
process after its role (``eg:extract``, ``eg:extractor``, ``w:graph.sqlite``...), up to 15 bytes,
on Linux only (``prctl(PR_SET_NAME)``); elsewhere it does nothing. :func:`role` scopes a name to a
``with`` block and puts the previous one back.

>>> with role("eg:doctest"):
...     pass
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

__all__ = ["current_role", "role", "set_role"]

log = logging.getLogger(__name__)

_PR_SET_NAME = 15
_PR_GET_NAME = 16
_LIBC = None


def _libc():
    global _LIBC
    if _LIBC is None:
        import ctypes

        _LIBC = ctypes.CDLL(None, use_errno=True)
    return _LIBC


def current_role() -> str | None:
    """This process's name (``/proc/self/comm``), or ``None`` where it cannot be read."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        with open("/proc/self/comm", "rb") as f:
            return f.read().rstrip(b"\n").decode("utf-8", "replace")
    except OSError:
        return None


def set_role(name: str) -> None:
    """Name this process ``name`` (cut to 15 bytes); nothing off Linux or without libc's ``prctl``."""
    if not sys.platform.startswith("linux"):
        return
    try:
        _libc().prctl(_PR_SET_NAME, name.encode("utf-8")[:15], 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        log.debug("prctl(PR_SET_NAME) unavailable")


@contextlib.contextmanager
def role(name: str) -> Iterator[None]:
    """This process named ``name`` for the length of the block, then as before."""
    before = current_role()
    set_role(name)
    try:
        yield
    finally:
        if before is not None:
            set_role(before)
