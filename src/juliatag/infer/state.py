"""The interpreter's state: frames, bindings, label records, the work budget, and every named limit.

This module imports nothing else from `infer`: the rest of the engine builds on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types.jtypes import BOTTOM, UNKNOWN, JType, dt

BOX = dt("Core.Box")

# ---- limits (all of them; the engine reads no other numbers for bounding its work)
MAX_LOOP_ITERS = 5          # rounds of a loop body before the loop-head environment is taken as is
LOOP_WIDEN_AFTER = 3        # from this round on, changed variable types are widened with typejoin
MAX_RECURSION_ROUNDS = 3    # re-analyses of a recursive method while its return type still grows
MAX_CALL_DEPTH = 6          # nested method inferences
MAX_DISPATCH_CANDIDATES = 3  # methods that may apply; more and the call is left unknown (Any)
MAX_UNION_SPLIT = 8         # operand-member pairs tried when an operator's operand is a Union
MAX_EXPR_DEPTH = 200        # nesting beyond this is left unknown (each level costs a few Python frames)
WORK_BUDGET = 400_000       # node visits per file, summed over all analyses
METHOD_BUDGET = 40_000      # node visits for one method analysis


class Budget(Exception):
    """Raised when an analysis runs out of work budget."""


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
    outer: "Frame | None" = None                  # enclosing frame of a closure
    dotted: bool = False                          # inside `@. expr`: operators broadcast


@dataclass
class LabelRec:
    type: JType
    flags: int = 0
    stab: object = None          # None: classify(type); int: fixed; Binding: its whole-method type
