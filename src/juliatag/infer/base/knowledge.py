"""Base and stdlib tables read from `data/base_knowledge.toml`: stdlib modules, macros whose value
is known, and the types of prefixed string literals."""

from __future__ import annotations

from ...data import read_toml
from ...types.jtypes import UNKNOWN, DataT, JType


def _split_params(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def plain_type(text: str) -> JType:
    """`Name` or `Name{P, ...}` as written in the file, without aliases or registry lookups;
    "?" is unknown."""
    text = text.strip()
    if text == "?":
        return UNKNOWN
    head, brace, rest = text.partition("{")
    if not brace:
        return DataT(head)
    if not rest.endswith("}"):
        raise ValueError(f"base_knowledge.toml: bad type {text!r}")
    return DataT(head, tuple(plain_type(p) for p in _split_params(rest[:-1])))


_DATA = read_toml("base_knowledge.toml")

STDLIB_MODULES = frozenset(_DATA["modules"]["stdlib"])
CONTRACT_FUNCTIONS = frozenset(_DATA["contracts"]["functions"])
THROWING_FUNCTIONS = frozenset(_DATA["throwing"]["functions"])
PROMOTION_FUNCTIONS = tuple(_DATA["promotion"]["functions"])
SHAPE_KEYWORDS = frozenset(_DATA["keywords"]["shape"])
COLON_DEFAULT_KEYWORDS = frozenset(_DATA["keywords"]["colon_default"])
TRAIT_FALLBACKS = frozenset(_DATA["trait_fallbacks"]["functions"])
NO_METHOD_FOR_NOTHING = frozenset(_DATA["no_method_for_nothing"]["functions"])
DEFAULT_BROADCAST_STYLE = frozenset(_DATA["broadcast"]["default_style"])
LAZY_BROADCAST = _DATA["broadcast"]["lazy_type"]
DEFAULT_ARRAY_STYLE = _DATA["broadcast"]["default_style_type"]
LAZY_BROADCAST_REDUCERS = frozenset(_DATA["broadcast"]["lazy_reducers"])
BROADCASTING_ARRAY_CALLS = {name: frozenset(forms) for name, forms in _DATA["broadcast"]["array_calls"].items()}
LAZY_BROADCAST_COPIES = frozenset(_DATA["broadcast"]["lazy_copies"])
BROADCAST_STYLE_HOOKS = tuple(_DATA["broadcast"]["style_hooks"])
BROADCASTED_HOOKS = tuple(_DATA["broadcast"]["broadcasted_hooks"])
RANGE_PRESERVING_OPS = frozenset(_DATA["broadcast"]["range_ops"])
INTEGER_RANGE_BROADCAST = dict(_DATA["broadcast"]["integer_ranges"])
INTEGER_RANGE_INDEXING = dict(_DATA["indexing"]["integer_ranges"])
INDEX_COPY_TO_ARRAY = frozenset(_DATA["indexing"]["copy_to_array"])
INDEX_WRAPPERS = frozenset(_DATA["indexing"]["wrappers"])
TYPE_PRESERVING_MACROS = frozenset(_DATA["macros"]["type_preserving"])
NOTHING_MACROS = frozenset(_DATA["macros"]["nothing"])
CATCHING_MACROS = frozenset(_DATA["macros"]["catching"])
CALL_EVALUATING_MACROS = frozenset(_DATA["macros"]["call_evaluating"])
MACRO_RESULTS = {name: plain_type(t) for name, t in _DATA["macros"]["result"].items()}
STRING_PREFIXES = {prefix: plain_type(t) for prefix, t in _DATA["string_prefixes"].items()}
