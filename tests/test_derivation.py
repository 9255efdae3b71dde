"""Tests of softsym.proofs.derivation and softsym.proofs.catalog: chains, citations, loading."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sympy import exp

from softsym.errors import DerivationError, UnknownDerivationError
from softsym.lang.functions import sigmoid, softmax
from softsym.lang.symbols import real_symbols
from softsym.proofs.catalog import (
    catalog,
    catalog_dir,
    catalog_files,
    find,
    from_plain,
    load_file,
    load_path,
    plain_derivations,
    source_name,
)
from softsym.proofs.derivation import (
    Derivation,
    Step,
    check_with_citations,
    dependency_order,
    require_unique_names,
    verify,
    verify_all,
)
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


# --- Where a derivation comes from, and unique names ----------------------------------------

UNIQUE = "names must be unique, rename one of them"


def _named(name: str, source: str = "", rhs: object = None) -> Derivation:
    d = Derivation(name, "t", z, z if rhs is None else rhs, (Step(z if rhs is None else rhs, "r"),))
    return dataclasses.replace(d, source=source)


@pytest.mark.parametrize(
    ("first", "second", "where"),
    [
        ("a.py", "b.py", "in a.py and in b.py"),
        ("a.py", "catalog", "in a.py and in the catalog"),
        ("catalog", "a.py", "in the catalog and in a.py"),
        ("a.py", "a.py", "both in a.py"),
        ("", "a.py", "in Python code (not loaded from a file) and in a.py"),
    ],
)
def test_two_derivations_of_one_name_say_where_they_are(
    first: str, second: str, where: str
) -> None:
    """Two different derivations of one name are an error naming both places."""
    with pytest.raises(DerivationError) as info:
        require_unique_names([_named("dup", first), _named("dup", second, rhs=z + 1)])
    assert str(info.value) == f"two derivations are named 'dup': {where}; {UNIQUE}"


def test_the_same_derivation_twice_is_not_a_clash() -> None:
    """One derivation value named twice is one derivation."""
    d = _named("once", "a.py")
    assert require_unique_names([d, d]) == {"once": d}


def test_check_with_citations_checks_every_derivation_or_fails() -> None:
    """Two derivations of one name to check are an error: one of them would go unchecked."""
    good, bad = _named("dup", "a.py"), _named("dup", "b.py", rhs=z + 1)
    with pytest.raises(
        DerivationError, match=r"two derivations are named 'dup': in a\.py and in b\.py"
    ):
        check_with_citations([good, bad])
    with pytest.raises(DerivationError, match="two derivations are named 'dup'"):
        verify_all([bad, good])


def test_library_entries_give_way_to_the_checked_ones() -> None:
    """A derivation checked in place of a library entry of the same name is itself checked."""
    library = [_named("lemma", "catalog")]
    restated = _named("lemma", "mine.py", rhs=z + 1)
    assert check_with_citations([restated], library)["lemma"].status is Status.REFUTED


def test_loaded_derivations_know_their_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's derivations record its path as given (relative to here); the catalog's "catalog"."""
    monkeypatch.chdir(DATA.parent)
    assert [d.source for d in load_path("data/bad_derivation.py")] == ["data/bad_derivation.py"]
    assert [d.source for d in load_file(DATA / "cites_bad.py")] == ["data/cites_bad.py"]
    assert [d.source for d in load_file("data/cites_bad.py", source="x")] == ["x"]
    assert {d.source for d in catalog()} == {"catalog"}
    assert source_name("/elsewhere/./x.py") == "/elsewhere/x.py"


def test_source_is_not_part_of_a_derivations_identity() -> None:
    """Two derivations that differ only in their source are equal."""
    assert _named("same", "a.py") == _named("same", "b.py")


def test_catalog_files_group_the_catalog() -> None:
    """The catalog by file holds the catalog in file order."""
    by_file = catalog_files()
    assert "sigmoid_derivative.py" in by_file
    assert [d.name for ds in by_file.values() for d in ds] == [d.name for d in catalog()]


def test_plain_derivations_make_the_same_derivations() -> None:
    """Every catalog file's derivations, as plain values and back, are the same derivations."""
    for name, derivations in catalog_files().items():
        back = [from_plain(p, "catalog") for p in plain_derivations(str(catalog_dir() / name))]
        assert back == derivations
        assert [d.stated for d in back] == [d.stated for d in derivations]


def test_from_plain_checks_what_it_makes() -> None:
    """Values that do not make a valid derivation are an error naming the source."""
    with pytest.raises(DerivationError, match=r"^x\.py: not a derivation: "):
        from_plain({"name": "x"}, "x.py")
    plain = plain_derivations(str(DATA / "bad_derivation.py"))[0]
    with pytest.raises(DerivationError, match=r"^x\.py: derivation name must be lower-case"):
        from_plain({**plain, "name": "Bad Name"}, "x.py")


def test_exit_while_loading_in_process_is_an_error() -> None:
    """load_file turns sys.exit in a derivation file into a DerivationError with the line."""
    with pytest.raises(DerivationError, match=r"exits_on_import\.py:14: SystemExit: 0$"):
        load_file(DATA / "exits_on_import.py")
