"""Tests of the kernel fence: a proved verdict or derivation cannot be forged outside the kernel."""

from __future__ import annotations

import ast
import copy
import dataclasses
import pickle
from pathlib import Path

import pytest
from sympy import exp

import softsym
from softsym.decide import check
from softsym.kernel.proof import Proof, is_genuine
from softsym.lang.functions import sigmoid
from softsym.lang.symbols import real_symbols
from softsym.proofs.derivation import Derivation, DerivationResult, Step, StepResult, verify
from softsym.verdict import Status, Verdict

PACKAGE = Path(softsym.__file__).parent
z, w = real_symbols("z w")

TRUE = (sigmoid(-z), 1 - sigmoid(z))
FALSE = (sigmoid(-z), sigmoid(z))


def _proved() -> Verdict:
    verdict = check(*TRUE)
    assert verdict.proved
    return verdict


def _refuted() -> Verdict:
    verdict = check(*FALSE)
    assert verdict.status is Status.REFUTED
    return verdict


SYMMETRY = Derivation(
    name="symmetry",
    title="symmetry",
    lhs=sigmoid(-z),
    rhs=1 - sigmoid(z),
    steps=(Step(1 / (1 + exp(z)), "definition"), Step(1 - sigmoid(z), "algebra")),
)
WRONG = Derivation(
    name="wrong",
    title="wrong",
    lhs=sigmoid(-z),
    rhs=sigmoid(z),
    steps=(Step(sigmoid(z), "a sign slip"),),
)


# --- forgery 1: dataclasses.replace ------------------------------------------------------


def test_replace_refuted_by_proved_is_refused() -> None:
    """replace(refuted, status=PROVED) no longer yields a proved verdict."""
    with pytest.raises(PermissionError, match="needs the kernel's Proof"):
        dataclasses.replace(_refuted(), status=Status.PROVED, counterexample=None)


def test_replace_sides_of_a_proved_verdict_is_refused() -> None:
    """A genuine proof does not transfer to other sides or other assumptions."""
    proved = _proved()
    with pytest.raises(PermissionError):
        dataclasses.replace(proved, rhs=str(sigmoid(z)))
    with pytest.raises(PermissionError):
        dataclasses.replace(proved, assumptions=("z > 0",))
    with pytest.raises(PermissionError):
        dataclasses.replace(proved, method="derivative")


def test_proof_of_one_statement_does_not_prove_another() -> None:
    """A verdict built around another check's Proof is refused."""
    other = check(exp(z) * exp(w), exp(z + w)).proof
    assert other is not None
    with pytest.raises(PermissionError):
        Verdict(Status.PROVED, other.method, "", str(FALSE[0]), str(FALSE[1]), proof=other)


# --- forgery 2: a kernel token or a Proof made outside the kernel ------------------------


def test_no_kernel_token_to_import() -> None:
    """The old module-level token is gone: there is nothing to import and pass."""
    import softsym.kernel.checker as checker

    assert not hasattr(checker, "_KERNEL_TOKEN")


def test_proof_cannot_be_constructed() -> None:
    """Calling Proof(...) raises."""
    with pytest.raises(PermissionError, match="only the checking kernel"):
        Proof("a", "a", (), "identical", "")


def test_proof_made_by_object_new_proves_nothing() -> None:
    """A Proof built behind the constructor's back is not genuine, so no verdict takes it."""
    fake = object.__new__(Proof)
    for name, value in [
        ("lhs", str(FALSE[0])),
        ("rhs", str(FALSE[1])),
        ("assumptions", ()),
        ("method", "identical"),
        ("reason", ""),
    ]:
        object.__setattr__(fake, name, value)
    assert not is_genuine(fake)
    with pytest.raises(PermissionError):
        Verdict(Status.PROVED, "identical", "", str(FALSE[0]), str(FALSE[1]), proof=fake)


def test_proof_is_immutable() -> None:
    """A genuine Proof's statement cannot be changed."""
    proof = _proved().proof
    assert proof is not None
    with pytest.raises(AttributeError, match="immutable"):
        proof.rhs = "anything"  # type: ignore[misc]


def test_tampered_status_is_not_proved() -> None:
    """Even a status written behind the dataclass's back does not make `proved` true."""
    refuted = _refuted()
    object.__setattr__(refuted, "status", Status.PROVED)
    assert not refuted.proved


# --- copies and pickles --------------------------------------------------------------------


def test_copies_of_a_proved_verdict_stay_proved() -> None:
    """copy and deepcopy keep the same genuine Proof."""
    proved = _proved()
    assert copy.copy(proved).proved
    assert copy.deepcopy(proved).proved
    assert copy.deepcopy(proved).proof is proved.proof


def test_pickle_does_not_carry_a_proof() -> None:
    """A Proof does not leave its process; refuted and undecided verdicts pickle fine."""
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(_proved())
    refuted = _refuted()
    assert pickle.loads(pickle.dumps(refuted)) == refuted  # noqa: S301 - our own bytes


def test_unpickling_a_forged_proved_verdict_fails() -> None:
    """Bytes that claim a proved verdict are rebuilt through the constructor, which refuses."""
    forged = pickle.dumps(
        (Verdict, (Status.PROVED, "identical", "", "1", "2", (), None, 0.0, None))
    )
    cls, args = pickle.loads(forged)  # noqa: S301 - our own bytes
    with pytest.raises(PermissionError):
        cls(*args)


# --- forgery 3: a DerivationResult says what its steps say --------------------------------


def test_derivation_result_without_steps_is_not_proved() -> None:
    """DerivationResult(derivation, ()) is not proved: its status is computed, not passed."""
    result = DerivationResult(WRONG, ())
    assert result.status is Status.UNDECIDED
    assert not result.proved
    assert "step 1 was not checked" in result.problems


def test_derivation_result_status_cannot_be_passed() -> None:
    """The old constructor with a status argument is refused."""
    with pytest.raises(TypeError):
        DerivationResult(WRONG, (), Status.PROVED, (), 0.0)  # type: ignore[arg-type]


def test_proved_steps_of_another_derivation_prove_nothing() -> None:
    """Step results copied from a proved derivation do not prove a different one."""
    good = verify(SYMMETRY)
    assert good.proved
    result = DerivationResult(WRONG, good.steps[:1])
    assert not result.proved
    assert result.problems[0] == "step 1 was not checked"


def test_step_verdict_about_another_statement_proves_nothing() -> None:
    """A genuine verdict placed on a step it is not about is rejected."""
    other = check(exp(z) * exp(w), exp(z + w))
    step = WRONG.steps[0]
    result = DerivationResult(WRONG, (StepResult(1, step, WRONG.lhs, other),), cited=())
    assert not result.proved
    assert result.problems[0] == "the verdict of step 1 is about another statement"


def test_refuted_step_stays_refuted() -> None:
    """The computed status of a wrong derivation is refuted."""
    assert verify(WRONG).status is Status.REFUTED


def test_cited_results_are_checked_too() -> None:
    """A citation counts only through a result whose own status is proved."""
    cites = Derivation(
        name="cites-wrong",
        title="cites",
        lhs=sigmoid(-z),
        rhs=sigmoid(z),
        steps=(Step(sigmoid(z), "by the lemma", uses=("wrong",)),),
    )
    lemma = verify(WRONG)
    result = verify(cites, cited={"wrong": lemma})
    assert result.status is Status.REFUTED
    forged_lemma = DerivationResult(WRONG, ())
    result = DerivationResult(cites, verify(cites).steps, cited=(forged_lemma,))
    assert not result.proved
    assert "cites wrong, which is undecided" in result.problems


# --- no module outside the kernel can mint a Proof ------------------------------------------

_MINTING_NAMES = {"mint", "_MINTED"}


def _minting_references(path: Path) -> list[str]:
    """Names in a module that mint a Proof or register one, and ``__new__(Proof)`` calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _MINTING_NAMES:
            found.append(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in _MINTING_NAMES:
            found.append(node.attr)
        elif isinstance(node, ast.alias) and node.name in _MINTING_NAMES:
            found.append(node.name)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__new__"
            and any(isinstance(a, ast.Name) and a.id == "Proof" for a in node.args)
        ):
            found.append("__new__")
    return found


def test_no_module_outside_the_kernel_can_mint() -> None:
    """Walk softsym/: only kernel/proof.py and kernel/checker.py name the minting function."""
    minting = {
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if _minting_references(path)
    }
    assert minting == {"kernel/proof.py", "kernel/checker.py"}


def test_the_walk_sees_a_minting_module(tmp_path: Path) -> None:
    """The walk above would notice a module that mints (it is not vacuous)."""
    bad = tmp_path / "bad.py"
    bad.write_text("from softsym.kernel.proof import mint\nmint('1', '2', (), 'x', 'y')\n")
    assert _minting_references(bad) == ["mint", "mint"]
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from softsym.kernel.proof import Proof\np = object.__new__(Proof)\n")
    assert _minting_references(sneaky) == ["__new__"]
