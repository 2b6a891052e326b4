"""Analyze one file: collect its definitions, run top-level code and every method through the
abstract interpreter, and return per-offset labels plus per-function verdicts."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass

from ..schema import (F_ABSTRACT_FIELD, F_DEFINITION, F_TYPE_POSITION, S_NA, S_STABLE, S_UNSTABLE)
from ..syntax.tree import Node
from ..types.registry import TypeRegistry, base_registry
from ..types.jtypes import ANY, UNKNOWN, DataT, JType, VarT
from . import verdicts
from .definitions import DefinitionCollector, FileDefs, MethodDef
from .interpreter import Interpreter
from .state import ANALYSIS_STACK_FRAMES, LABELLED_CODE_BUDGET, Binding, Budget, Frame


@dataclass
class FunctionVerdict:
    name: str
    start: int
    end: int
    return_type: JType
    stability: int


@dataclass
class FileAnalysis:
    """Plain values only: `labels[offset]` is a LabelRec whose `stab` is None (judge the type) or
    a fixed stability verdict (an int)."""

    labels: dict                      # byte offset -> LabelRec
    range_flags: list                 # [(start, end, flags)]
    functions: list                   # [FunctionVerdict]
    registry: TypeRegistry


def _stack_depth() -> int:
    frame, depth = sys._getframe(1), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@contextmanager
def stack_from_here(frames: int = ANALYSIS_STACK_FRAMES):
    """Python's recursion limit set to `frames` above the caller's frame while the block runs."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def analyze_file(data: bytes, root: Node, package=None, program=None) -> FileAnalysis:
    """`package`: the file's PackageIndex (or None); `program`: a ProgramView of the package's other
    source files, whose methods calls may reach (None: calls see only this file's methods).
    The analysis gets the same Python stack however deep the caller is (ANALYSIS_STACK_FRAMES)."""
    with stack_from_here():
        return _analyze(data, root, package, program)


def _analyze(data: bytes, root: Node, package, program) -> FileAnalysis:
    parent = package.registry if package is not None else base_registry()
    registry = TypeRegistry(parent=parent)
    defs = DefinitionCollector(data, registry).collect(root)
    interp = Interpreter(data, defs, package, program=program)
    functions: list[FunctionVerdict] = []

    # top-level code, in order (definitions are labelled by their own passes below)
    top = Frame(None, record=True, toplevel=True, budget=LABELLED_CODE_BUDGET)
    env: dict = {}
    for stmt in defs.toplevel:
        if env is None:
            env = {}
        top.visits = 0   # each statement's own allowance (LABELLED_CODE_BUDGET)
        try:
            _, env = interp.expr(stmt, env, top)
        except (Budget, RecursionError):  # bounded work: the rest of this statement stays unknown
            env = {}
    _label_structs(interp, defs)

    for meth in _methods_in_order(defs):
        try:
            args, kw = interp.declared_arg_types(meth)
            frame = interp.analyze_method(meth, args, kw, record=True)
        except (Budget, RecursionError):
            continue
        if meth.name_node is not None:
            interp.put(frame, meth.name_node, frame.returns, F_DEFINITION, None)
        verdict = _function_verdict(interp, frame)
        node = meth.node
        functions.append(FunctionVerdict(meth.name, node.start, node.end, frame.returns, verdict))
    functions.sort(key=lambda f: f.start)
    _resolve_variable_stability(interp.labels, registry)
    analysis = FileAnalysis(interp.labels, interp.range_flags, functions, registry)
    interp.release()
    return analysis


def _resolve_variable_stability(labels: dict, reg: TypeRegistry) -> None:
    """A variable's lexemes share the verdict on its whole-method type (Core.Box: unstable);
    replace each Binding by that verdict, now that every assignment has been seen."""
    verdict_of: dict = {}
    for rec in labels.values():
        b = rec.stab
        if isinstance(b, Binding):
            s = verdict_of.get(id(b))
            if s is None:
                s = S_UNSTABLE if b.boxed else verdicts.stability(b.whole, reg)
                verdict_of[id(b)] = s
            rec.stab = s


def _methods_in_order(defs: FileDefs) -> list[MethodDef]:
    return sorted(defs.all_methods(), key=lambda m: m.node.start)


def _function_verdict(interp: Interpreter, frame: Frame) -> int:
    reg = interp.reg
    parts = [verdicts.stability(frame.returns, reg)]
    for b in frame.bindings.values():
        if b.is_arg:
            if b.boxed:
                parts.append(S_UNSTABLE)
            continue
        if b.boxed:
            parts.append(S_UNSTABLE)
            continue
        parts.append(verdicts.stability(b.whole, reg))
    if frame.returns is UNKNOWN and all(p in (S_NA, S_STABLE) for p in parts[1:]):
        return S_NA
    return verdicts.worst(parts)


def _label_structs(interp: Interpreter, defs: FileDefs) -> None:
    reg = interp.reg
    frame = Frame(None, record=True, toplevel=True)
    for sd in list(defs.structs.values()) + defs.abstracts:
        scope = {}
        for pnode, bnode in sd.params:
            name = interp.text(pnode)
            ub = interp.conv.convert(bnode, scope) if bnode is not None else ANY
            scope[name] = VarT(name, ub, True)
            interp.put(frame, pnode, VarT(name, ub, True), F_DEFINITION | F_TYPE_POSITION, S_NA)
            if bnode is not None:
                interp.label_type_expr(bnode, frame, scope)
        frame.typevars = scope
        decl_type = reg.apply(sd.name, [scope[interp.text(p)] for p, _ in sd.params])
        interp.put(frame, sd.name_node, decl_type, F_DEFINITION | F_TYPE_POSITION, S_NA)
        if sd.super_node is not None:
            interp.label_type_expr(sd.super_node, frame, scope)
        for _fname, fnode, tnode, default in sd.fields:
            ft = interp.label_type_expr(tnode, frame, scope) if tnode is not None else ANY
            flags = F_DEFINITION
            if _abstract_field(reg, ft):
                flags |= F_ABSTRACT_FIELD
            interp.put(frame, fnode, ft, flags, S_NA)
            if default is not None:
                try:
                    interp.expr(default, {}, Frame(None, record=True, toplevel=True))
                except Budget:
                    pass
        frame.typevars = {}


def _abstract_field(reg: TypeRegistry, t: JType) -> bool:
    """A field whose declared type is abstract (or whose element type is): a performance trap."""
    if t is ANY:
        return True
    if isinstance(t, VarT):
        return False
    c = reg.is_concrete(t)
    if c is False:
        return True
    if isinstance(t, DataT):
        for p in t.params:
            if isinstance(p, JType) and not isinstance(p, VarT) and p is not UNKNOWN and reg.is_concrete(p) is False \
                    and t.name in ("Array", "Dict", "Set", "Base.RefValue"):
                return True
    return False
