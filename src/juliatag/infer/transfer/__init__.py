"""Transfer functions of the abstract interpreter, one module per syntax family.

Each handler is `h(interp, node, env, frame, depth) -> (type, env_after)`; env_after is None when
control cannot continue past the node (return, break, throw). A handler does not test for that:
evaluating a further child (or narrowing, assigning, resolving a call) in the None state raises
`Unreachable` (`state.reachable`), which `interp.expr` turns into the handler's result, env None.
`HANDLERS` maps a syntax-node kind to its handler; a kind belongs to exactly one family.
"""

from __future__ import annotations

from . import access, atoms, bindings, call_sites, collections, control, operators


def _merge(*families) -> dict:
    table: dict = {}
    for fam in families:
        for kind, fn in fam.HANDLERS.items():
            if kind in table:
                raise ValueError(f"syntax kind {kind} has two transfer functions")
            table[kind] = fn
    return table


HANDLERS = _merge(atoms, operators, access, call_sites, collections, control, bindings)
