"""Tests of softsym.render.topics: topics of the catalog, titles as math, the bibliography."""

from __future__ import annotations

import pytest
from helpers import SMALL

from softsym.proofs.catalog import catalog
from softsym.render.topics import (
    SEED,
    TOPICS,
    WORKS,
    citation,
    order_for_reading,
    plain_title,
    title_segments,
    topic,
)


def test_every_catalog_module_has_a_heading() -> None:
    """Each catalog derivation's topic is its module, and every module has a human heading."""
    modules = {topic(d) for d in catalog()}
    assert modules == set(TOPICS)
    assert topic(SMALL) == "other"


def test_seed_comes_first() -> None:
    """Reading order: topics in TOPICS order, the seed result first within its topic."""
    derivations = catalog()
    modules = {d.name: topic(d) for d in derivations}
    order = order_for_reading([d.name for d in derivations], modules)
    assert order[0] == SEED
    assert sorted(order) == sorted(modules)
    assert modules[order[-1]] == "training_dynamics"


@pytest.mark.parametrize(
    ("title", "math"),
    [
        ("conserves w1 + w2", ["w_{1}", "w_{2}"]),
        (
            "∂L1/∂w1_j = ∂L0/∂w1_j",
            [r"\partial L_{1}/\partial w_{1,j}", r"\partial L_{0}/\partial w_{1,j}"],
        ),
        ("log(1 + e^{−|z|})", [r"\log(1", "e^{-|z|}"]),  # a call is math; title_pieces joins them
        ("m + log Σ_k e^{z_k − m}", [r"\sum_{k}", "e^{z_{k} - m}"]),
        (
            "softmax_i (δ_ij − softmax_j)",
            # braced: a symbol, so that a minus after it is binary (softmax_j − y_j)
            [r"{\operatorname{softmax}_{i}}", r"\delta_{ij}", r"{\operatorname{softmax}_{j}}"],
        ),
        ("parameter θ2 − θ1", [r"\theta_{2}", r"\theta_{1}"]),
        ("plain words only", []),
        ("a_b_c x^ y_ w1_{ e^{} $z$", []),
    ],
)
def test_title_segments(title: str, math: list[str]) -> None:
    """Math-like words become math; malformed ones (double scripts, dangling ^) stay text."""
    segments = title_segments(title)
    assert [text for is_math, text in segments if is_math] == math
    assert "".join(text for is_math, text in segments if not is_math).strip()  # text remains


def test_every_catalog_title_is_safe_math() -> None:
    """Every math piece of a catalog title has balanced braces and no escaped brace."""
    for d in catalog():
        for is_math, text in title_segments(d.title):
            if is_math:
                assert text.count("{") == text.count("}"), d.title
                assert "\\{" not in text, d.title


def test_plain_title_for_bookmarks() -> None:
    """PDF bookmarks get ASCII words."""
    assert plain_title("σ(−z) = 1 − σ(z), ∂L1/∂w1_j") == "sigma(-z) = 1 - sigma(z), dL1/dw1j"


def test_citations_of_the_catalog() -> None:
    """Most catalog references cite a known work with an address; the locator is what remains."""
    refs = [r for d in catalog() for r in d.references]
    known = [r for r in refs if citation(r)[0] is not None]
    assert len(known) == len(refs)
    work, where = citation("Goodfellow, Bengio, Courville, Deep Learning, §4.1")
    assert work is not None
    assert (work.key, where) == ("goodfellow2016", "§4.1")
    assert citation("My notes") == (None, "My notes")
    assert all(w.url.startswith(("https://", "http://")) for w in WORKS)
    assert len({w.key for w in WORKS}) == len(WORKS)
