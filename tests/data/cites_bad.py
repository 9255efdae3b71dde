"""A correct step that cites a refuted derivation: not proved either."""

from softsym import Derivation, Step, real_symbols, sigmoid

z = real_symbols("z")

CITES_BAD = Derivation(
    name="cites-bad",
    title="Relies on a refuted lemma",
    lhs=sigmoid(z),
    rhs=sigmoid(z),
    steps=(Step(sigmoid(z), "by the lemma", uses=("sign-error",)),),
)
