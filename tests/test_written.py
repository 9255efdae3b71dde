"""Expressions built in Python print in the order their source writes them.

The written form is read from the source text (never run), kept only when it
reads back as the very expression that is checked, and travels with the
derivation to every renderer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from sympy import Derivative, IndexedBase, Symbol, exp, symbols

from softsym import Derivation, Step, real_symbols, sigmoid, softmax
from softsym.errors import DerivationError
from softsym.lang.written import evaluated, reads_back, written_forms, written_latex
from softsym.proofs.catalog import from_plain, load_file, plain
from softsym.render.latex import shown_lines, standalone_document
from softsym.render.notation import Written
from softsym.render.terminal import shown_unicode

z, z1, z2 = real_symbols("z z1 z2")

SEED = """
from sympy import exp
from softsym import Derivation, Step, real_symbols, sigmoid, softmax

z1, z2 = real_symbols("z1 z2")

seed = Derivation(
    name="my-seed",
    title="Two-class softmax is a sigmoid",
    lhs=softmax(z1, z2)[0],
    rhs=sigmoid(z1 - z2),
    steps=(
        Step(exp(z1) / (exp(z1) + exp(z2)), "definition of softmax"),
        Step(1 / (1 + exp(z2 - z1)), "divide by exp(z1)"),
        Step(sigmoid(z1 - z2), "definition of the sigmoid"),
    ),
)
"""


def _namespace() -> dict[str, object]:
    return {"exp": exp, "sigmoid": sigmoid, "softmax": softmax, "z1": z1, "z2": z2, "z": z}


def test_written_order_is_kept() -> None:
    forms = written_latex("Step(1 / (1 + exp(z2 - z1)), 'x')", _namespace())
    assert forms == {1 / (1 + exp(z2 - z1)): r"\frac{1}{1 + e^{z_{2} - z_{1}}}"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "sigmoid(z) * (1 - sigmoid(z))",
            r"\sigma\left(z\right) \left(1 - \sigma\left(z\right)\right)",
        ),
        ("2 * z * z1 * z2", r"2 z z_{1} z_{2}"),  # one product, however Python groups it
        ("z2 - z1 + z", r"z_{2} - z_{1} + z"),
        ("-(z1 - z2)", r"- (z_{1} - z_{2})"),
        ("exp(-z) / (1 + exp(-z)) ** 2", r"\frac{e^{- z}}{\left(1 + e^{- z}\right)^{2}}"),
        ("softmax(z1, z2)[1]", r"\operatorname{softmax}\left(z_{1}, z_{2}\right)_{2}"),
    ],
)
def test_written_forms_print_as_written(source: str, expected: str) -> None:
    forms = written_latex(f"Step({source}, 'why')", _namespace())
    assert list(forms.values()) == [expected]


def test_keys_are_the_expressions_python_builds() -> None:
    forms = written_forms("Step(z2 - z1 + z, 'a')\nStep(1 / (1 + exp(z2 - z1)), 'b')", _namespace())
    assert set(forms) == {z2 - z1 + z, 1 / (1 + exp(z2 - z1))}
    for key, form in forms.items():
        assert evaluated(form) == key


def test_source_is_never_run() -> None:
    """A call of anything but SymPy's and softsym's functions is not made: no written form."""
    calls: list[object] = []

    def boom(x: object) -> object:
        calls.append(x)
        return x

    namespace = {**_namespace(), "boom": boom, "zs": [z1, z2]}
    source = "Step(boom(z1) + 1, 'a')\nStep(softmax(*zs)[0], 'b')\nStep(zs[0] + 1, 'c')"
    assert written_forms(source, namespace) == {}
    assert calls == []
    assert written_forms("Step(__import__('os').getcwd(), 'x')", {}) == {}
    assert written_forms("this is not Python", {}) == {}


def test_floats_and_tex_steps_have_no_written_form() -> None:
    source = "Step(0.5 * z, 'a')\nStep(Tex(r'\\frac{1}{2}'), 'b')"
    assert written_forms(source, _namespace()) == {}


def test_reads_back_must_pass_and_must_fail() -> None:
    assert reads_back(r"1 + z", z + 1)
    assert reads_back(r"- (z_{1} - z_{2}) z", (z2 - z1) * z)  # equal once multiplied out
    assert not reads_back(r"1 - z", z + 1)
    assert not reads_back(r"z_{1} z", (z2 - z1) * z)
    assert not reads_back(r"\frac{1}{", z)  # unreadable


def test_a_written_form_must_read_back_as_the_step() -> None:
    step = Step(1 / (1 + exp(z2 - z1)), "why", written=r"\frac{1}{1 + e^{z_{2} - z_{1}}}")
    assert step.written == r"\frac{1}{1 + e^{z_{2} - z_{1}}}"
    with pytest.raises(DerivationError, match="does not read back"):
        Step(1 / (1 + exp(z2 - z1)), "why", written=r"\frac{1}{1 + e^{z_{1} - z_{2}}}")
    with pytest.raises(DerivationError, match="LaTeX text"):
        Step(z, "why", written=3)  # type: ignore[arg-type]


def test_loaded_file_prints_as_written(tmp_path: Path) -> None:
    path = tmp_path / "seed.py"
    path.write_text(SEED)
    (d,) = load_file(path)
    assert d.lhs_written == r"\operatorname{softmax}\left(z_{1}, z_{2}\right)_{1}"
    assert d.rhs_written == r"\sigma\left(z_{1} - z_{2}\right)"
    assert [s.written for s in d.steps][1] == r"\frac{1}{1 + e^{z_{2} - z_{1}}}"
    again = from_plain(plain(d), d.source)  # as a worker of verify -j makes it
    assert [s.written for s in again.steps] == [s.written for s in d.steps]
    assert again.rhs_written == d.rhs_written
    document = standalone_document(d.verify())
    assert r"\frac{1}{1 + e^{z_{2} - z_{1}}}" in document
    assert r"e^{- z_{1} + z_{2}}" not in document  # SymPy's order
    assert shown_unicode(d.steps[1].expr, "", (), d.steps[1].written) == "1/(1 + e^(z₂ − z₁))"


def test_indexed_entries_print_in_softsym_notation(tmp_path: Path) -> None:
    path = tmp_path / "indexed.py"
    path.write_text(
        "from sympy import IndexedBase, symbols, exp\n"
        "from softsym import Derivation, Step\n"
        "w = IndexedBase('w')\n"
        "j = symbols('j', integer=True)\n"
        "d = Derivation(name='ix', title='t', lhs=exp(w[j]) * 2, rhs=2 * exp(w[j]),\n"
        "               steps=(Step(2 * exp(w[j]), 'commute'),))\n"
    )
    (d,) = load_file(path)
    assert d.lhs_written == r"e^{{w}_{j}} 2"  # one expression, two written forms: each kept
    assert d.steps[0].written == r"2 e^{{w}_{j}}"
    assert r"e^{w_{j}} 2 &= 2 e^{w_{j}}" in standalone_document(d.verify())


def test_an_expression_written_twice_outside_a_derivation_call_has_no_form() -> None:
    w = IndexedBase("w")
    j = symbols("j", integer=True)
    forms = written_latex(
        "Step(exp(w[j]) * 2, 'a')\nStep(2 * exp(w[j]), 'b')", {**_namespace(), "w": w, "j": j}
    )
    assert forms == {}  # which one would a step of this expression be? Neither is taken


def test_written_form_that_does_not_fit_prints_broken_expression() -> None:
    a = [Symbol(f"a{i}", real=True) for i in range(40)]
    product = 1
    for s in a:
        product = product * (1 + s)
    tex = " ".join(rf"\left(1 + a_{{{i}}}\right)" for i in range(40))
    lines = shown_lines(Written(tex, product), 20.0)
    assert len(lines) > 1  # broken inside the product, as SymPy's form can be


def test_derivative_written_prints_in_terminal() -> None:
    w = IndexedBase("w")
    j = symbols("j", integer=True)
    assert (
        shown_unicode(Derivative(sigmoid(z), z), "", (), r"\frac{d}{d z} \sigma\left(z\right)")
        == "d/dz σ(z)"
    )
    assert evaluated(w[j]) == w[j]


def test_a_derivation_made_in_python_prints_as_its_call_writes_it() -> None:
    """A Derivation(...) call in a test, a script or a notebook cell: its own source is read."""
    zz = z  # a local name: the caller's names are used
    d = Derivation(name="py", title="t", lhs=zz + 1, rhs=1 + zz, steps=(Step(1 + zz, "same"),))
    assert d.lhs_written == "z + 1"
    assert d.rhs_written == "1 + z"
    assert d.steps[0].written == "1 + z"
    positional = Derivation("pos", "t", 2 - z, -z + 2, (Step(-z + 2, "same"),))
    assert (positional.lhs_written, positional.rhs_written) == ("2 - z", "- z + 2")


def test_a_derivation_without_source_prints_as_sympy_orders_it() -> None:
    namespace = {"Derivation": Derivation, "Step": Step, "z": z}
    code = "d = Derivation('no-source', 't', 1 + z, z + 1, (Step(z + 1, 's'),))"
    exec(code, namespace)  # noqa: S102 - code without a file: nothing to read
    d = namespace["d"]
    assert isinstance(d, Derivation)
    assert d.lhs_written == ""
    assert d.steps[0].written == ""


def test_hostile_sources_come_back_quickly() -> None:
    """Code that never runs is read, never run or computed: huge powers, deep nesting."""
    namespace = _namespace()
    dead = "if False:\n    Step(2 ** 10 ** 10 * z, 'never run')\n"
    assert written_forms(dead, namespace) == {}
    deep = "Step(" + "(" * 5000 + "z" + ")" * 5000 + ", 'deep')"
    assert written_forms(deep, namespace) in ({}, {z: z})
    nested = "Step(" + "exp(" * 300 + "z" + ")" * 300 + ", 'nested')"
    written_forms(nested, namespace)  # no RecursionError escapes


def test_multiplying_out_is_bounded() -> None:
    """A written form read back only up to multiplying out is tried only when that is small."""
    sums = [z + k for k in range(1, 13)]  # 2**12 terms once multiplied out
    product = sympy.Mul(*sums)
    negated = -sympy.Mul(*[-s for s in sums[:1]], *sums[1:], evaluate=False)
    tex = sympy.latex(negated, order="none")
    assert not reads_back(tex, product)  # not multiplied out: too many terms
    assert reads_back(r"- (z_{1} - z_{2}) (1 + z)^{40}", (z2 - z1) * (1 + z) ** 40)


def test_a_step_bound_to_a_name_in_a_file_prints_as_written(tmp_path: Path) -> None:
    """A Step made outside the Derivation call is read by the loader from the whole file."""
    path = tmp_path / "named.py"
    path.write_text(
        "from sympy import exp\n"
        "from softsym import Derivation, Step, real_symbols, sigmoid\n"
        "z1, z2 = real_symbols('z1 z2')\n"
        "DIVIDE = Step(1 / (1 + exp(z2 - z1)), 'divide')\n"
        "d = Derivation(name='named', title='t', lhs=exp(z1) / (exp(z1) + exp(z2)),\n"
        "               rhs=sigmoid(z1 - z2), steps=(DIVIDE, Step(sigmoid(z1 - z2), 'def')))\n"
    )
    (d,) = load_file(path)
    assert d.steps[0].written == r"\frac{1}{1 + e^{z_{2} - z_{1}}}"
    assert d.lhs_written == r"\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}}}"
