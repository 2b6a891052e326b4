"""A small parser for Julia type expressions written as text.

Used for the type database and method table (data files), for gold-file type strings, and
for `--type` style options. Source code is not parsed here: the analyzer reads type
expressions from the syntax tree.

Grammar (enough for types): `A.B.Name`, `Name{args}`, `Union{...}`, `<:X` and `T<:X`
wildcards, integers, `true`/`false`, `:sym`, `typeof(f)`, `body where {T<:X, S}`.
The result is a raw tuple AST:
    ("name", "A.B")  ("apply", "Name", [ast...])  ("int", 3)  ("bool", True)
    ("sym", "x")  ("sub", lhs_ast_or_None, rhs_ast)  ("sup", lhs, rhs)
    ("typeof", "f")  ("where", body_ast, [var_ast...])  ("call", "float", [ast...])
"""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(
    r"\s*(?:(?P<typeof>typeof\([^()]*\))|(?P<num>-?\d+)|(?P<name>[A-Za-z_\u00a0-\uffff][A-Za-z0-9_!\u00a0-\uffff]*)"
    r"|(?P<op><:|>:|::|[{}(),.:=]))"
)


class TypeSyntaxError(ValueError):
    pass


def tokenize(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise TypeSyntaxError(f"cannot read type {text!r} at {pos}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0

    def peek(self, k: int = 0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self, value: str | None = None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise TypeSyntaxError(f"expected {value or 'more'} in type {self.text!r}")
        self.i += 1
        return tok

    def parse(self):
        node = self.expr()
        if self.i != len(self.toks):
            raise TypeSyntaxError(f"unexpected {self.peek()[1]!r} in type {self.text!r}")
        return node

    def expr(self):
        node = self.sub_expr()
        while self.peek()[1] == "where":
            self.take()
            if self.peek()[1] == "{":
                self.take("{")
                vars_ = [self.sub_expr()]
                while self.peek()[1] == ",":
                    self.take()
                    vars_.append(self.sub_expr())
                self.take("}")
            else:
                vars_ = [self.sub_expr()]
            node = ("where", node, vars_)
        return node

    def sub_expr(self):
        if self.peek()[1] == "<:":
            self.take()
            return ("sub", None, self.atom())
        if self.peek()[1] == ">:":
            self.take()
            return ("sup", None, self.atom())
        node = self.atom()
        if self.peek()[1] == "<:":
            self.take()
            return ("sub", node, self.atom())
        if self.peek()[1] == ">:":
            self.take()
            return ("sup", node, self.atom())
        return node

    def atom(self):
        kind, value = self.take()
        if kind == "typeof":
            return ("typeof", value[len("typeof("):-1].strip())
        if kind == "num":
            return ("int", int(value))
        if value == ":":
            _, name = self.take()
            return ("sym", name)
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
        if kind != "name":
            raise TypeSyntaxError(f"unexpected {value!r} in type {self.text!r}")
        if value in ("true", "false"):
            return ("bool", value == "true")
        if value == "typeof" and self.peek()[1] == "(":
            self.take("(")
            parts = [self.take()[1]]
            while self.peek()[1] == ".":
                self.take()
                parts.append(self.take()[1])
            self.take(")")
            return ("typeof", ".".join(parts))
        if self.peek()[1] == "(" and value[:1].islower():
            # a type function in the method table's return expressions: float(T), eltype(A)
            self.take("(")
            args = []
            if self.peek()[1] != ")":
                args.append(self.expr())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.expr())
            self.take(")")
            return ("call", value, args)
        name = value
        while self.peek()[1] == "." and self.peek(1)[0] == "name":
            self.take()
            name += "." + self.take()[1]
        if self.peek()[1] == "{":
            self.take("{")
            args = []
            if self.peek()[1] != "}":
                args.append(self.expr())
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.expr())
            self.take("}")
            node = ("apply", name, args)
            while self.peek()[1] == "{":  # Foo{A}{B}
                self.take("{")
                more = [self.expr()]
                while self.peek()[1] == ",":
                    self.take()
                    more.append(self.expr())
                self.take("}")
                node = ("apply", name, args + more)
                args = args + more
            return node
        return ("name", name)


def parse_type_ast(text: str):
    """Parse a type expression into the raw tuple AST described in the module docstring."""
    return _Parser(text).parse()
