"""Derivations for the export tests: one citing the catalog, one refuted with a hostile title."""

from softsym import Derivation, Step, real_symbols, sigmoid, softmax

z, z1, z2 = real_symbols("z z1 z2")

CITES_CATALOG = Derivation(
    name="export-cites-catalog",
    title="The seed chain, cited",
    lhs=softmax(z1, z2)[0],
    rhs=sigmoid(z1 - z2),
    steps=(Step(sigmoid(z1 - z2), "the seed chain", uses=("softmax2-sigmoid",)),),
)

REFUTED = Derivation(
    name="export-refuted",
    title="50% & $x_1$ #1 {not} ~a^b_c\\ [sic] <σ>",
    lhs=sigmoid(-z),
    rhs=sigmoid(z),
    steps=(Step(sigmoid(z), "σ is even? 100% & $wrong$ #2 \\ {x} ~^_"),),
    description="A claim that is false, with every special character: % & $ # _ { } ~ ^ \\",
    references=("Nobody, 50% & #1, p. ~3",),
)
