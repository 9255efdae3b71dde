"""Check derivations for ``verify`` and ``show``, in this process or in worker processes.

:func:`check_reports` returns one :class:`~softsym.render.terminal.Report` per
derivation asked for, in the order asked for, whatever the number of workers.
With one worker (``-j 1``), or fewer than :data:`MIN_PER_WORKER` derivations
per worker to check, everything runs here.
Otherwise every derivation to check (those asked for and, transitively, those
they cite) goes to a pool of worker processes started with ``forkserver`` (or
``spawn`` where there is no forkserver), never a plain ``fork``:

* a derivation travels as its plain values, pickled exactly
  (:func:`softsym.cli.user_code.pack`), and the worker makes it again with
  :func:`~softsym.proofs.catalog.from_plain`, which checks it as it is made;
  no user code runs in a worker (files were loaded in their own child process).
  While the workers start, each derivation is made again here from those bytes
  and compared with the original: if one differs, the workers are stopped and
  the run is done in this process;
* the worker checks it alone and sends back a report: text and statuses,
  never a verdict or a proof (proofs do not leave the process that made them);
* this process then completes each report from its citations, in dependency
  order, with the rule of :func:`softsym.proofs.derivation.assess`, which is
  also how an in-process result computes its status. The statuses printed are
  therefore the same as with ``-j 1``; no "proved" Verdict is ever made here
  from a worker's answer.

The longest derivations are sent first (their cost is estimated from the size
of their steps, :func:`estimated_cost`), so that the workers finish at about
the same time. Ctrl-C
stops the workers and raises ``KeyboardInterrupt`` here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from sympy import preorder_traversal

from softsym.cli.user_code import pack, unpack
from softsym.lang.latex import readings, remember
from softsym.proofs.catalog import from_plain, plain
from softsym.proofs.derivation import Derivation, DerivationResult, citation_closure, verify
from softsym.render.terminal import Report, finish, report

__all__ = ["Progress", "View", "check_reports", "default_jobs", "estimated_cost", "warm_up"]

Progress = Callable[[int, int], None]
"""Told (done, total) after each derivation is checked."""


@dataclass(frozen=True)
class View:
    """What the reports will be used for, so that nothing else is printed (printing is slow).

    Attributes:
        chain: Every step's expression (``verify -v``, ``show``).
        json: The JSON form (``verify --json``).
    """

    chain: bool = True
    json: bool = True


MIN_PER_WORKER = 4
"""Derivations per worker below which a run stays in this process (starting workers
costs about an import of softsym, more than checking a few derivations)."""

_PRELOAD = ["softsym.cli.parallel", "softsym.render.latex"]
"""What the forkserver imports once, so that each worker starts ready."""


def default_jobs() -> int:
    """The default number of worker processes: the number of cores (at least 1)."""
    return max(1, os.cpu_count() or 1)


def estimated_cost(derivation: Derivation) -> int:
    """A rough cost of checking a derivation: the size of its claim and steps, in tree nodes.

    On the catalog it follows the measured times (correlation 0.8) and costs
    milliseconds, where printing the expressions would cost tenths of a second.
    """
    sides = [derivation.lhs, derivation.rhs, *(s.expr for s in derivation.steps)]
    return sum(sum(1 for _ in preorder_traversal(e)) for e in sides)


def check_reports(
    chosen: Sequence[Derivation],
    library: Sequence[Derivation] = (),
    *,
    timeout: float | None,
    jobs: int,
    progress: Progress | None = None,
    view: View = View(),
) -> list[Report]:
    """Check derivations and the ones they cite; return the reports of those asked for.

    Args:
        chosen: The derivations asked for (a name may appear twice: one report each).
        library: Derivations they may cite (the catalog).
        timeout: Time limit per step (default: each derivation's own).
        jobs: The number of worker processes at most; 1 checks in this process.
        progress: Called with (done, total) after each derivation.
        view: What the reports must hold (see :func:`softsym.render.terminal.report`).

    Raises:
        DerivationError: Two different derivations share a name, or citations
            form a cycle.
    """
    order = citation_closure(chosen, library)
    workers = min(jobs, len(order) // MIN_PER_WORKER)
    alone = _in_workers(order, timeout, workers, progress, view) if workers > 1 else None
    if alone is None:
        reports = _here(order, timeout, progress, view)
    else:
        reports = {}
        for d in order:  # dependency order: every cited report is complete already
            reports[d.name] = finish(alone[d.name], {n: r.status for n, r in reports.items()})
    return [reports[d.name] for d in chosen]


def _here(
    order: Sequence[Derivation], timeout: float | None, progress: Progress | None, view: View
) -> dict[str, Report]:
    results: dict[str, DerivationResult] = {}
    reports = {}
    for done, d in enumerate(order, start=1):
        results[d.name] = verify(d, timeout=timeout, cited=results)
        reports[d.name] = report(results[d.name], chain=view.chain, with_json=view.json)
        if progress is not None:
            progress(done, len(order))
    return reports


def _check_alone(payload: bytes, timeout: float | None, view: View) -> Report:
    """In a worker: make the derivation again, check it alone, report it."""
    values, source = unpack(payload)
    result = verify(from_plain(values, source), timeout=timeout)
    return report(result, chain=view.chain, with_json=view.json)


def _start_worker(made: bytes) -> None:
    """Leave Ctrl-C to the parent, which stops the workers itself; take its readings.

    The parent's LaTeX readings (:func:`softsym.lang.latex.remember`) spare the
    worker reading every formula again when it makes its derivations again.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    remember(unpack(made))


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def warm_up() -> None:
    """Start the forkserver now, so that it imports softsym while this process loads files.

    The server starts with Ctrl-C ignored (a process started so keeps it so),
    else a Ctrl-C while it imports would print its traceback; its workers
    ignore it too, and this process stops them. Harmless where there is no
    forkserver, and when it runs already.
    """
    if _context().get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver, resource_tracker

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    # Blocked while ignored, a Ctrl-C in between stays pending (Linux never drops a
    # blocked signal) and arrives here once the handler is back. The resource
    # tracker, which the forkserver starts first, unblocks it: start it before.
    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _payloads(order: Sequence[Derivation]) -> dict[str, bytes]:
    """Each derivation as a worker receives it: its plain values and source, pickled."""
    return {d.name: pack((plain(d), d.source)) for d in order}


def _travel_exactly(order: Sequence[Derivation], payloads: Mapping[str, bytes]) -> bool:
    """Whether a worker makes of its bytes exactly the derivation sent.

    A worker checks what it makes of these bytes; should that differ from the
    derivation here (a field the plain values do not carry), its verdict would
    be about something else, so then everything is checked in this process.
    """
    for d in order:
        values, source = unpack(payloads[d.name])
        if from_plain(values, source) != d:
            return False
    return True


def _in_workers(
    order: Sequence[Derivation],
    timeout: float | None,
    workers: int,
    progress: Progress | None,
    view: View,
) -> dict[str, Report] | None:
    """The reports of derivations checked alone in workers.

    ``None`` if one would not arrive exactly (:func:`_travel_exactly`, checked
    here while the workers start).
    """
    payloads = _payloads(order)
    longest_first = sorted(order, key=estimated_cost, reverse=True)
    warm_up()
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start_worker, initargs=(pack(readings()),)
    )
    try:
        futures: dict[Future[Report], str] = {
            pool.submit(_check_alone, payloads[d.name], timeout, view): d.name
            for d in longest_first
        }
        if not _travel_exactly(order, payloads):
            _stop(pool)
            return None
        reports = {}
        for done, future in enumerate(as_completed(futures), start=1):
            reports[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(order))
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return reports


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, the running checks too (Ctrl-C, or a worker that failed)."""
    workers = dict(getattr(pool, "_processes", None) or {})  # no public way to reach them
    for process in workers.values():
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
