"""What the per-process inference of a package's other files may reuse between labelled files
(`state.Ledger`): a result kept for an earlier file is reused inside another inference only where
none of the inferences it reached is in progress or has a tainted result kept for this file."""

from juliatag.infer.state import FOOTPRINT_MAX, PROGRAM_WORK_PER_FILE, Ledger


def _kept(ledger: Ledger, key, reached=()) -> tuple:
    """Infer `key` at the root, reaching `reached` (each reused with an empty footprint), and keep it
    as infer_method does: (result, height, cost, file, footprint)."""
    ledger.push(key)
    for r in reached:
        ledger.reuse(0, key=r, footprint=frozenset())
    tainted, limited, used, footprint = ledger.pop()
    assert not tainted and not limited
    return ("T", used, 10, ledger.file_no, footprint)


def test_a_footprint_holds_what_the_inference_reached_and_what_that_reached():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f")
    ledger.push("g")
    ledger.reuse(0, key="h", footprint=frozenset({"k"}))
    assert set(ledger.pop()[3]) == {"h", "k"}
    assert set(ledger.pop()[3]) == {"g", "h", "k"}


def test_reused_nested_only_where_nothing_it_reached_is_in_progress_or_tainted():
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")                    # (the file's source id, the method and argument types)
    kept = _kept(ledger, ("src", "f"), reached=[g])
    assert kept[4] == (g,)
    ledger.new_file()                   # a later labelled file
    assert ledger.may_reuse(kept)       # at the root
    ledger.push("other")
    assert ledger.may_reuse(kept)       # nested, nothing it reached in progress
    ledger.push(g)
    assert not ledger.may_reuse(kept)   # g in progress: computed afresh, f would read g's provisional type
    ledger.pop()
    ledger.push("h")
    ledger.keep_tainted("src", ("g", 1), "tainted")
    assert not ledger.may_reuse(kept)   # g has a tainted result for this file: afresh, f would use it
    ledger.push("i")
    ledger.keep_tainted("src", ("g", 2), "tainted")   # g again, at another depth
    ledger.pop()                        # i ends untainted: its tainted result of g goes with it
    assert not ledger.may_reuse(kept)   # the one kept under h is still there
    ledger.pop()
    assert ledger.may_reuse(kept)       # and now it has gone too
    ledger.keep_tainted("src", ("g", 1), "tainted")
    ledger.new_file()
    assert ledger.may_reuse(kept)       # a new labelled file forgets what the last one kept


def test_a_result_without_a_footprint_is_reused_at_the_root_only():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f")
    for i in range(FOOTPRINT_MAX + 1):
        ledger.reuse(0, key=f"g{i}", footprint=frozenset())
    footprint = ledger.pop()[3]
    assert footprint is None
    kept = ("T", 1, 10, ledger.file_no, footprint)
    assert ledger.may_reuse(kept)       # the same labelled file: anywhere
    ledger.new_file()
    assert ledger.may_reuse(kept)       # the root of a later one
    ledger.push("other")
    assert not ledger.may_reuse(kept)   # nested in a later one: it cannot tell what it would reach


def test_never_past_the_files_share_of_work():
    ledger = Ledger()
    ledger.new_file()
    kept = _kept(ledger, "f")
    ledger.new_file()
    ledger.visits = PROGRAM_WORK_PER_FILE - 5
    assert not ledger.may_reuse(kept)   # computing it afresh would run out part-way


def test_a_result_kept_for_this_file_is_reused_nested_only_where_nothing_it_reached_is_in_progress():
    """(HTTP's `Headers()` → `Headers(v)` → `mkheaders(v)` → `Headers()`): `mkheaders` kept at the
    depth limit, where `Headers()` was not in progress, is not what computing it afresh gives inside
    `Headers()`. A result kept so would be kept for the files after this one too."""
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")
    kept = _kept(ledger, ("src", "f"), reached=[g])
    assert ledger.may_reuse(kept)       # at the root of this file
    ledger.push(g)
    assert not ledger.may_reuse(kept)   # g in progress, even in the file that kept it
    ledger.pop()
    ledger.push("other")
    assert ledger.may_reuse(kept)


def test_the_inference_a_limit_stopped_is_in_the_footprint():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f")
    ledger.limit(("src", "g"))          # the depth limit stopped the inference of g inside f
    tainted, limited, _, footprint = ledger.pop()
    assert limited and not tainted
    assert ("src", "g") in footprint    # where g is in progress, f is not reused: afresh it meets g's recursion
