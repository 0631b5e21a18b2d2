"""HiGHS helpers: its copyright banner kept out of the command line's output, and solves that
stop at Ctrl-C.

Internal to the package (see :mod:`supplychain`): every module that creates a HiGHS instance
(the LP, the timeline model, the interdiction MIP) calls :func:`quiet_highs_banner` first; the
solves that can run long (a timeline's stages and pricing rounds, its whole-convoy MIP, its Monte
Carlo draws, PuLP's solves of a whole model) go through :func:`run_interruptible` or
:class:`InterruptibleHiGHS`.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
import weakref
from typing import Any

import pulp

from supplychain._stdio import reopen_closed_std_streams

__all__ = ["InterruptibleHiGHS", "quiet_highs_banner", "run_interruptible"]

logger = logging.getLogger(__name__)

#: Seconds between two looks of the calling thread at a running solve (assumption: a lock
#: wait that a signal interrupts at once on POSIX, so only the end of a solve waits for it; on
#: Windows Ctrl-C is seen at the next look).
_POLL_S = 0.1
#: Seconds an interrupted solve has to reach HiGHS's next interrupt check and stop
#: (assumption: HiGHS checks once per interior-point or simplex iteration and per
#: branch-and-bound node, not in presolve: the back-test's command ended 0.4 s after a signal
#: 3 s into its interior point and 0.75 s after one at the solve's start, measured 2026-12-05).
#: Past it, the interrupt goes on and the solve is left to end in its thread; the command
#: line's SIGTERM watcher has its own 5 s.
_STOP_WAIT_S = 5.0


@functools.cache
def quiet_highs_banner() -> None:
    """Create the process's first HiGHS instance with stdout closed.

    HiGHS prints its copyright banner from C++ on the first ``Highs()`` of a process, before
    any option can silence it; it would land in the middle of the CLI's output. Later
    instances print nothing. Cached: only the first call of a process does anything.

    Examples
    --------
    >>> quiet_highs_banner()
    >>> import highspy
    >>> h = highspy.Highs()  # prints nothing
    """
    import highspy

    # Started with stdout closed (`>&-`, the library outside the command line): /dev/null
    # there, so that os.dup(1) works and no file opened later takes descriptor 1.
    reopen_closed_std_streams((1,))
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def run_interruptible(highs: Any) -> Any:
    """``highs.run()``, stopped at HiGHS's next interrupt check by a ``KeyboardInterrupt``.

    Python raises ``KeyboardInterrupt`` (Ctrl-C; SIGTERM on the command line, see
    :mod:`supplychain.cli._signals`) only between two bytecodes, so during ``run()``, one C++
    call, it waited for the solve's end: 5.7 s after a Ctrl-C 3 s into the embedded back-test,
    minutes on whole Africa or in a branch and bound (measured 2026-12-05). Here the solve runs
    in highspy's solver thread (``startSolve``) while the calling thread waits on a lock, which
    a signal interrupts; on ``KeyboardInterrupt`` the solve is cancelled (highspy's
    ``HandleUserInterrupt``: HiGHS stops at its next interior-point or simplex iteration or
    branch-and-bound node, model status ``kInterrupt``), waited for (at most
    :data:`_STOP_WAIT_S` s; a second ``KeyboardInterrupt`` ends that wait) and the same
    exception raised again. A solve still running then (or after any other exception) is
    cancelled and left to end in its thread; the next call waits for it (highspy's solver
    thread is one for all instances) and clears its instance's interrupt. highspy's own ``solve()`` with ``HandleKeyboardInterrupt`` is not
    used: it prints to stdout and calls ``sys.exit(1)`` after five presses.

    In the main thread only, where Python raises ``KeyboardInterrupt``: elsewhere ``run()`` is
    called directly (highspy's solver-thread lock is one for all instances, so two threads
    could not solve at once through ``startSolve``).

    ``HandleUserInterrupt`` is on during the call only (it adds a Python callback per simplex
    iteration) and restored afterwards; callbacks subscribed by the caller (a MIP's gap
    progress) keep working. After an interrupted solve the instance can solve again (to the
    same optimum: tests/test_solve_interrupt.py).

    Parameters
    ----------
    highs : highspy.Highs
        A model loaded, its options set.

    Returns
    -------
    highspy.HighsStatus
        What ``highs.run()`` returns.

    Raises
    ------
    KeyboardInterrupt
        The one that arrived during the solve (a subclass stays itself).

    Examples
    --------
    >>> from supplychain.models._examples import x_plus_y_highs
    >>> h = x_plus_y_highs()
    >>> run_interruptible(h), h.getInfo().objective_function_value
    (<HighsStatus.kOk: 0>, -4.0)
    """
    if threading.current_thread() is not threading.main_thread():
        return highs.run()  # Python delivers KeyboardInterrupt to the main thread only
    _wait_for_left_solve(highs)
    handled = highs.HandleUserInterrupt
    highs.HandleUserInterrupt = True
    _clear_interrupt(highs)
    try:
        try:
            highs.startSolve()
            logger.debug("HiGHS solving %d rows, %d columns (Ctrl-C stops it)", highs.getNumRow(),
                         highs.getNumCol())  # fmt: skip
            while True:
                done, status = highs.wait(_POLL_S)
                if done:
                    return status
        except KeyboardInterrupt as exc:
            _stop(highs, exc)
            raise
    finally:
        if highs.is_solver_running():
            # Still running (the wait ran out, or an exception came before the cancel): never
            # left to run to its end, and tidied up when it has stopped.
            highs.cancelSolve()
            _left_running[highs] = handled
        else:
            highs.HandleUserInterrupt = handled


#: Instances whose interrupted solve was left to end in highspy's solver thread, with their
#: ``HandleUserInterrupt`` before the call: restored, and their interrupt cleared, once it ended.
_left_running: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _wait_for_left_solve(highs: Any) -> None:
    """Wait for a solve left to end in highspy's solver thread, then tidy its instance.

    highspy's solver-thread lock is one for every instance: ``startSolve`` on any instance
    raised ``HighsError('Solver is already running.')`` while it ran (a program that caught
    the ``KeyboardInterrupt`` and solved again). It was cancelled, so it stops at HiGHS's next
    interrupt check; a ``KeyboardInterrupt`` ends this wait, nothing started.
    """
    if highs.is_solver_running():  # any instance's solve: the lock is the class's
        logger.warning("An interrupted HiGHS solve is still running; waiting for it to stop")
        while highs.is_solver_running():
            time.sleep(_POLL_S)  # not highs.wait: it would reset this instance's status
    for left, handled in list(_left_running.items()):
        left.HandleUserInterrupt = handled
        _clear_interrupt(left)
    _left_running.clear()


def _clear_interrupt(highs: Any) -> None:
    """Clear HiGHS's interrupt flag of ``highs``, the subscribed callbacks started again.

    HiGHS 1.16 keeps its callback's interrupt flag set after an interrupted run: the next solve
    with an interrupt callback subscribed stopped at once ("Interrupted by user", 0 iterations,
    model status ``kInterrupt``, which PuLP reads as optimal; found by
    tests/test_solve_interrupt.py). Setting the callback again clears it (about 3 us).
    """
    try:
        highs.disableCallbacks()
    finally:
        highs.enableCallbacks()


def _stop(highs: Any, exc: KeyboardInterrupt) -> None:
    """Cancel the solve running in ``highs``'s thread and wait (bounded) for it to stop."""
    highs.cancelSolve()
    deadline = time.monotonic() + _STOP_WAIT_S
    stopped = False
    try:
        while not stopped and time.monotonic() < deadline:
            stopped = highs.wait(min(_POLL_S, max(deadline - time.monotonic(), 0.0)))[0]
    except KeyboardInterrupt:  # a second one: stop waiting
        pass
    if not stopped:
        logger.warning("HiGHS did not stop within %.0f s of the interrupt; its solve is left to "
                       "end in its thread", _STOP_WAIT_S)  # fmt: skip
        return
    logger.debug("HiGHS stopped on %s: %s", type(exc).__name__,
                 highs.modelStatusToString(highs.getModelStatus()))  # fmt: skip
    # Cleared here too (not only before the next run_interruptible) for a plain run() of the
    # instance after it (a MIP's gap callback stays subscribed).
    _clear_interrupt(highs)


class InterruptibleHiGHS(pulp.HiGHS):
    """PuLP's HiGHS interface with the solve stopped by Ctrl-C (:func:`run_interruptible`).

    PuLP calls ``lp.solverModel.run()`` from its ``callSolver``, the one step replaced here;
    building the model, options and reading the solution stay PuLP's.

    Parameters
    ----------
    mip : bool, default True
    msg : bool, default True
    callbackTuple : tuple, optional
    gapAbs, gapRel : float, optional
    threads : int, optional
    timeLimit : float, optional
    callbacksToActivate : list of highspy.cb.HighsCallbackType, optional
    **solverParams
        HiGHS options by name. All as :class:`pulp.HiGHS` takes them.

    Examples
    --------
    >>> x = pulp.LpVariable("x", 0, 3)
    >>> problem = pulp.LpProblem("p", pulp.LpMaximize)
    >>> problem += x
    >>> pulp.LpStatus[problem.solve(InterruptibleHiGHS(msg=False))], x.varValue
    ('Optimal', 3.0)
    """

    def callSolver(self, lp: pulp.LpProblem) -> None:  # noqa: N802 (PuLP's name)
        """Run the solve of ``lp.solverModel`` (see :func:`run_interruptible`).

        Parameters
        ----------
        lp : pulp.LpProblem
            Its ``solverModel`` built (``buildSolverModel``).
        """
        run_interruptible(lp.solverModel)
