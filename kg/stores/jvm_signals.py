"""Keep the JVM's fault handlers in place while it runs inside this process.

HotSpot handles SIGSEGV, SIGBUS, SIGFPE and SIGILL itself: a safepoint poll or an implicit null
check in compiled Java code is a deliberate fault the JVM catches. Python code that sets these
handlers after the JVM started takes that away, and the next such fault kills the process with
exit status 139 and no ``hs_err`` file. pytest does it at the end of every run (its
``faulthandler`` plugin, turned off there, puts back the handlers of before the JVM), so the JVM,
still shutting down, crashed now and then after the last test.

:func:`keep` records the handlers right after the JVM started, and puts them back before the
embedded server is started or stopped and at exit, before JPype shuts the JVM down.

>>> import signal
>>> from kg.stores.jvm_signals import FAULTS
>>> signal.SIGSEGV in FAULTS
True
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import signal
import sys

FAULTS = tuple(getattr(signal, name) for name in ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL") if hasattr(signal, name))
_ACTION_SIZE = 512  # bytes for a ``struct sigaction``, opaque here (152 on Linux x86-64)
_saved: dict[int, ctypes.Array[ctypes.c_char]] = {}


def keep() -> None:
    """The first call records the fault handlers (make it right after the JVM started) and has
    them put back at exit; every later call puts them back."""
    if _saved:
        _restore()
    elif sys.platform != "win32":
        for signum in FAULTS:
            action = ctypes.create_string_buffer(_ACTION_SIZE)
            _sigaction(signum, None, action)
            _saved[signum] = action
        atexit.register(_restore)  # after JPype's exit hook, so before it (LIFO)


def _restore() -> None:
    for signum, action in _saved.items():
        _sigaction(signum, action, None)


def _sigaction(signum: int, new: ctypes.Array[ctypes.c_char] | None, old: ctypes.Array[ctypes.c_char] | None) -> None:
    if _libc().sigaction(signum, new, old) != 0:
        raise OSError(ctypes.get_errno(), f"sigaction({signum}) failed")


@functools.cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)
