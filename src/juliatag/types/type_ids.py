"""Type ids: a fixed, versioned table (ids 2..127) plus 1,024 hash buckets (ids 128..1151).

Id 0 is "not applicable", id 1 "unknown". The fixed table holds the most frequent Base and
stdlib types and families (the measured frequencies behind it are in benchmarks/RESULTS.md)
and catch-all categories. A named type outside the table (a package's own struct, a Base
type not listed) goes to bucket `128 + fnv1a_32(name) % 1024`, where `name` is the type's
UTF-8 name without parameters (`Foo` for `Foo{Int64}`) and fnv1a_32 is the 32-bit FNV-1a
hash (offset basis 2166136261, prime 16777619). Table and hash are written into manifests.
"""

from __future__ import annotations

from functools import lru_cache

from ..schema import N_FIXED_TYPE_IDS, N_TYPE_BUCKETS, TYPE_ID_UNKNOWN
from .jtypes import ANY, BOTTOM, UNKNOWN, DataT, FuncT, JType, TypeT, UnionT, VarT, is_arg_type

TYPE_TABLE_VERSION = "1"

# (label, description). Ids are 2 + position. Never reorder within a table version.
FIXED_TYPES: tuple[tuple[str, str], ...] = (
    # catch-alls and lattice points
    ("Any", "Any"),
    ("Union{}", "the bottom type: no value (a call that always throws)"),
    ("<typevar>", "a type variable / static parameter (T in x::T where T)"),
    ("Union{T, Nothing}", "a union of one type with Nothing"),
    ("Union{T, Missing}", "a union of one type with Missing"),
    ("<union>", "any other Union"),
    ("<user struct>", "a struct of the analyzed code with no stable name"),
    ("<user abstract>", "an abstract type of the analyzed code with no stable name"),
    ("<function>", "typeof(f) of a function, or a closure"),
    # abstract numeric
    ("Number", ""), ("Real", ""), ("AbstractFloat", ""), ("Integer", ""), ("Signed", ""), ("Unsigned", ""),
    # concrete numeric
    ("Bool", ""), ("Int8", ""), ("Int16", ""), ("Int32", ""), ("Int64", ""), ("Int128/UInt128", ""),
    ("UInt8", ""), ("UInt16", ""), ("UInt32", ""), ("UInt64", ""), ("Float16", ""), ("Float32", ""),
    ("Float64", ""), ("BigInt", ""), ("BigFloat", ""), ("Rational", "Rational{T}"), ("Complex", "Complex{T}"),
    ("Irrational", "Irrational{sym}"),
    # text
    ("AbstractString", ""), ("String", ""), ("SubString", "SubString{T}"), ("AbstractChar", ""), ("Char", ""),
    ("Symbol", ""), ("Regex", "Regex and RegexMatch"),
    # abstract arrays
    ("AbstractArray", "AbstractArray{T, N}, N not 1 or 2"), ("AbstractVector", ""), ("AbstractMatrix", ""),
    ("AbstractVecOrMat", ""), ("DenseArray", "DenseArray / StridedArray"), ("AbstractRange", ""),
    ("AbstractUnitRange", "AbstractUnitRange / OrdinalRange"),
    # concrete arrays
    ("Vector{Float64}", ""), ("Vector{Int64}", ""), ("Vector{Bool}", ""), ("Vector{String}", ""),
    ("Vector{Any}", ""), ("Vector{<concrete>}", "a Vector of another concrete element type"),
    ("Vector{<abstract>}", "a Vector of another abstract element type"), ("Matrix{Float64}", ""),
    ("Matrix{<other>}", "a Matrix of another element type"), ("Array{T, N}", "an Array of 3+ or unknown dims"),
    ("BitArray", "BitVector / BitMatrix"), ("SubArray", "views"), ("Memory", ""),
    # ranges and indices
    ("UnitRange", ""), ("Base.OneTo", ""), ("StepRange", ""), ("StepRangeLen", ""), ("LinRange", ""),
    ("CartesianIndex", ""), ("CartesianIndices", "CartesianIndices / LinearIndices"),
    # LinearAlgebra / SparseArrays
    ("Adjoint/Transpose", ""), ("Diagonal", ""), ("Symmetric/Hermitian", ""), ("Triangular", ""),
    ("Tri/Bidiagonal", ""), ("UniformScaling", ""), ("Factorization", "LU, QR, Cholesky, SVD, Eigen, ..."),
    ("SparseMatrixCSC", ""), ("SparseVector", ""),
    # collections
    ("NTuple", "a homogeneous Tuple"), ("Tuple", "a heterogeneous Tuple"), ("NamedTuple", ""), ("Pair", ""),
    ("AbstractDict", ""), ("Dict", ""), ("IdDict", ""), ("AbstractSet", ""), ("Set", ""), ("BitSet", ""),
    ("<iterator>", "Generator, Enumerate, Zip, other Base.Iterators wrappers"),
    # singletons and wrappers
    ("Nothing", ""), ("Missing", ""), ("Some", ""), ("Val", ""), ("Colon", ""), ("Ref", "Ref / Base.RefValue"),
    # meta
    ("Type{T}", "a type used as a value"), ("DataType", ""), ("UnionAll", ""), ("Union", "Union as a value"),
    ("Module", ""), ("Expr", ""), ("<ast>", "QuoteNode, LineNumberNode, GlobalRef, Method, CodeInfo"),
    # IO and system
    ("IO", ""), ("IOStream", ""), ("IOBuffer", ""), ("IOContext", ""), ("<pipe>", "Pipe, TTY, other IO"),
    ("Cmd", ""), ("Process", ""), ("Task", ""), ("Channel", ""), ("<lock>", "ReentrantLock, Condition, ..."),
    ("Threads.Atomic", ""), ("Ptr", ""),
    # exceptions
    ("Exception", "Exception and other exception types"), ("ErrorException", ""), ("ArgumentError", ""),
    ("BoundsError", ""), ("MethodError", ""), ("KeyError", ""), ("DimensionMismatch", ""),
    ("<numeric error>", "DomainError, DivideError, OverflowError, InexactError"),
    # stdlib
    ("Date", ""), ("DateTime", ""), ("AbstractRNG", "AbstractRNG and its subtypes"), ("UUID", ""),
    ("VersionNumber", ""), ("Enum", "Enum{T} instances"),
)
assert len(FIXED_TYPES) == N_FIXED_TYPE_IDS - 2, len(FIXED_TYPES)
ID_OF: dict[str, int] = {label: i + 2 for i, (label, _) in enumerate(FIXED_TYPES)}

# plain names that map to a table label
_NAME_TO_LABEL = {
    **{n: n for n in ("Number", "Real", "AbstractFloat", "Integer", "Signed", "Unsigned", "Bool", "Int8", "Int16",
                      "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float16", "Float32", "Float64",
                      "BigInt", "BigFloat", "Rational", "Complex", "Irrational", "AbstractString", "String",
                      "SubString", "AbstractChar", "Char", "Symbol", "Regex", "AbstractRange", "BitArray",
                      "SubArray", "Memory", "UnitRange", "Base.OneTo", "StepRange", "StepRangeLen", "LinRange",
                      "CartesianIndex", "CartesianIndices", "Diagonal", "UniformScaling", "SparseMatrixCSC",
                      "SparseVector", "NamedTuple", "Pair", "AbstractDict", "Dict", "IdDict", "AbstractSet",
                      "Set", "BitSet", "Nothing", "Missing", "Some", "Val", "Colon", "DataType", "UnionAll",
                      "Union", "Module", "Expr", "IO", "IOStream", "IOBuffer", "IOContext", "Cmd", "Task",
                      "Channel", "Threads.Atomic", "Ptr", "Exception", "ErrorException", "ArgumentError",
                      "BoundsError", "MethodError", "KeyError", "DimensionMismatch", "Date", "DateTime", "UUID",
                      "VersionNumber")},
    "Int128": "Int128/UInt128", "UInt128": "Int128/UInt128", "RegexMatch": "Regex",
    "DenseArray": "DenseArray", "AbstractUnitRange": "AbstractUnitRange", "OrdinalRange": "AbstractUnitRange",
    "LinearIndices": "CartesianIndices", "Adjoint": "Adjoint/Transpose", "Transpose": "Adjoint/Transpose",
    "Symmetric": "Symmetric/Hermitian", "Hermitian": "Symmetric/Hermitian",
    "UpperTriangular": "Triangular", "LowerTriangular": "Triangular",
    "Tridiagonal": "Tri/Bidiagonal", "SymTridiagonal": "Tri/Bidiagonal", "Bidiagonal": "Tri/Bidiagonal",
    "Factorization": "Factorization", "LU": "Factorization", "QR": "Factorization", "Cholesky": "Factorization",
    "SVD": "Factorization", "Eigen": "Factorization",
    "Base.Generator": "<iterator>", "Base.Iterators.Enumerate": "<iterator>", "Base.Iterators.Zip": "<iterator>",
    "Base.Iterators.Filter": "<iterator>", "Base.Iterators.Flatten": "<iterator>",
    "Base.Iterators.Reverse": "<iterator>", "Base.Iterators.Take": "<iterator>", "Base.Iterators.Drop": "<iterator>",
    "Base.Iterators.Repeated": "<iterator>", "Base.Iterators.Cycle": "<iterator>",
    "Base.Iterators.ProductIterator": "<iterator>", "Base.Iterators.PartitionIterator": "<iterator>",
    "Base.EachLine": "<iterator>", "Base.SkipMissing": "<iterator>", "Base.KeySet": "AbstractSet",
    "Base.ValueIterator": "<iterator>", "Base.Pairs": "AbstractDict",
    "Ref": "Ref", "Base.RefValue": "Ref",
    "QuoteNode": "<ast>", "LineNumberNode": "<ast>", "GlobalRef": "<ast>", "Method": "<ast>", "CodeInfo": "<ast>",
    "MethodInstance": "<ast>",
    "Pipe": "<pipe>", "Base.TTY": "<pipe>", "Base.PipeEndpoint": "<pipe>", "Base.AbstractPipe": "<pipe>",
    "Base.DevNull": "<pipe>", "Base.Process": "Process",
    "Base.ReentrantLock": "<lock>", "Threads.SpinLock": "<lock>", "Threads.Condition": "<lock>",
    "Base.GenericCondition": "<lock>", "Base.Semaphore": "<lock>", "Base.Event": "<lock>",
    "DomainError": "<numeric error>", "DivideError": "<numeric error>", "OverflowError": "<numeric error>",
    "InexactError": "<numeric error>",
    "AbstractRNG": "AbstractRNG", "MersenneTwister": "AbstractRNG", "Xoshiro": "AbstractRNG",
    "TaskLocalRNG": "AbstractRNG", "RandomDevice": "AbstractRNG", "Enum": "Enum", "Function": "<function>",
}
_EXCEPTIONS = {"AssertionError", "UndefVarError", "UndefRefError", "UndefKeywordError", "StackOverflowError",
               "OutOfMemoryError", "TypeError", "EOFError", "SystemError", "InterruptException",
               "StringIndexError", "TaskFailedException", "CompositeException", "InvalidStateException",
               "Base.IOError", "ProcessFailedException", "LoadError", "InitError", "CapturedException",
               "MissingException", "Base.Meta.ParseError", "Meta.ParseError"}


def fnv1a_32(data: bytes) -> int:
    h = 2166136261
    for b in data:
        h ^= b
        h = (h * 16777619) & 0xFFFFFFFF
    return h


@lru_cache(maxsize=65536)
def bucket_id(name: str) -> int:
    return N_FIXED_TYPE_IDS + fnv1a_32(name.encode("utf-8")) % N_TYPE_BUCKETS


def type_id(t: JType, registry=None) -> int:
    """The type id of `t` (never 0: callers decide when a lexeme has no type)."""
    if t is UNKNOWN:
        return TYPE_ID_UNKNOWN
    if t is ANY:
        return ID_OF["Any"]
    if t is BOTTOM:
        return ID_OF["Union{}"]
    if isinstance(t, VarT):
        return TYPE_ID_UNKNOWN if is_arg_type(t) else ID_OF["<typevar>"]
    if isinstance(t, TypeT):
        return ID_OF["Type{T}"]
    if isinstance(t, FuncT):
        return ID_OF["<function>"]
    if isinstance(t, UnionT):
        names = {m.name for m in t.members if isinstance(m, DataT)}
        if len(t.members) == 2 and "Nothing" in names:
            return ID_OF["Union{T, Nothing}"]
        if len(t.members) == 2 and "Missing" in names:
            return ID_OF["Union{T, Missing}"]
        return ID_OF["<union>"]
    if isinstance(t, DataT):
        return _datatype_id(t, registry)
    return TYPE_ID_UNKNOWN


def _datatype_id(t: DataT, registry) -> int:
    name = t.name
    if name == "Array":
        n = t.params[1] if len(t.params) > 1 else None
        elt = t.params[0] if t.params else None
        if n == 1:
            label = f"Vector{{{elt.name}}}" if isinstance(elt, DataT) and not elt.params else None
            if label in ID_OF:
                return ID_OF[label]
            if elt is ANY:
                return ID_OF["Vector{Any}"]
            concrete = registry.is_concrete(elt) if registry is not None and isinstance(elt, JType) else None
            return ID_OF["Vector{<concrete>}" if concrete else "Vector{<abstract>}"]
        if n == 2:
            return ID_OF["Matrix{Float64}" if elt == DataT("Float64") else "Matrix{<other>}"]
        return ID_OF["Array{T, N}"]
    if name == "AbstractArray":
        n = t.params[1] if len(t.params) > 1 else None
        return ID_OF["AbstractVector" if n == 1 else "AbstractMatrix" if n == 2 else "AbstractArray"]
    if name == "Tuple":
        ps = t.params
        if ps and all(p == ps[0] for p in ps) and not (isinstance(ps[0], DataT) and ps[0].name == "Vararg"):
            return ID_OF["NTuple"]
        return ID_OF["Tuple"]
    label = _NAME_TO_LABEL.get(name)
    if label is not None:
        return ID_OF[label]
    if name in _EXCEPTIONS:
        return ID_OF["Exception"]
    if registry is not None:
        decl = registry.decl(name)
        if decl is not None and not decl.user:
            # a Base/stdlib family member whose supertype has an id (e.g. an Exception subtype)
            sup = registry.supertype(t)
            if isinstance(sup, DataT) and sup.name in ("Exception", "AbstractRNG", "IO", "Function"):
                return _datatype_id(sup, registry)
    return bucket_id(name)


def table() -> dict:
    """The id table for manifests."""
    return {
        "version": TYPE_TABLE_VERSION,
        "na": 0,
        "unknown": TYPE_ID_UNKNOWN,
        "fixed": {str(ID_OF[label]): {"label": label, "description": desc} for label, desc in FIXED_TYPES},
        "buckets": {"first": N_FIXED_TYPE_IDS, "count": N_TYPE_BUCKETS,
                    "hash": "fnv1a_32(utf8(type name without parameters)) % 1024",
                    "fnv1a_32": {"offset_basis": 2166136261, "prime": 16777619}},
    }
