"""What the per-process inference of a package's other files may reuse between labelled files
(`state.Ledger`): a result kept for an earlier file is reused inside another inference only where
none of the inferences it reached is in progress or has a tainted result kept for this file."""

from juliatag.infer.state import FOOTPRINT_MASK_BITS, FOOTPRINT_MAX, NOTHING_REACHED, PROGRAM_WORK_PER_FILE, Ledger


def _kept(ledger: Ledger, key, reached=()) -> tuple:
    """Infer `key` at the root, reaching `reached` (each reused with an empty footprint), and keep it
    as infer_method does: (result, height, cost, file, footprint)."""
    ledger.push(key, 0)
    for r in reached:
        ledger.reuse(0, r, NOTHING_REACHED, 1)
    tainted, limited, used, footprint = ledger.pop()
    assert not tainted and not limited
    return ("T", used, 10, ledger.file_no, footprint)


def test_a_footprint_holds_what_the_inference_reached_and_what_that_reached():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("h", 0)                 # h, kept earlier: it reached k one call below it, and a constant c
    ledger.push("k", 1)
    ledger.pop()
    ledger.reuse(0, "c", NOTHING_REACHED, None)
    h = ledger.pop()[3]
    assert ledger.reached(h) == {("k", 1), ("c", None)}
    ledger.push("f", 0)
    ledger.push("g", 1)
    ledger.reuse(0, "h", h, 2)
    # each with the depth below the inference it was reached at (None: a depth of its own)
    assert ledger.reached(ledger.pop()[3]) == {("h", 1), ("k", 2), ("c", None)}
    assert ledger.reached(ledger.pop()[3]) == {("g", 1), ("h", 2), ("k", 3), ("c", None)}


def test_reused_nested_only_where_nothing_it_reached_is_in_progress_or_tainted():
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")                    # (the file's source id, the method and argument types)
    kept = _kept(ledger, ("src", "f"), reached=[g])
    assert ledger.reached(kept[4]) == {(g, 1)}   # g, one call below f
    ledger.new_file()                   # a later labelled file
    assert ledger.may_reuse(kept, 0)    # at the root
    ledger.push("other", 0)
    assert ledger.may_reuse(kept, 1)    # nested, nothing it reached in progress
    ledger.push(g, 1)
    assert not ledger.may_reuse(kept, 2)  # g in progress: computed afresh, f would read g's provisional type
    ledger.pop()
    ledger.push("h", 1)
    ledger.keep_tainted("src", ("g", 3), "tainted")
    assert not ledger.may_reuse(kept, 2)  # g has a tainted result for this file at depth 3: afresh, f would use it
    assert ledger.may_reuse(kept, 1)    # f at depth 1 reaches g at 2, where nothing is kept for this file
    ledger.push("i", 2)
    ledger.keep_tainted("src", ("g", 2), "tainted")   # g again, at depth 2
    assert not ledger.may_reuse(kept, 1)
    ledger.pop()                        # i ends untainted: its tainted result of g goes with it
    assert ledger.may_reuse(kept, 1)
    assert not ledger.may_reuse(kept, 2)  # the one kept under h is still there
    ledger.pop()
    assert ledger.may_reuse(kept, 2)    # and now it has gone too
    ledger.keep_tainted("src", ("g", 3), "tainted")
    ledger.new_file()
    ledger.push("other", 0)
    assert ledger.may_reuse(kept, 2)    # a new labelled file forgets what the last one kept


def test_what_a_constant_reached_counts_at_any_depth():
    """A constant's value is worked out at depth 0 wherever it is used: what it reached is reached at
    that depth whatever the depth of the inference that used it."""
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")
    ledger.push(("const", "src", "C"), 0)   # worked out at depth 0: it reached g one call below
    ledger.reuse(0, g, NOTHING_REACHED, 1)
    constant = ledger.pop()[3]
    ledger.push(("src", "f"), 4)
    ledger.reuse(0, ("const", "src", "C"), constant, None)
    tainted, limited, used, footprint = ledger.pop()
    assert ledger.reached(footprint) == {(("const", "src", "C"), None), (g, None)}
    kept = ("T", used, 10, ledger.file_no, footprint)
    ledger.new_file()
    ledger.push("other", 0)
    ledger.keep_tainted("src", ("g", 7), "tainted")
    assert not ledger.may_reuse(kept, 1)


def test_a_result_without_a_footprint_is_reused_at_the_root_only():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f", 0)
    for i in range(FOOTPRINT_MAX + 1):
        ledger.reuse(0, f"g{i}", NOTHING_REACHED, 1)
    footprint = ledger.pop()[3]
    assert footprint is None
    kept = ("T", 1, 10, ledger.file_no, footprint)
    assert ledger.may_reuse(kept, 0)    # at the root
    ledger.new_file()
    assert ledger.may_reuse(kept, 0)    # the root of a later one
    ledger.push("other", 0)
    assert not ledger.may_reuse(kept, 1)  # nested in a later one: it cannot tell what it would reach
    ledger.pop()
    ledger.keep_tainted("src", ("g0", 1), "tainted")
    assert not ledger.may_reuse(kept, 0)  # nor at the root, once this file kept a tainted result


def test_a_tainted_result_of_this_file_is_seen_at_the_root_too():
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")
    kept = _kept(ledger, ("src", "f"), reached=[g])
    ledger.new_file()
    ledger.keep_tainted("src", ("g", 1), "tainted")
    assert not ledger.may_reuse(kept, 0)  # afresh at depth 0, f reaches g at 1 and uses that
    assert ledger.may_reuse(kept, 2)


def test_never_past_the_files_share_of_work():
    ledger = Ledger()
    ledger.new_file()
    kept = _kept(ledger, "f")
    ledger.new_file()
    ledger.visits = PROGRAM_WORK_PER_FILE - 5
    assert not ledger.may_reuse(kept, 0)   # computing it afresh would run out part-way


def test_a_result_kept_for_this_file_is_reused_nested_only_where_nothing_it_reached_is_in_progress():
    """(HTTP's `Headers()` → `Headers(v)` → `mkheaders(v)` → `Headers()`): `mkheaders` kept at the
    depth limit, where `Headers()` was not in progress, is not what computing it afresh gives inside
    `Headers()`. A result kept so would be kept for the files after this one too."""
    ledger = Ledger()
    ledger.new_file()
    g = ("src", "g")
    kept = _kept(ledger, ("src", "f"), reached=[g])
    assert ledger.may_reuse(kept, 0)    # at the root of this file
    ledger.push(g, 0)
    assert not ledger.may_reuse(kept, 1)  # g in progress, even in the file that kept it
    ledger.pop()
    ledger.push("other", 0)
    assert ledger.may_reuse(kept, 1)


def test_the_inference_a_limit_stopped_is_in_the_footprint():
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f", 5)
    ledger.limit(("src", "g"), 6)       # the depth limit stopped the inference of g inside f
    tainted, limited, _, footprint = ledger.pop()
    assert limited and not tainted
    assert (("src", "g"), 1) in ledger.reached(footprint)    # where g is in progress, f is not reused: afresh it meets g's recursion


def test_the_height_a_result_needs_counts_the_step_to_its_calls():
    """A result needs one more than the deepest call depth an inference below it began at, counted
    from its own: a leaf needs 1 whatever its step; a method whose calls are `step` deeper needs
    `step` more than its deepest call."""
    ledger = Ledger()
    ledger.new_file()
    ledger.push("f", 0, step=2)
    ledger.push("g", 2, step=1)        # a method that forwards to one call
    ledger.push("h", 3, step=2)
    assert ledger.pop()[2] == 1        # a leaf
    assert ledger.pop()[2] == 2        # g: h one step below it
    assert ledger.pop()[2] == 4        # f: g two steps below it, h three


def test_a_footprint_whose_mask_meets_one_in_progress_is_looked_through():
    """The mask of a footprint only rules reuses in at a glance: two inferences may share a bit of
    it, and then the footprint itself decides."""
    ledger = Ledger()
    ledger.new_file()
    for i in range(FOOTPRINT_MASK_BITS):   # numbered 0 .. FOOTPRINT_MASK_BITS - 1
        ledger.push(f"x{i}", 0)
        ledger.pop()
    g = ("src", "g")
    ledger.push(g, 0)                      # the next one: the same bit as x0
    ledger.pop()
    kept = _kept(ledger, ("src", "f"), reached=[g])
    ledger.new_file()
    ledger.push("x0", 0)
    assert ledger.may_reuse(kept, 1)       # x0 is in progress, but f never reached it
    ledger.push(g, 1)
    assert not ledger.may_reuse(kept, 2)
    ledger.pop()
    ledger.keep_tainted("src", ("x0", 2), "tainted")
    assert ledger.may_reuse(kept, 1)       # a tainted result of x0 is kept, but f never reached it
    ledger.keep_tainted("src", ("g", 2), "tainted")
    assert not ledger.may_reuse(kept, 1)
