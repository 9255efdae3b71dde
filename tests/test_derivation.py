"""Tests of softsym.proofs.derivation and softsym.proofs.catalog: chains, citations, loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from sympy import exp

from softsym.errors import DerivationError, UnknownDerivationError
from softsym.lang.functions import sigmoid, softmax
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import catalog, find, load_path
from softsym.proofs.derivation import Derivation, Step, dependency_order, verify, verify_all
from softsym.verdict import Status

DATA = Path(__file__).parent / "data"
z, z1, z2 = real_symbols("z z1 z2")


def _seed(rhs: object = None, steps: tuple[Step, ...] | None = None) -> Derivation:
    return Derivation(
        name="seed",
        title="seed",
        lhs=softmax(z1, z2)[0],
        rhs=sigmoid(z1 - z2) if rhs is None else rhs,
        steps=steps
        or (
            Step(exp(z1) / (exp(z1) + exp(z2)), "definition"),
            Step(sigmoid(z1 - z2), "divide by e^{z_1}"),
        ),
    )


def test_good_chain_is_proved() -> None:
    """A chain of proved steps ending at the claim is proved."""
    result = verify(_seed())
    assert result.status is Status.PROVED
    assert [r.index for r in result.steps] == [1, 2]
    assert result.problems == ()


def test_each_step_is_checked_against_the_previous() -> None:
    """Step i is compared with step i - 1, not with the start."""
    result = verify(_seed())
    assert result.steps[1].previous == exp(z1) / (exp(z1) + exp(z2))


def test_refuted_step_refutes_the_derivation() -> None:
    """A wrong step makes the derivation refuted and names the step."""
    bad = _seed(
        rhs=sigmoid(z2 - z1),
        steps=(Step(1 / (1 + exp(z1 - z2)), "wrong sign"), Step(sigmoid(z2 - z1), "def")),
    )
    result = verify(bad)
    assert result.status is Status.REFUTED
    assert result.steps[0].verdict.status is Status.REFUTED
    assert result.steps[1].verdict.status is Status.PROVED


def test_chain_must_end_at_claim() -> None:
    """Proved steps that stop short of the claimed rhs do not prove it."""
    short = _seed(steps=(Step(exp(z1) / (exp(z1) + exp(z2)), "definition"),))
    result = verify(short)
    assert result.status is Status.UNDECIDED
    assert result.problems == (
        "the chain ends at exp(z1)/(exp(z1) + exp(z2)), not at the claimed "
        "right-hand side sigmoid(z1 - z2)",
    )


def test_cited_unproved_derivation() -> None:
    """A derivation citing a refuted derivation is not proved."""
    derivations = load_path(DATA / "bad_derivation.py") + load_path(DATA / "cites_bad.py")
    results = verify_all(derivations)
    by_name = {r.derivation.name: r for r in results}
    assert by_name["sign-error"].status is Status.REFUTED
    assert by_name["cites-bad"].status is Status.UNDECIDED
    assert by_name["cites-bad"].problems == ("cites sign-error, which is refuted",)


def test_cited_unknown_derivation() -> None:
    """Citing a name that does not exist is a problem."""
    d = Derivation("lonely", "t", z, z, (Step(z, "same", uses=("nowhere",)),))
    (result,) = verify_all([d])
    assert result.problems == ("cites nowhere, which is not a known derivation",)


def test_citation_cycle() -> None:
    """Citation cycles are an error."""
    a = Derivation("a", "t", z, z, (Step(z, "r", uses=("b",)),))
    b = Derivation("b", "t", z, z, (Step(z, "r", uses=("a",)),))
    with pytest.raises(DerivationError, match="citations form a cycle: a -> b -> a"):
        dependency_order([a, b])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "Bad Name"}, "derivation name must be lower-case letters"),
        ({"title": " "}, "needs a title"),
        ({"steps": ()}, "needs one or more Step"),
        ({"lhs": "softmax(z1, z2)[0]"}, "must be a SymPy expression, not text"),
        ({"assumptions": ("T >",)}, "bad assumption"),
    ],
)
def test_malformed_derivation(kwargs: dict[str, object], message: str) -> None:
    """Malformed derivations are DerivationErrors naming the problem."""
    args: dict[str, object] = {
        "name": "ok",
        "title": "ok",
        "lhs": z,
        "rhs": z,
        "steps": (Step(z, "same"),),
    }
    args.update(kwargs)
    with pytest.raises(DerivationError, match=message):
        Derivation(**args)  # type: ignore[arg-type]


def test_step_needs_reason() -> None:
    """A step without a reason is rejected."""
    with pytest.raises(DerivationError, match="needs a reason"):
        Step(z, "")


def test_catalog_names_are_unique_and_found() -> None:
    """Every catalog derivation can be found by name."""
    derivations = catalog()
    assert len({d.name for d in derivations}) == len(derivations)
    for d in derivations:
        assert find(d.name) is d or find(d.name).name == d.name


def test_unknown_name_suggests() -> None:
    """An unknown name suggests close names."""
    with pytest.raises(UnknownDerivationError, match="did you mean softmax2-sigmoid"):
        find("softmax2-sigmod")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("broken_syntax.py", r"broken_syntax\.py:3: syntax error: .\(. was never closed"),
        ("broken_runtime.py", r"broken_runtime\.py:5: NameError: name 'undefined_name'"),
        ("missing.py", "no such file or folder"),
        ("../__init__.py", "no such file or folder"),
    ],
)
def test_broken_files(path: str, message: str) -> None:
    """Broken derivation files give a clear error with file and line."""
    with pytest.raises(DerivationError, match=message):
        load_path(DATA / path)


def test_load_folder_skips_private_files(tmp_path: Path) -> None:
    """A folder loads every public .py file in name order."""
    (tmp_path / "_helpers.py").write_text("raise RuntimeError('never imported')\n")
    (tmp_path / "b.py").write_text(
        "from softsym import Derivation, Step, real_symbols\n"
        "z = real_symbols('z')\n"
        "B = Derivation('b', 'B', z, z, (Step(z, 'same'),))\n"
    )
    (tmp_path / "a.py").write_text(
        "from softsym import Derivation, Step, real_symbols\n"
        "z = real_symbols('z')\n"
        "A = Derivation('a', 'A', z, z, (Step(z, 'same'),))\n"
    )
    assert [d.name for d in load_path(tmp_path)] == ["a", "b"]
