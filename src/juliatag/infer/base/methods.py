"""The table of Base/stdlib return types and dispatch over it: the hand-written rules of
data/base_methods.jl first, then the generated API summaries of stdlib packages, data/stdlib/<Module>.jl
(tools/gen_stdlib_summaries.py), each method recording the module it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...data import list_files, read_text
from ...types.registry import TypeRegistry, base_registry, make_tuple
from ...types.jtypes import (ANY, BOTTOM, MISSING, UNKNOWN, DataT, JType, TypeT, UnionT, VarT, arg_type,
                             is_concrete_var, is_known, make_union, vector)
from ...types.jtypes import ABSTRACT_FLOAT, REAL, WILD
from ...types.typeexpr import parse_type_ast
from . import arith
from .knowledge import SHAPE_KEYWORDS

_HEAD_RE = re.compile(r"^(?P<name>@?[\w.!]+|[^\w\s(]+)(?P<curly>\{[^}]*\})?\(")


@dataclass
class TableMethod:
    name: str
    params: tuple            # JType patterns, over VarT(typevar)
    vararg: bool             # last param repeats
    curly: tuple             # patterns for Name{...}(...) constructors
    typevars: frozenset
    ret_ast: tuple           # return expression (typeexpr AST with ("call", ...))
    source: str
    module: str = ""         # the stdlib module that owns the function ("" for Base's own)
    keywords: frozenset = frozenset()  # keywords the method needs (`; dims`)
    keyword_types: tuple = ()  # (name, pattern) of the keywords written with a type (`; step::T`)
    generated: bool = False  # from a generated API summary (data/stdlib/<module>.jl), not hand-written

    def arity_ok(self, n: int) -> bool:
        if self.vararg:
            return n >= len(self.params) - 1
        return n == len(self.params)


def _split_top(text: str) -> list[str]:
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def _parse_line(line: str, reg: TypeRegistry) -> TableMethod:
    head = _HEAD_RE.match(line)
    if not head:
        raise ValueError(f"cannot read method line: {line!r}")
    depth, i = 1, head.end()
    while i < len(line) and depth:
        depth += {"(": 1, ")": -1}.get(line[i], 0)
        i += 1
    args_text, _, kw_text = line[head.end():i - 1].partition(";")
    rest, sep, ret = line[i:].rpartition(" = ")
    if not sep:
        raise ValueError(f"cannot read method line (no ' = '): {line!r}")
    rest = rest.strip()
    where = rest[len("where"):].strip() if rest.startswith("where") else None
    kw_parts = [k.partition("::") for k in _split_top(kw_text)]
    keywords = frozenset(k.strip() for k, _, _ in kw_parts)
    m = {"name": head.group("name"), "curly": head.group("curly"), "args": args_text, "where": where,
         "ret": ret.strip()}
    scope: dict[str, VarT] = {}
    where = m["where"]
    if where:
        inner = where[1:-1] if where.startswith("{") and where.endswith("}") else where
        for part in _split_top(inner):
            name, _, bound = part.partition("<:")
            name = name.strip()
            scope[name] = VarT(name, reg.parse(bound, scope) if bound.strip() else ANY, False)
    params, vararg = [], False
    for part in _split_top(m["args"]):
        if part.endswith("..."):
            vararg = True
            part = part[:-3]
        _, _, tytext = part.partition("::")
        params.append(reg.parse(tytext, scope) if tytext.strip() else ANY)
    curly = ()
    if m["curly"]:
        curly = tuple(scope.get(p.strip(), ANY) for p in _split_top(m["curly"][1:-1]))
    keyword_types = tuple((k.strip(), reg.parse(t, scope)) for k, _, t in kw_parts if t.strip())
    return TableMethod(m["name"], tuple(params), vararg, curly, frozenset(scope), parse_type_ast(m["ret"]),
                       line, keywords=keywords, keyword_types=keyword_types)


_MODULE_RE = re.compile(r"^module\s+(\w+)$")


@lru_cache(maxsize=1)
def summarised_stdlibs() -> frozenset[str]:
    """The standard-library packages whose API a generated summary (data/stdlib/<Module>.jl) gives."""
    return frozenset(f[:-3] for f in list_files("stdlib", ".jl"))


@lru_cache(maxsize=1)
def method_table() -> dict[str, list[TableMethod]]:
    """Methods by name (and by `Module.name` for qualified ones). Lines between `module M` and `end`
    are the functions the stdlib module M owns: `M.f` and, where the file sees M's name f, `f`."""
    reg = base_registry()
    files = [("base_methods.jl", None)] + [(f"stdlib/{m}.jl", m) for m in sorted(summarised_stdlibs())]
    table: dict[str, list[TableMethod]] = {}
    for path, file_module in files:
        module = file_module or ""
        for raw in read_text(path).splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            mm = _MODULE_RE.match(line)
            if mm and file_module is None:
                module = mm.group(1)
                continue
            if line == "end" and file_module is None:
                module = ""
                continue
            meth = _parse_line(line, reg)
            meth.module = module
            meth.generated = file_module is not None
            curly = "{}" if meth.curly else ""
            key = meth.name + curly
            table.setdefault(key, []).append(meth)
            short = meth.name.rsplit(".", 1)[-1]
            if short != meth.name:
                table.setdefault(short + curly, []).append(meth)
            if module and "." not in meth.name:
                table.setdefault(f"{module}.{meth.name}{curly}", []).append(meth)
    return table


def _visible(meth: TableMethod, name: str, scope) -> bool:
    """Whether a call written `name` can reach `meth`: Base's own functions always; a function a
    stdlib module owns when called as `M.f`, or as `f` where the file sees M's name f (`scope`)."""
    if not meth.module:
        return True
    short = name.rsplit(".", 1)[-1]
    if name != short:
        return name.split(".")[0] == meth.module
    return scope is not None and scope.sees(meth.module, short)


def known_function(name: str, scope=None) -> bool:
    """Whether the table has a function `name` that a call written so can reach (see `_visible`)."""
    return any(_visible(m, name, scope) for m in method_table().get(name, ()))


# ------------------------------------------------------------------ evaluation

def _eltype(t: JType, reg: TypeRegistry) -> JType:
    if isinstance(t, TypeT):
        t = t.of
    env: dict = {}
    T = VarT("T", ANY, False)
    if reg.issub(t, reg.apply("AbstractArray", [T, WILD]), env, frozenset({"T"})):
        return env.get("T", UNKNOWN)
    if isinstance(t, DataT) and t.name == "Tuple" and t.params:
        return reg.typejoin_all([p for p in t.params if isinstance(p, JType)])
    if isinstance(t, DataT) and t.name in ("Dict", "IdDict") and len(t.params) == 2:
        return DataT("Pair", t.params)
    if isinstance(t, DataT) and t.name in ("Set",) and t.params:
        return t.params[0]
    if isinstance(t, DataT) and t.name == "String":
        return DataT("Char")
    return UNKNOWN


def eval_return(ast, env: dict, reg: TypeRegistry) -> JType:
    tag = ast[0]
    if tag == "call":
        fname = ast[1]
        if fname == "ntuple_of" and len(ast[2]) == 2:
            return _ntuple_of(ast[2][0], ast[2][1], env, reg)
        args = [eval_return(a, env, reg) for a in ast[2]]
        if fname == "float" and len(args) == 1 and is_concrete_var(args[0]) and args[0].ub is not ANY and \
                reg.issub(args[0].ub, REAL):
            # float(T) of a real type T fixed per call: a float type fixed per call
            return arg_type("", ABSTRACT_FLOAT)
        if any(a is UNKNOWN or (isinstance(a, VarT) and a.name) for a in args):
            return UNKNOWN
        if fname == "float":
            return arith.float_type(args[0]) or UNKNOWN
        if fname == "promote_type":
            out = args[0]
            for a in args[1:]:
                out = arith.promote_type(out, a) or UNKNOWN
            return out
        if fname == "eltype":
            return _eltype(args[0], reg)
        if fname in ("keytype", "valtype"):
            t = args[0]
            if isinstance(t, DataT) and len(t.params) == 2:
                return t.params[0 if fname == "keytype" else 1]
            return UNKNOWN
        if fname == "real":
            t = args[0]
            return t.params[0] if isinstance(t, DataT) and t.name == "Complex" else t
        if fname == "complex":
            return DataT("Complex", (args[0],))
        if fname == "nonmissingtype":
            t = args[0]
            if isinstance(t, UnionT):
                rest = [m for m in t.members if m != MISSING]
                return make_union(rest) if rest else BOTTOM
            return BOTTOM if t == MISSING else t
        if fname == "widen":
            return _widen(args[0])
        if fname in ("signed", "unsigned"):
            return _signed(args[0], fname == "signed")
        if fname == "typejoin":
            return reg.typejoin_all(args)
        if fname == "vectorof":
            return vector(args[0])
        return UNKNOWN  # `unknown()`, and any other name
    if tag == "name":
        name = ast[1]
        if name in env:
            val = env[name]
            return val if isinstance(val, JType) else UNKNOWN
        if name == "Any":
            return ANY
        return reg.apply(name, [])
    if tag == "apply":
        name = ast[1]
        params = []
        for a in ast[2]:
            if a[0] == "name" and a[1] in env and not isinstance(env[a[1]], JType):
                params.append(env[a[1]])  # an integer type parameter such as N
            elif a[0] in ("int", "bool"):   # `Val{2}`, `SubArray{..., true}`
                params.append(a[1])
            else:
                params.append(eval_return(a, env, reg))
        if name == "Union":
            return make_union(params)
        if name == "Type":
            return TypeT(params[0]) if params else UNKNOWN
        if name == "NTuple" and len(params) == 2 and isinstance(params[0], int):
            return make_tuple([params[1]] * params[0])
        if name == "Tuple":
            return make_tuple(params)
        return reg.apply(name, params)
    return reg.from_ast(ast, {})


def _ntuple_of(n_ast, t_ast, env: dict, reg: TypeRegistry) -> JType:
    """`ntuple_of(N, T)`: `NTuple{N, T}` for a known length N (a literal or a bound integer parameter)."""
    if n_ast[0] == "int":
        n = n_ast[1]
    elif n_ast[0] == "name" and isinstance(env.get(n_ast[1]), int):
        n = env[n_ast[1]]
    else:
        return UNKNOWN
    t = eval_return(t_ast, env, reg)
    if t is UNKNOWN or (isinstance(t, VarT) and t.name):
        return UNKNOWN
    return make_tuple([t] * n)


def _widen(t: JType) -> JType:
    order = {"Int8": "Int16", "Int16": "Int32", "Int32": "Int64", "Int64": "Int128", "UInt8": "UInt16",
             "UInt16": "UInt32", "UInt32": "UInt64", "UInt64": "UInt128", "Float16": "Float32",
             "Float32": "Float64", "Float64": "BigFloat", "Int128": "BigInt", "UInt128": "BigInt"}
    if isinstance(t, DataT) and t.name in order:
        return DataT(order[t.name])
    return t


def _signed(t: JType, signed: bool) -> JType:
    if not isinstance(t, DataT):
        return UNKNOWN
    n = t.name
    if signed and n.startswith("UInt"):
        return DataT(n[1:])
    if not signed and n.startswith("Int"):
        return DataT("U" + n)
    return t


def _bind_typevars(env: dict, meth: TableMethod) -> dict:
    """Unbound type variables of the matched method become unknown."""
    return {v: env.get(v, UNKNOWN) for v in meth.typevars}


def _uncertain(a: JType, reg: TypeRegistry) -> bool:
    """An argument whose run-time type the table cannot pin down: unknown, Any, or a type variable
    (an argument's or a static parameter's) whose bound is not one concrete type."""
    return a is UNKNOWN or a is ANY or (isinstance(a, VarT) and reg.is_concrete(a.ub) is not True)


def _per_call(t: JType, reg: TypeRegistry) -> bool:
    """Concrete once the call's argument types are: a concrete type, or one made of type variables
    that are concrete per call."""
    return is_concrete_var(t) or (is_known(t) and reg.is_concrete(t) is True)


def match_table(name: str, args: list[JType], reg: TypeRegistry, curly: list | None = None,
                kwargs=None, scope=None) -> JType | None:
    """Return type of Base function `name` applied to `args`, or None if the table has no such name
    that the call can reach (`scope`: the stdlib names the file sees, see `_visible`).

    A definite match (every argument a subtype of the method's parameter) wins in table order.
    With arguments of unknown type, methods that could apply are collected: if they agree the
    result is known; if each is concrete once the arguments' types are (the arguments are type
    variables, concrete per call), the result is a type concrete per call; otherwise it is UNKNOWN.
    A generated rule (data/stdlib) answers definite matches only: its file summarises some of a
    function's methods, not all of them.

    Keywords (`kwargs`, names, or names to types): a method that declares keywords (`; dims`)
    applies only when the call passes them, and a call passing a keyword that changes the result's
    shape (SHAPE_KEYWORDS) or that a method of the function declares reaches only methods declaring
    it. A keyword declared with a type (`; step::T`) is matched as an argument is.
    """
    key = name + ("{}" if curly is not None else "")
    methods = [m for m in method_table().get(key, ()) if _visible(m, name, scope)]
    if not methods:
        return None
    passed = frozenset(kwargs or ())
    significant = passed & (SHAPE_KEYWORDS | frozenset().union(*(m.keywords for m in methods)))
    n = len(args)
    maybe: list[JType] = []
    any_arg = any(a is ANY for a in args)
    for meth in methods:
        if not meth.arity_ok(n) or not meth.keywords <= passed or not significant <= meth.keywords:
            continue
        env: dict = {}
        ok = True
        uncertain = False
        vars_of: list = []  # (method variable, type-variable argument) pairs
        if curly is not None:
            for pat, val in zip(meth.curly, curly, strict=False):
                if isinstance(pat, VarT) and pat.name:
                    env[pat.name] = val
        matched = [(a, meth.params[min(i, len(meth.params) - 1)]) for i, a in enumerate(args)]
        if meth.keyword_types:
            matched += [(kwargs.get(k, UNKNOWN) if isinstance(kwargs, dict) else UNKNOWN, pat)
                        for k, pat in meth.keyword_types]
        for a, pat in matched:
            if a is ANY and not maybe and (pat is ANY or (isinstance(pat, VarT) and pat.ub is ANY)):
                continue   # a value of type Any meets `::Any` whatever it is (`rethrow(e)` of a caught `e`)
            if _uncertain(a, reg):
                uncertain = True
                if isinstance(a, VarT) and a.ub is not ANY and not _may_overlap(a.ub, pat, reg):
                    ok = False
                    break
                if isinstance(a, VarT) and isinstance(pat, VarT) and pat.name in meth.typevars:
                    vars_of.append((pat.name, a))
                continue
            if not reg.issub(a, pat, env, meth.typevars):
                ok = False
                break
        if not ok:
            continue
        conflict = False
        for var, a in vars_of:
            # should this method be the one called, its variable is the argument's (per-call) type
            if var in env and env[var] != a:
                conflict = True  # two arguments give the variable types not known to be one
            env.setdefault(var, a)
        ret = UNKNOWN if conflict else eval_return(meth.ret_ast, _bind_typevars(env, meth), reg)
        if not uncertain:
            return ret
        maybe.append(ret if not meth.generated else UNKNOWN)
    if any_arg:
        # an argument of type Any: the call is dynamically dispatched and Julia infers Any
        return ANY
    if not maybe:
        return UNKNOWN
    first = maybe[0]
    if all(m == first for m in maybe) and first is not UNKNOWN:
        return first
    if all(isinstance(a, VarT) or not _uncertain(a, reg) for a in args) and all(_per_call(m, reg) for m in maybe):
        return arg_type("", reg.typejoin_all([m.ub if isinstance(m, VarT) else m for m in maybe]))
    return UNKNOWN


def _may_overlap(ub: JType, pat: JType, reg: TypeRegistry) -> bool:
    if isinstance(pat, VarT):
        pat = pat.ub
    return reg.issub(ub, pat) or reg.issub(pat, ub) or pat is ANY
