"""The interpreter's state: frames, bindings, label records, the work budget, and every named limit.

This module imports nothing else from `infer`: the rest of the engine builds on it.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from ..types.jtypes import BOOL, BOTTOM, INT64, UNKNOWN, JType, TypeT, dt

BOX = dt("Core.Box")

# ---- limits (all of them; the engine reads no other numbers for bounding its work)
MAX_LOOP_ITERS = 5          # rounds of a loop body before the loop-head environment is taken as is
# top-level loops over a literal tuple or vector of values of different types run once per value
UNROLL_MAX_VALUES = 8       # values of one such loop variable
UNROLL_MAX_ITERATIONS = 16  # body runs of one loop, nested loop variables together
UNROLL_MAX_BODY_BYTES = 200_000  # source of the body (more: it loops to a fixpoint)
UNROLL_WORK_PER_FILE = 400_000   # node visits such runs may take beyond the costliest one of each loop
LOOP_WIDEN_AFTER = 3        # from this round on, changed variable types are widened with typejoin
MAX_RECURSION_ROUNDS = 3    # re-analyses of a recursive method while its return type still grows
# call depth, in steps: a method analysis takes CALL_STEP, one of a method whose body only passes
# its arguments on to one call (`mul(A, B) = _mul(A, B)`, Julia's layers of indirection) FORWARD_STEP
CALL_STEP = 2
FORWARD_STEP = 1
MAX_CALL_DEPTH = 6 * CALL_STEP  # nested method inferences
MAX_ITERATE_STATES = 3      # states of a package iterator's `iterate` followed for a loop's element type
TABLE_ANSWERS_KEPT = 10_000  # Base-rule answers an interpreter keeps (`Calls.table_rule`)
SELECT_INDEX_LISTS = 4_096  # method lists an interpreter keeps indexed by argument count (`Methods._fitting`)
MAX_DISPATCH_CANDIDATES = 3  # methods that may apply; more and the call is left unknown (Any)
MAX_UNION_SPLIT = 8         # operand-member pairs tried when an operator's operand is a Union
MAX_SUPERTYPE_STEPS = 32        # supertypes walked up from a type (its declared chain to Any)
MAX_CALL_UNION_SPLIT = 4    # argument-type combinations a call of a Union argument is split into (Julia's)
MAX_CONSTANT_NTUPLE = 32    # longest `ntuple(f, n)` of a constant n made an NTuple of that length
# Python frames an analysis may use above the frame that starts it, whatever the caller's depth
# (the CLI's own process with --jobs 1, or a worker), so that where a deep expression runs out of
# stack never depends on who called
ANALYSIS_STACK_FRAMES = 900
MAX_EXPR_DEPTH = 200        # nesting beyond this is left unknown (each level costs a few Python frames)
WORK_BUDGET = 400_000       # node visits per file, summed over all analyses
METHOD_BUDGET = 40_000      # node visits for one method analysis
# node visits for one piece of the labelled file's own code, its own nodes: a top-level statement
# (a test file's whole `@testset`, its loops over types run once per value, is one) or one of its
# methods analysed at its declared types (a test function); what its calls set off stays within
# METHOD_BUDGET each, WORK_BUDGET and PROGRAM_WORK_PER_FILE
LABELLED_CODE_BUDGET = 200_000
PROGRAM_MAX_FILE_BYTES = 1_000_000  # a package source file larger than this is not parsed for other files' calls
PROGRAM_CACHE_BYTES = 1_500_000     # parsed package sources a worker keeps live, all packages together (~40 B per byte)
PROGRAM_PACKED_BYTES = 12_000_000   # memory of the parsed sources a worker keeps packed (~3 B per source byte)
PROGRAM_WORK_PER_FILE = 400_000    # node visits one labelled file may set off in its package's other files
PROGRAMS_KEPT = 16                  # packages whose programs a worker keeps (one and those it uses)
# packages whose indexes (their declarations, ready for lookups) a worker keeps, and as many layers of
# the types of packages used: a package of a monorepo uses several of its siblings
PACKAGE_INDEXES_KEPT = 64
FOOTPRINT_MAX = 1 << 15             # inferences a kept result may record it reached (more: reused at the root only)
FOOTPRINT_MASK_BITS = 1024          # bits of the mask that rules a footprint in or out at a glance (`Ledger`)
DEPTH_BITS = 6                      # bits of a footprint entry that hold its depth below the result
EVAL_LOOP_MAX_ITERATIONS = 64       # iterations an `@eval` loop may have for its definitions to be written out
EVAL_EXPANSION_MAX_BYTES = 1_000_000  # source one file's `@eval` loops may be written out into

NO_METHOD = ("no method",)   # `Methods.select`'s answer when no method applies


class Ledger:
    """What the per-process inference of a package's other files may keep between labelled files.

    Those files' interpreters live as long as the worker, and so do their memos, but only for
    results that are a function of what they are keyed by. A result is *kept* under (method,
    argument types) with the call height it needed, and reused only where that much height is
    left (a fresh computation would give the same); one that hit the call-depth limit is kept
    under the depth it was computed at too. A result that read the provisional type of a method
    still being inferred further up (recursion) is *tainted*: it is kept only while the same labelled
    file is analysed (`temp`, whose calls come in the same order every time), and a reuse of it
    taints everything in progress; where there is one, it comes before any kept result.
    A kept result records its *footprint*: the inferences it reached, its own and those of the
    results it reused (None past FOOTPRINT_MAX), each with the call depth it was reached at, counted
    from the depth of the inference that kept it (None: at a depth of its own, whatever the caller's,
    as a constant's value is worked out at depth 0). Computed afresh, it reaches the same ones at
    the same depths below it, so it gives the same result wherever none of them is in progress and
    none has a tainted result kept for this file at the depth it would be reached at (`may_reuse`).
    One `Ledger` per package per process.

    Inferences are numbered as the ledger first meets them (`_number`); a footprint is an array of
    `number << DEPTH_BITS | slot` (slot 0: at a depth of its own; else the depth below, plus one) with
    a bit mask of its numbers (`_bit`) that rules most reuses in at a glance: a footprint whose mask
    meets neither the inferences in progress nor those with a tainted result kept is reused without
    being looked through.
    """

    def __init__(self):
        # per inference in progress: [number, tainted, limited, used height, len(temp) at its start,
        # footprint (a set of encoded (number, depth below it)) or None, its call depth, the step to
        # its calls]
        self.stack: list = []
        self.temp: dict = {}      # (source, (key, depth)) -> tainted result kept for this file
        self._temp_numbers: dict = {}  # number -> how many entries of `temp` it has
        self._temp_at: set = set()     # (number << DEPTH_BITS | depth) of each entry of `temp`
        self._temp_mask = 0            # the bits (`_bit`) of the numbers in `_temp_numbers`
        self._numbers: dict = {}       # (source, key) or ("const", source, name) -> its number
        self._keys: list = []          # number -> its key
        # node visits of the method analyses the labelled file has set off here, a reused result
        # counting what computing it cost (so the count does not depend on what the worker kept
        # from earlier files)
        self.visits = 0
        self.file_no = 0          # which labelled file is being analysed (counts `new_file`)
        # the inferences the labelled file's own calls reached (with nothing in progress here) and
        # paid for: a later such call of one pays nothing (`charge`)
        self.paid: set = set()

    def _number(self, key) -> int:
        n = self._numbers.get(key)
        if n is None:
            n = self._numbers[key] = len(self._keys)
            self._keys.append(key)
        return n

    def reached(self, footprint) -> set:
        """A footprint as `pop` gives it, read back: {(key, depth below the result, or None)}."""
        low = (1 << DEPTH_BITS) - 1
        return {(self._keys[e >> DEPTH_BITS], (e & low) - 1 if e & low else None) for e in footprint[0]}

    @staticmethod
    def _bit(number: int) -> int:
        return 1 << (number & FOOTPRINT_MASK_BITS - 1)

    def push(self, key, depth: int, step: int = 1) -> None:
        """The inference of `key` begins, at call depth `depth`; the calls it makes are `step` deeper."""
        self.stack.append([self._number(key), False, False, 0, len(self.temp), set(), depth, step])

    def pop(self) -> tuple[bool, bool, int, tuple | None]:
        """(tainted, limited, height used, footprint) of the inference ending; its parent inherits
        the limit, the height and the footprint, with the inference's own key (a taint was given to
        every entry it concerns when it happened).

        An inference that ends untainted may be kept, and reused in a later file instead of being
        computed again: the tainted results computed inside it go with it, so that what `temp`
        holds never depends on whether the worker computed it or reused it."""
        number, tainted, limited, used, mark, footprint, depth, step = self.stack.pop()
        if not tainted and len(self.temp) > mark:
            while len(self.temp) > mark:
                (source, at), _ = self.temp.popitem()
                n = self._numbers[(source, at[0])]
                self._temp_at.discard(n << DEPTH_BITS | at[1])
                left = self._temp_numbers[n] - 1
                if left:
                    self._temp_numbers[n] = left
                else:
                    del self._temp_numbers[n]
            mask = 0
            for n in self._temp_numbers:
                mask |= self._bit(n)
            self._temp_mask = mask
        # the height it needs: one more than the deepest call depth below it that an inference
        # began at (or was stopped at), counted from its own
        used = used + step if used else 1
        # kept with every result as (an array of the encoded entries, the mask of their numbers):
        # it is looked through only on reuse, where the mask meets an inference in progress or
        # one with a tainted result kept
        if footprint is not None:
            mask = 0
            for e in footprint:
                mask |= self._bit(e >> DEPTH_BITS)
            footprint = (array("q", footprint), mask)
        if self.stack:
            parent = self.stack[-1]
            parent[2] = parent[2] or limited
            parent[3] = max(parent[3], used)
            self._reached(parent, number, depth, footprint)
        return tainted, limited, used, footprint

    @staticmethod
    def _reached(entry: list, number: int, depth: int | None, footprint) -> None:
        """The inference of `entry` reached inference `number` at call depth `depth` (None: at a depth
        of its own), and that one's own footprint is `footprint` (as `pop` gives it)."""
        reached = entry[5]
        if reached is None:
            return
        if footprint is None:
            entry[5] = None
            return
        below = None if depth is None else depth - entry[6]
        if below is None:
            reached.add(number << DEPTH_BITS)
            for e in footprint[0]:
                reached.add(e >> DEPTH_BITS << DEPTH_BITS)
        else:
            if below + 1 >= 1 << DEPTH_BITS:
                entry[5] = None   # deeper than an entry can say (never, with MAX_CALL_DEPTH)
                return
            reached.add(number << DEPTH_BITS | below + 1)
            low = (1 << DEPTH_BITS) - 1
            for e in footprint[0]:
                slot = e & low
                if slot == 0:
                    reached.add(e)
                elif slot + below >= low:
                    entry[5] = None
                    return
                else:
                    reached.add(e + below)
        if len(reached) > FOOTPRINT_MAX:
            entry[5] = None

    def recursion(self, key) -> None:
        """The provisional type of `key` (in progress) was read: every inference above it depends on it."""
        number = self._numbers.get(key)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == number:
                break
            self.stack[i][1] = True
        else:
            self.taint()

    def taint(self) -> None:
        for entry in self.stack:
            entry[1] = True

    def limit(self, key, depth: int) -> None:
        """The call-depth limit or the work budget stopped the inference of `key` at call depth
        `depth`: every inference in progress is limited, and the innermost one reached `key` (so
        that a result kept from here is not reused where `key` is in progress: there, computing it
        afresh meets the recursion instead of the limit)."""
        for entry in self.stack:
            entry[2] = True
        if self.stack:
            self._reached(self.stack[-1], self._number(key), depth, NOTHING_REACHED)

    def reuse(self, used: int, key, footprint, depth: int | None, limited: bool = False) -> None:
        """A kept result of `key` (with `footprint`) needing `used` height was reused at call depth
        `depth` (None: a constant's, worked out at a depth of its own) by the inference in progress."""
        if self.stack:
            top = self.stack[-1]
            top[3] = max(top[3], used)
            top[2] = top[2] or limited
            self._reached(top, self._number(key), depth, footprint)

    def keep_tainted(self, source, at: tuple, result) -> None:
        """Keep the tainted result of the inference `at` = (key, depth) of `source` for this file."""
        if (source, at) not in self.temp:
            n = self._number((source, at[0]))
            self._temp_numbers[n] = self._temp_numbers.get(n, 0) + 1
            self._temp_at.add(n << DEPTH_BITS | at[1])
            self._temp_mask |= self._bit(n)
        self.temp[(source, at)] = result

    def end_root(self) -> None:
        self.stack.clear()

    def new_file(self) -> None:
        """A labelled file begins: what was kept for the previous one only goes."""
        self.stack.clear()
        self.temp.clear()
        self._temp_numbers.clear()
        self._temp_at.clear()
        self._temp_mask = 0
        self.visits = 0
        self.paid.clear()
        self.file_no += 1

    def cost_of(self, key, cost: int) -> int:
        """What reusing the kept result of `key`, which cost `cost` to compute, charges the labelled
        file now: nothing where the file's own call (none in progress here) already paid for it."""
        return 0 if not self.stack and key in self.paid else cost

    def charge(self, key, cost: int) -> None:
        """A kept result of `key` that cost `cost` was reused: the labelled file pays what computing
        it would cost, once per key for its own calls. A file calling `f(x::Int)` a hundred times
        pays for one inference, whether the worker computes it on the first call or kept it from an
        earlier file, so the share left never depends on what the worker did before."""
        if not self.stack:
            if key in self.paid:
                return
            self.paid.add(key)
        self.visits += cost

    def computed_at_root(self, key) -> None:
        """The labelled file's own call computed `key` afresh: that pays for it (`charge`). A result
        kept at the depth limit is paid for under (source, (key, depth)), apart from the whole one:
        a worker that kept only the whole one computes it afresh where the call is deeper."""
        if not self.stack:
            self.paid.add(key)

    def spent(self) -> bool:
        return self.visits > PROGRAM_WORK_PER_FILE

    def may_reuse(self, kept: tuple, depth: int, cost: int | None = None) -> bool:
        """Whether a kept (result, height, cost, file, footprint) may be reused now, at call depth
        `depth`: only where none of the inferences in its footprint has a tainted result kept for
        this file at the depth computing it afresh would reach it at (it would then be used, and
        could give another result), and nested, only where none of them is in progress either. One
        whose footprint is not known is reused at the root only, while this file has kept no
        tainted result. That holds for one kept while this file is analysed as for one kept for an
        earlier file: a result kept here is kept for the files after it too, where it must be what
        computing it afresh gives. Either only where computing it afresh would not have run out of
        the file's share of work (`affords`), at `cost` (`cost_of`; the whole cost by default)."""
        if not self.affords(kept[2] if cost is None else cost):
            return False
        if kept[3] is None:
            return True
        # one kept for this same file too: it was computed where other inferences were in progress,
        # and one of those it reached may be in progress now (a fresh computation would meet the
        # recursion there, where the kept one met the depth limit)
        footprint = kept[4]
        if footprint is None:
            return not self.stack and not self.temp
        entries, mask = footprint
        if not entries:
            return True   # it reached nothing (a constant of a declared type)
        # at the root too: a fresh computation would use what this file kept tainted
        if mask & self._temp_mask:
            temp_numbers, temp_at = self._temp_numbers, self._temp_at
            for e in entries:
                slot = e & (1 << DEPTH_BITS) - 1
                if slot == 0:
                    if e >> DEPTH_BITS in temp_numbers:
                        return False
                elif slot - 1 + depth >= 1 << DEPTH_BITS or e + depth - 1 in temp_at:
                    return False
        if not self.stack:
            return True
        in_progress = 0
        for entry in self.stack:
            in_progress |= self._bit(entry[0])
        if not mask & in_progress:
            return True
        numbers = {entry[0] for entry in self.stack}
        return not any(e >> DEPTH_BITS in numbers for e in entries)

    def affords(self, cost: int) -> bool:
        """Whether a result that cost `cost` visits to compute could be computed now without the
        labelled file's share running out part-way (only then does reusing it give what a worker
        that never computed it before would get)."""
        return self.visits + cost <= PROGRAM_WORK_PER_FILE


NOTHING_REACHED = (array("q"), 0)   # the footprint of an inference that reached none (stopped first, or a declared type)


class Budget(Exception):
    """Raised when an analysis runs out of work budget."""


class ResultUnknown(Exception):
    """Raised when a method inferred for its result returns a value of unknown type (its frame's
    `ends_unknown`): the join of its results is unknown whatever the rest of its body returns."""


class Unreachable(Exception):
    """A step was attempted where control cannot get (env None: after a `return`, `break`,
    `continue` or a call that never returns). `Interpreter.expr` catches it at the boundary of the
    construct that attempted the step, which ends there: (`value`, env None)."""

    @property
    def value(self) -> JType:
        return self.args[0]


def reachable(env: dict | None, value: JType = UNKNOWN) -> dict:
    """`env`, or raise `Unreachable` when there is none (the construct taking this step then ends
    with type `value`). Every step that reads or writes the environment goes through this test:
    evaluating a node, narrowing on a condition, assigning, resolving a call, returning."""
    if env is None:
        raise Unreachable(value)
    return env


@dataclass
class Binding:
    name: str
    whole: JType = BOTTOM        # join of every value assigned over the whole method
    n_assign: int = 0
    is_arg: bool = False
    declared: JType | None = None
    boxed: bool = False
    is_global: bool = False


@dataclass
class Frame:
    method: object | None                         # the MethodDef analyzed, None for top-level code
    record: bool
    bindings: dict = field(default_factory=dict)
    returns: JType = BOTTOM
    loops: list = field(default_factory=list)     # [(break_envs, continue_envs)]
    typevars: dict = field(default_factory=dict)  # static parameters in scope
    boxed: frozenset = frozenset()
    struct_type: JType | None = None              # for `new(...)` in inner constructors
    toplevel: bool = False
    visits: int = 0
    budget: int = METHOD_BUDGET                   # node visits it may make (`Interpreter.tick`)
    ends_unknown: bool = False                    # whether a `return` of unknown type ends it (`ResultUnknown`)
    outer: "Frame | None" = None                  # enclosing frame of a closure
    dotted: bool = False                          # inside `@. expr`: operators broadcast
    views: object = None                          # inside `@views`: True; the node of `@view A[i]`
    run_time_call: object = None                  # the call `@inferred` infers at run-time argument types
    # parameters the call gave a constant Bool or Symbol (`view=true`, getproperty's `:name`), never
    # assigned in the method: conditions on them are decided, as Julia's constant propagation does
    constants: dict = field(default_factory=dict)
    # the expansion of a template macro (templates.py): INTERPOLATION start -> the type of the
    # argument it splices, or the types of a run of them (`$(xs...)`)
    holes: dict | None = None


@dataclass
class LabelRec:
    type: JType
    flags: int = 0
    stab: object = None          # None: classify(type); int: fixed; Binding: its whole-method type


class RunLabels(dict):
    """The labels one run of code writes (`Interpreter.start_run`), over the labels before it: a
    record read from below is copied up first, so that the run changes only its own."""

    __slots__ = ("below",)

    def __init__(self, below: dict):
        super().__init__()
        self.below = below

    def get(self, start, default=None):
        rec = dict.get(self, start)
        if rec is None:
            under = self.below.get(start)
            if under is None:
                return default
            rec = LabelRec(under.type, under.flags, under.stab)
            self[start] = rec
        return rec


def static_parameter_value(v) -> JType:
    """The type of a static parameter used as a value: a type's is Type{T}; a value parameter's (`N`
    of `Array{T, N}`, of `Vararg{T, N}`) is its value's type."""
    if isinstance(v, JType):
        return TypeT(v)
    if isinstance(v, bool):
        return BOOL
    if isinstance(v, int):
        return INT64
    return UNKNOWN

