"""Deterministic sampling under --max-train-bytes."""

from juliatag.vocab.sampling import select_documents


def test_everything_fits():
    assert select_documents(["a", "b"], [10, 20], None) is None
    assert select_documents(["a", "b"], [10, 20], 30) is None


def test_budget_is_respected_and_choice_is_order_independent():
    names = [f"pkg{i % 7}/src/file{i}.jl" for i in range(200)]
    sizes = [100 + (i * 37) % 900 for i in range(200)]
    chosen = select_documents(names, sizes, 20_000)
    assert chosen and sum(sizes[i] for i in chosen) <= 20_000
    assert sum(sizes[i] for i in chosen) > 18_000  # fills the budget closely
    order = list(reversed(range(200)))
    again = select_documents([names[i] for i in order], [sizes[i] for i in order], 20_000)
    assert {names[order[i]] for i in again} == {names[i] for i in chosen}


def test_a_single_huge_file_still_gives_a_sample():
    assert select_documents(["big", "bigger"], [500, 900], 100) == {0}
