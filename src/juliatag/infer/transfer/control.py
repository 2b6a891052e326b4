"""Transfer functions for control flow: `&&`/`||`, `?:`, `if`, loops (to a bounded fixpoint),
`break`/`continue`/`return`, `let` and `try`.

`break`/`continue`/`return` end their path (env None); the joins here drop such paths
(`join_values`, `interp.join_envs`). A condition that cannot complete ends the construct: narrowing
it raises `Unreachable` (see `state.reachable`); `if` and loops catch that to keep the paths
they already have.
"""

from __future__ import annotations

from ...types.jtypes import ANY, BOOL, BOTTOM, NOTHING, UNKNOWN, DataT, JType, is_known
from ..state import (
    LOOP_WIDEN_AFTER, MAX_LOOP_ITERS, UNROLL_MAX_BODY_BYTES, UNROLL_MAX_ITERATIONS, UNROLL_MAX_VALUES,
    UNROLL_WORK_PER_FILE, ResultUnknown, Unreachable,
    reachable,
)
from ..typeconv import args_of
from .common import registrar, walk_all
from ..narrowing import constant_condition, narrow
from .bindings import bind_iteration, binding_pairs

HANDLERS: dict = {}
handler = registrar(HANDLERS)


def short_circuit(it, node, left, right, is_and, env, frame, depth):
    ct, env = it.expr(left, env, frame, depth)
    env_t, env_f = decided(it, left, env, frame)
    go = env_t if is_and else env_f
    stay = env_f if is_and else env_t
    if go is None:   # a constant left operand that never lets the right one run
        return (BOOL if ct == BOOL else ct), stay
    bt, go_after = it.expr(right, dict(go), frame, depth)
    if stay is None:   # one that always does: the value is the right operand's
        return bt, go_after
    if go_after is None:  # `x || return`: the value is the left operand's
        t = BOOL if ct == BOOL else ct
    elif bt == BOOL or bt is BOTTOM:
        t = BOOL
    else:
        t = it.join(BOOL, bt) if bt is not UNKNOWN else UNKNOWN
    return t, it.join_envs([stay, go_after])


@handler("TERNARY_EXPR")
def h_ternary(it, node, env, frame, depth):
    parts = [c for c in node.children if c.kind not in ("QUESTION", "COLON")]
    if len(parts) != 3:
        return walk_all(it, node, env, frame, depth)
    cond, a, b = parts
    _, env = it.expr(cond, env, frame, depth)
    env_t, env_f = decided(it, cond, env, frame)
    ta, ea = it.expr(a, env_t, frame, depth) if env_t is not None else (BOTTOM, None)
    tb, eb = it.expr(b, env_f, frame, depth) if env_f is not None else (BOTTOM, None)
    t = join_values(it, [(ta, ea), (tb, eb)])
    return t, it.join_envs([ea, eb])


def decided(it, cond, env, frame):
    """`narrow`'s environments where `cond` is true / false, the one a constant condition rules
    out None (that branch is dead code, see `constant_condition`)."""
    env_t, env_f = narrow(it, cond, env, frame, prune=True)
    value = constant_condition(it, cond, env, frame=frame)
    if value is True:
        return env_t, None
    if value is False:
        return None, env_f
    return env_t, env_f


def join_values(it, pairs) -> JType:
    """Join the values of (type, env) paths; paths that cannot continue (env None) drop out."""
    out = BOTTOM
    for t, e in pairs:
        if e is None:
            continue
        out = it.join(out, t)
    return out


@handler("IF_EXPR")
def h_if(it, node, env, frame, depth):
    branches = []
    cur = env
    cond_node = node.child("CONDITION")
    then_block = node.child("BLOCK")
    clauses = [(cond_node, then_block)]
    for c in node.children:
        if c.kind == "ELSEIF_CLAUSE":
            clauses.append((c.child("CONDITION"), c.child("BLOCK")))
        elif c.kind == "ELSE_CLAUSE":
            clauses.append((None, c.child("BLOCK")))
    try:
        for cond, blk in clauses:
            if cond is None:  # else
                branches.append(it.expr(blk, dict(cur), frame, depth) if blk is not None else (NOTHING, cur))
                break
            inner = cond.children[0] if cond.children else None
            if inner is not None:
                _, cur = it.expr(inner, cur, frame, depth)
                env_t, env_f = decided(it, inner, cur, frame)
            else:
                env_t, env_f = cur, cur
            if env_t is not None:
                branches.append(it.expr(blk, dict(env_t), frame, depth) if blk is not None else (NOTHING, env_t))
            if env_f is None:   # a condition that is always true: no later clause runs
                break
            cur = env_f
        else:  # no else clause: control falls through when every condition is false
            branches.append((NOTHING, cur))
    except Unreachable:  # a condition that cannot complete: no later clause runs, nothing falls through
        pass
    t = join_values(it, branches)
    return t, it.join_envs([e for _, e in branches])


def _loop(it, env, frame, depth, body_fn, cond_node=None, scope=None):
    """Iterate a loop body to a fixpoint of the loop-head environment. `scope`: what an iteration
    leaves at the loop's head (a `for` loop's variables are bound afresh by each iteration)."""
    head = dict(env)
    after_envs = []
    for round_ in range(MAX_LOOP_ITERS):
        frame.loops.append(([], []))
        try:
            body_env = body_fn(dict(head))
        except Unreachable:  # the loop variables' iterator or the condition cannot complete
            body_env = None
        breaks, continues = frame.loops.pop()
        if scope is not None:
            body_env = scope(body_env)
            continues = [scope(c) for c in continues]
        new_head = it.join_envs([env, body_env] + continues)
        after_envs = breaks
        if new_head == head:
            break
        if round_ >= LOOP_WIDEN_AFTER:
            for k, v in new_head.items():
                if head.get(k) != v:
                    new_head[k] = it.reg.typejoin(head.get(k, v), v) if head.get(k) is not None else v
        head = new_head
    return head, after_envs


@handler("FOR_EXPR")
def h_for(it, node, env, frame, depth):
    pairs = [p for c in node.children if c.kind == "FOR_BINDING" for p in binding_pairs(c)]
    body = node.child("BLOCK")
    names = _loop_variables(it, node, pairs)
    if frame.toplevel and frame.record and pairs and body is not None and \
            body.end - body.start <= UNROLL_MAX_BODY_BYTES and it.unrolled_work < UNROLL_WORK_PER_FILE:
        after, breaks = _run_from(it, pairs, 0, body, env, frame, depth, [UNROLL_MAX_ITERATIONS])
        if after is not _NOT_UNROLLED:
            return NOTHING, _scoped(names, env, it.join_envs([after] + breaks))
    head, breaks = _loop(it, env, frame, depth, lambda e: _rest(it, pairs, 0, body, e, frame, depth),
                         scope=lambda e: _scoped(names, env, e))
    return NOTHING, _scoped(names, env, it.join_envs([head] + breaks))


def _loop_variables(it, node, pairs) -> tuple:
    """The names a `for` loop binds: new variables of the loop's scope (Julia's scoping), none
    where one is declared `outer` (the loop then assigns the variable outside it)."""
    if any(c.kind == "OUTER_BINDING" for b in node.children if b.kind == "FOR_BINDING" for c in b.walk()):
        return ()
    return _pair_names(it, pairs)


def _pair_names(it, pairs) -> tuple:
    return tuple(it.text(n) for target, _ in pairs for n in ([target] if target.kind == "NAME" else target.walk())
                 if n.kind == "NAME")


def _scoped(names: tuple, before: dict, after: dict | None) -> dict | None:
    """`after` with the loop variables `names` as they were `before` the loop: the loop leaves a
    variable of the same name outside it as it was (`x = [1.0]; for x in (x, Float32[1]) end` leaves
    a Vector{Float64}), and one it alone binds is gone."""
    if after is None or not names:
        return after
    out = dict(after)
    for name in names:
        if name in before:
            out[name] = before[name]
        else:
            out.pop(name, None)
    return out


_NOT_UNROLLED = object()


def _rest(it, pairs, k, body, env, frame, depth):
    """One iteration of the loop variables `pairs[k:]` and the body, as a loop's fixpoint runs it."""
    for target, iterator in pairs[k:]:
        env = bind_iteration(it, target, iterator, env, frame, depth)
    if body is not None:
        _, env = it.expr(body, env, frame, depth)
    return env


def _run_from(it, pairs, k, body, env, frame, depth, runs):
    """Top-level code runs a loop over a short literal collection of values of different types
    (`for T in (Float32, Float64)`, `for x in (1, 2.0)`) once per value, in order, each iteration
    seeing its own value's type (a test file's loop over element types, whose values are what its
    assertions check). (env after the loop over `pairs[k:]` completes, the envs of its `break`s);
    `_NOT_UNROLLED` when `pairs[0]` is not of that form (the loop then runs to a fixpoint as any
    other). A later pair of that form runs per value within each iteration; one that is not loops
    to a fixpoint there. At most `runs[0]` body runs in all."""
    if k == len(pairs):
        frame.loops.append(([], []))
        try:
            _, after = it.expr(body, env, frame, depth)
        finally:
            breaks, continues = frame.loops.pop()
        return it.join_envs([after] + continues), breaks
    target, iterator = pairs[k]
    values = None
    if iterator is not None and target.kind in ("NAME", "TUPLE_EXPR", "PAREN_EXPR", "BARE_TUPLE_EXPR"):
        values, env = _literal_values(it, iterator, env, frame, depth)
    if values is None or len(values) > runs[0]:
        if k == 0:
            return _NOT_UNROLLED, []
        names = _pair_names(it, pairs[k:])
        head, breaks = _loop(it, env, frame, depth, lambda e: _rest(it, pairs, k, body, e, frame, depth),
                             scope=lambda e: _scoped(names, env, e))
        return head, breaks
    runs[0] -= len(values)
    meter = _RunMeter(it) if k == 0 else None
    cur = env
    all_breaks: list = []
    layers = []
    outer = it.labels
    try:
        for value in values:
            layers.append(it.start_run(outer))
            if meter is not None:
                meter.start_run()
            e = it.assign_target(target, value, dict(cur), frame, depth)
            cur, breaks = _run_from(it, pairs, k + 1, body, e, frame, depth, runs)
            if meter is not None:
                meter.end_run()
            it.labels = outer
            all_breaks += breaks
            if cur is None:   # every path of this iteration leaves the loop
                break
    finally:
        it.join_runs(outer, layers)
        if meter is not None:
            meter.settle()
    return cur, all_breaks


class _RunMeter:
    """The work budgets the runs of a loop run once per value draw on: the labelled file's own
    (`Interpreter.work`) and its shares of its package's and dependencies' programs (their ledgers'
    visits). Each run starts from the file's own budget left when the loop began, as the first
    does, so that a later run never finds it used up by the earlier ones; the programs' shares are
    only counted, run by run. At the end each budget pays its costliest run (one round of the
    loop's fixpoint, run with each value's own type), and the rest of the file's own comes out of
    its allowance for such loops (UNROLL_WORK_PER_FILE)."""

    def __init__(self, it):
        self.it = it
        self.ledgers = it.program.ledgers() if it.program is not None else []
        self.base = self._read()
        self.at_start: list = self.base
        self.costs: list = []

    def _read(self) -> list:
        return [self.it.work, *(ledger.visits for ledger in self.ledgers)]

    def _write(self, values: list) -> None:
        self.it.work = values[0]
        for ledger, v in zip(self.ledgers, values[1:], strict=True):
            ledger.visits = v

    def start_run(self) -> None:
        self.it.work = self.base[0]
        self.at_start = self._read()

    def end_run(self) -> None:
        self.costs.append([now - was for now, was in zip(self._read(), self.at_start, strict=True)])

    def settle(self) -> None:
        if not self.costs:
            return
        totals = [sum(c[i] for c in self.costs) for i in range(len(self.base))]
        charged = [min(total, max(c[i] for c in self.costs)) for i, total in enumerate(totals)]
        self._write([was + paid for was, paid in zip(self.base, charged, strict=True)])
        self.it.unrolled_work += totals[0] - charged[0]


def _literal_values(it, iterator, env, frame, depth):
    """(the types of the values a literal tuple or vector `iterator` (or a name bound to a tuple of
    known element types) holds, in order, or None where it is not one, holds fewer than 2 or more
    than UNROLL_MAX_VALUES, a splat, or values all of one type; env after evaluating it)."""
    if iterator.kind == "NAME":
        # a name bound to a tuple of values of different types (`weight_funcs = (weights, aweights)`)
        t, env = it.expr(iterator, env, frame, depth)
        if isinstance(t, DataT) and t.name == "Tuple" and 2 <= len(t.params) <= UNROLL_MAX_VALUES and \
                all(isinstance(p, JType) and is_known(p) and not (isinstance(p, DataT) and p.name == "Vararg")
                    for p in t.params) and any(p != t.params[0] for p in t.params):
            return list(t.params), env
        return None, env
    if iterator.kind not in ("TUPLE_EXPR", "VECT_EXPR"):
        return None, env
    elements = args_of(iterator)
    if not 2 <= len(elements) <= UNROLL_MAX_VALUES or any(c.kind in ("SPLAT_EXPR", "ASSIGNMENT_EXPR",
                                                                      "PARAMETERS") for c in elements):
        return None, env
    values = []
    for c in elements:
        t, env = it.expr(c, env, frame, depth)
        if t is UNKNOWN:
            return None, env
        values.append(t)
    if all(v == values[0] for v in values):
        return None, env
    return values, env


@handler("WHILE_EXPR")
def h_while(it, node, env, frame, depth):
    cond = node.child("CONDITION")
    body = node.child("BLOCK")
    cond_inner = cond.children[0] if cond is not None and cond.children else None

    def run(e):
        if cond_inner is not None:
            _, e = it.expr(cond_inner, e, frame, depth)
            e, _ = narrow(it, cond_inner, e, frame, prune=True)
        if body is not None:
            _, e = it.expr(body, e, frame, depth)
        return e

    head, breaks = _loop(it, env, frame, depth, run)
    exit_env = head
    if cond_inner is not None:
        _, exit_env = narrow(it, cond_inner, head, frame, prune=True)
        if cond_inner.kind == "LITERAL" and it.text(cond_inner) == "true":
            exit_env = None
    return NOTHING, it.join_envs([exit_env] + breaks)


@handler("BREAK_EXPR")
def h_break(it, node, env, frame, depth):
    if frame.loops:
        frame.loops[-1][0].append(env)
    return BOTTOM, None


@handler("CONTINUE_EXPR")
def h_continue(it, node, env, frame, depth):
    if frame.loops:
        frame.loops[-1][1].append(env)
    return BOTTOM, None


@handler("RETURN_EXPR")
def h_return(it, node, env, frame, depth):
    vals = [c for c in node.children if c.kind != "RETURN_KW"]
    t = NOTHING
    if vals:
        t, env = it.expr(vals[0], env, frame, depth)
        reachable(env, BOTTOM)  # a returned value that cannot complete is not returned
    frame.returns = it.join(frame.returns, t)
    if frame.returns is UNKNOWN and frame.ends_unknown:
        raise ResultUnknown()
    return BOTTOM, None


@handler("LET_EXPR")
def h_let(it, node, env, frame, depth):
    scope = dict(env)
    binds = node.child("LET_BINDINGS")
    if binds is not None:
        for c in binds.children:
            if c.kind == "ASSIGNMENT_EXPR" and len(c.children) >= 3:
                t, scope = it.expr(c.children[-1], scope, frame, depth)
                scope = it.assign_target(c.children[0], t, scope, frame, depth)
            elif c.kind == "NAME":
                name = it.text(c)
                t = env.get(name, UNKNOWN)
                it.bind(frame, name, t, c, scope)
    body = node.child("BLOCK")
    t = NOTHING
    if body is not None:
        t, scope = it.expr(body, scope, frame, depth)
    reachable(scope, t)  # the variables it changed flow out
    out = dict(env)
    for k in env:
        if k in scope:
            out[k] = scope[k]
    return t, out


@handler("TRY_EXPR")
def h_try(it, node, env, frame, depth):
    body = node.child("BLOCK")
    t, e_body = it.expr(body, dict(env), frame, depth) if body is not None else (NOTHING, env)
    results = [(t, e_body)]
    catch = node.child("CATCH_CLAUSE")
    if catch is not None:
        cenv = it.join_envs([env, e_body]) or dict(env)
        var = catch.child("NAME")
        if var is not None:
            it.bind(frame, it.text(var), ANY, var, cenv)
        cb = catch.child("BLOCK")
        tc, ec = it.expr(cb, cenv, frame, depth) if cb is not None else (NOTHING, cenv)
        results.append((tc, ec))
    els = node.child("ELSE_CLAUSE")
    if els is not None and e_body is not None:  # the else clause runs when the body completes
        eb = els.child("BLOCK")
        if eb is not None:
            results[0] = it.expr(eb, e_body, frame, depth)
    fin = node.child("FINALLY_CLAUSE")
    out_env = it.join_envs([e for _, e in results])
    if fin is not None:
        fb = fin.child("BLOCK")
        if fb is not None:
            _, fenv = it.expr(fb, dict(out_env if out_env is not None else env), frame, depth)
            reachable(fenv, BOTTOM)
    return join_values(it, results), out_env
