"""Tests of `softsym verify -j N`: worker processes give the same output as one process."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any, ClassVar

import pytest

from softsym import Derivation, Step, real_symbols, sigmoid
from softsym.cli import main, parallel
from softsym.cli.exit_codes import EXIT_INTERRUPTED
from softsym.kernel.proof import Proof
from softsym.proofs.catalog import catalog, find
from softsym.render.terminal import Report, StepReport, finish
from softsym.verdict import Status, Verdict

DATA = Path(__file__).parent / "data"

USER_FILE = """\
from sympy import Derivative, exp
from softsym import Derivation, Step, real_symbols, sigmoid, softmax
z, z1, z2, c = real_symbols("z z1 z2 c")
BAD = Derivation("bad-shift", "A wrong shift rule", softmax(z1 + c, z2 + c)[0],
    softmax(z1, z2)[0] + c, (Step(softmax(z1, z2)[0] + c, "wrong: the shift comes out"),))
CITING = Derivation("cites-bad-shift", "Relies on the wrong rule", softmax(z1 + c, z2 + c)[0],
    softmax(z1, z2)[0], (Step(softmax(z1, z2)[0], "shift", uses=("bad-shift",)),))
LEMMA = Derivation("two-class", "Two classes", softmax(z1, z2)[0], sigmoid(z1 - z2), (
    Step(exp(z1) / (exp(z1) + exp(z2)), "definition"),
    Step(1 / (1 + exp(z2 - z1)), "divide by $e^{z_1}$"),
    Step(sigmoid(z1 - z2), "definition of $\\\\sigma$"),
))
CITES_GOOD = Derivation("cites-lemma", "Relies on the lemma", softmax(z1, z2)[0],
    sigmoid(z1 - z2), (Step(sigmoid(z1 - z2), "the lemma", uses=("two-class",)),))
SLOPE = Derivation("slope", "The slope of the sigmoid", Derivative(sigmoid(z), z),
    sigmoid(z) * (1 - sigmoid(z)), (
    Step(exp(-z) / (1 + exp(-z)) ** 2, "chain rule"),
    Step(sigmoid(z) * (1 - sigmoid(z)), "regroup"),
))
"""
"""A user's file, citing nothing of the catalog, so its derivations reach the workers
whatever notation the catalog's derivations use."""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _without_times(text: str) -> Any:
    data = json.loads(text)
    for d in data["derivations"]:
        del d["seconds"]
        for s in d["steps"]:
            del s["verdict"]["seconds"]
    return data


@pytest.fixture
def user_file(tmp_path: Path) -> str:
    """The user's file above, written to a temporary folder."""
    path = tmp_path / "mine.py"
    path.write_text(USER_FILE)
    return str(path)


def _count_pools(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record each process pool made (so that a test knows the workers were used)."""
    pools: list[Any] = []
    real = parallel.ProcessPoolExecutor

    def recording(*args: Any, **kwargs: Any) -> Any:
        pools.append(real(*args, **kwargs))
        return pools[-1]

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", recording)
    return pools


def test_workers_give_the_same_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_file: str
) -> None:
    """-j 2 prints exactly what -j 1 prints: one-line, verbose and JSON (times aside)."""
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)  # use the workers for 6 derivations
    pools = _count_pools(monkeypatch)
    argv = [user_file, str(DATA / "bad_derivation.py")]
    outputs = {}
    for jobs in ("1", "2"):
        outputs[jobs] = (
            _run(capsys, "verify", "-j", jobs, *argv),
            _run(capsys, "verify", "-v", "-j", jobs, *argv),
            _run(capsys, "verify", "--json", "-j", jobs, *argv),
        )
    assert len(pools) == 3  # -j 2 ran in workers, -j 1 did not
    (line1, verbose1, json1), (line2, verbose2, json2) = outputs["1"], outputs["2"]
    assert line1 == line2
    assert verbose1 == verbose2
    assert (json1[0], _without_times(json1[1])) == (json2[0], _without_times(json2[1]))
    assert line2 == (1, EXPECTED)


EXPECTED = """\
bad-shift: REFUTED (1 step, failing: step 1)
  step 1 REFUTED by sampling: wrong: the shift comes out
    softmax(z₁ + c, z₂ + c)₁ = softmax(z₁, z₂)₁ + c
    the sides differ at c = -3, z1 = 2, z2 = 0: lhs = 0.88079707797788244406, rhs = -2.1192029220221175559
    counterexample: c = -3, z1 = 2, z2 = 0
      lhs = 0.88079707797788244406
      rhs = -2.1192029220221175559
      lhs - rhs = 3.0000000000000000000 (confirmed at 120 digits)
cites-bad-shift: UNDECIDED (1 step, by exp-rational)
  problem: cites bad-shift, which is refuted
two-class: proved (3 steps, by identical ×2, exp-rational)
cites-lemma: proved (1 step, by exp-rational)
slope: proved (2 steps, by identical, exp-rational)
sign-error: REFUTED (3 steps, failing: step 2)
  step 2 REFUTED by sampling: divide by e^{z_1} (with the wrong sign)
    e^(z₁)/(e^(z₁) + e^(z₂)) = 1/(1 + e^(z₁ − z₂))
    the sides differ at z1 = 0, z2 = 1/2: lhs = 0.37754066879814543536, rhs = 0.62245933120185456464
    counterexample: z1 = 0, z2 = 1/2
      lhs = 0.37754066879814543536
      rhs = 0.62245933120185456464
      lhs - rhs = -0.24491866240370912928 (confirmed at 120 digits)
6 derivations: 3 proved, 2 refuted, 1 undecided
"""  # noqa: E501 - the output as printed: the user's steps in the order their source writes them


def test_workers_check_the_whole_catalog_alike(capsys: pytest.CaptureFixture[str]) -> None:
    """The catalog with 2 workers: every derivation proved, in catalog order, as with -j 1."""
    code, out = _run(capsys, "verify", "-j", "2")
    assert code == 0
    names = [line.split(":")[0] for line in out.splitlines()[:-1]]
    assert names == [d.name for d in catalog()]
    n = len(names)
    assert out.splitlines()[-1] == f"{n} derivations: {n} proved, 0 refuted, 0 undecided"


def test_finish_folds_citations_like_the_kernel_result() -> None:
    """A report proved alone is undecided when a cited derivation is not proved or unknown."""
    alone = Report(
        name="x",
        title="X",
        lhs="a",
        rhs="a",
        assumptions=(),
        uses=("lemma",),
        steps=(StepReport(1, "a", "why", ("lemma",), Status.PROVED, "identical", 0.0, ()),),
        chain_statuses=(Status.PROVED,),
        chain_problems=(),
        status=Status.UNDECIDED,
        problems=("cites lemma, which was not verified in this run",),
        seconds=0.0,
        json_text="{}",
    )
    assert finish(alone, {"lemma": Status.PROVED}).status is Status.PROVED
    refuted = finish(alone, {"lemma": Status.REFUTED})
    assert (refuted.status, refuted.problems) == (
        Status.UNDECIDED,
        ("cites lemma, which is refuted",),
    )
    unknown = finish(alone, {})
    assert unknown.problems == ("cites lemma, which is not a known derivation",)
    broken = finish(
        Report(**{**alone.__dict__, "chain_problems": ("step 1 was not checked",)}),
        {"lemma": Status.PROVED},
    )
    assert broken.status is Status.UNDECIDED
    assert broken.to_json() == {"status": "undecided", "problems": ["step 1 was not checked"]}


def _holds(value: Any, kinds: tuple[type, ...]) -> bool:
    """Whether a value holds, anywhere inside, an instance of one of ``kinds``."""
    if isinstance(value, kinds):
        return True
    if isinstance(value, (tuple, list)):
        return any(_holds(v, kinds) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return any(_holds(getattr(value, f), kinds) for f in value.__dataclass_fields__)
    return False


def test_a_worker_sends_back_plain_values_only() -> None:
    """What a worker returns holds no Verdict and no Proof, and pickles."""
    z = real_symbols("z")
    d = Derivation("slope", "Slope", sigmoid(-z), 1 - sigmoid(z), (Step(1 - sigmoid(z), "s"),))
    payload = parallel.pack((parallel.plain(d), d.source))
    rep = parallel._check_alone(payload, None, parallel.View())
    assert rep.status is Status.PROVED
    assert not _holds(rep, (Verdict, Proof))
    assert pickle.loads(pickle.dumps(rep)) == rep  # noqa: S301 - our own value


class _InlinePool:
    """A stand-in for the process pool that runs each job at once, recording the order."""

    submitted: ClassVar[list[str]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _InlinePool.submitted = []

    def submit(self, fn: Any, *args: Any) -> Future[Report]:
        future: Future[Report] = Future()
        rep = fn(*args)
        _InlinePool.submitted.append(rep.name)
        future.set_result(rep)
        return future

    def shutdown(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to stop."""


def test_longest_derivations_go_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Jobs are sent longest first; reports come back in the order asked for."""
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", _InlinePool)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    z = real_symbols("z")
    small = Derivation("small", "Small", z, z, (Step(z, "as it is"),))
    large = Derivation(
        "large",
        "Large",
        sigmoid(z) * (1 - sigmoid(z)),
        sigmoid(z) * sigmoid(-z),
        (Step(sigmoid(z) * sigmoid(-z), "1 - σ(z) = σ(-z)"),),
    )
    middle = Derivation(
        "middle", "Middle", sigmoid(-z), 1 - sigmoid(z), (Step(1 - sigmoid(z), "s"),)
    )
    chosen = [small, large, middle]
    costs = [parallel.estimated_cost(d) for d in chosen]
    assert costs[1] > costs[2] > costs[0]
    reports = parallel.check_reports(chosen, (), timeout=None, jobs=2)
    assert [r.name for r in reports] == ["small", "large", "middle"]
    assert _InlinePool.submitted == ["large", "middle", "small"]
    assert all(r.status is Status.PROVED for r in reports)


def test_small_runs_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fewer than MIN_PER_WORKER derivations per worker: no worker is started."""
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # would fail if called
    chosen = [find("softmax2-class-is-logistic")]  # and the 2 it cites
    (rep,) = parallel.check_reports(chosen, catalog(), timeout=None, jobs=2)
    assert rep.status is Status.PROVED


_real_stop = parallel._stop


def test_derivations_that_do_not_travel_exactly_stay_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a derivation made again from what a worker receives differs, no worker is used."""
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    z = real_symbols("z")
    chosen = [Derivation(f"d{i}", "D", z, z, (Step(z, "as it is"),)) for i in range(4)]
    assert parallel._travel_exactly(chosen, parallel._payloads(chosen))
    real = parallel.plain

    def lossy(d: Derivation) -> Any:
        return {**real(d), "title": "another title"}

    monkeypatch.setattr(parallel, "plain", lossy)
    assert not parallel._travel_exactly(chosen, parallel._payloads(chosen))
    stopped = []
    monkeypatch.setattr(parallel, "_stop", lambda pool: stopped.append(_real_stop(pool)))
    reports = parallel.check_reports(chosen, (), timeout=None, jobs=2)
    assert [r.title for r in reports] == ["D"] * 4
    assert len(stopped) == 1  # the workers were started, then stopped


def test_interrupt_stops_the_workers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], user_file: str
) -> None:
    """Ctrl-C while the workers run: they are terminated at once and verify exits 130."""
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    pools = _count_pools(monkeypatch)
    workers: list[Any] = []

    def interrupted(futures: Any) -> Any:
        deadline = time.monotonic() + 30
        while len(pools[-1]._processes or {}) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the workers are starting
        workers.extend(pools[-1]._processes.values())
        raise KeyboardInterrupt
        yield  # a generator, like as_completed

    monkeypatch.setattr(parallel, "as_completed", interrupted)
    assert main(["verify", "-j", "2", user_file]) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "softsym: interrupted\n"
    assert len(pools) == 1
    assert len(workers) == 2
    for process in workers:  # stopped, not left to finish (a finished worker exits 0)
        pid = process.pid
        process.join(10)
        # -SIGTERM as reported by the forkserver; 255 is what multiprocessing reports when
        # the pool's shutdown closed the status pipe first: the worker was stopped all the same.
        assert process.exitcode in (-signal.SIGTERM, 255)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
def test_ctrl_c_in_a_terminal_exits_130() -> None:
    """SIGINT to the whole process group (as a terminal sends it) ends verify with 130, quickly."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "softsym", "verify", "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(2.5)  # started, loading or checking
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode in (EXIT_INTERRUPTED, 0), err  # 0: it had finished already
    if proc.returncode == EXIT_INTERRUPTED:
        assert err.endswith("softsym: interrupted\n")
        assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be at least 1 (got 0)"), ("x", "expected a number of processes (got 'x')")],
)
def test_jobs_must_be_a_positive_number(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    """-j 0 or -j x is a usage error, exit 2."""
    assert main(["verify", "-j", value]) == 2
    assert f"argument -j/--jobs: {message}" in capsys.readouterr().err


_SERVER_START_SCRIPT = """
import os, signal
from multiprocessing import forkserver
from softsym.cli import parallel

real = forkserver.ensure_running

def interrupted_start():
    os.kill(os.getpid(), signal.SIGINT)
    real()

forkserver.ensure_running = interrupted_start
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in `softsym`
try:
    parallel.warm_up()
except KeyboardInterrupt:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    print("interrupted")
else:
    print("lost")
"""


def test_ctrl_c_while_the_server_starts_is_not_lost() -> None:
    """A Ctrl-C while SIGINT is ignored for the forkserver's start arrives right after.

    Run in a fresh interpreter: the signal is held by blocking it in the one thread
    `softsym` has; in a test process other threads (left by earlier tests) would take
    and drop it.
    """
    done = subprocess.run(
        [sys.executable, "-c", _SERVER_START_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == "interrupted", done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
