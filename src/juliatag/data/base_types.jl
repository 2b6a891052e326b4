# Core/Base/stdlib type hierarchy used by juliatag's static analyzer (data, versioned with the
# schema). Julia declaration syntax, one declaration per line:
#   abstract type Name{params} <: Super end
#   struct Name{params} <: Super; field::T; ... end     (mutable struct likewise)
#   primitive type Name <: Super end
#   const Alias{params} = Target                          (type aliases)
# Supertypes and fields mirror Julia 1.10/1.11. Only fields the analyzer reads are listed.

abstract type Number end
abstract type Real <: Number end
abstract type AbstractFloat <: Real end
abstract type Integer <: Real end
abstract type Signed <: Integer end
abstract type Unsigned <: Integer end
abstract type AbstractIrrational <: Real end
primitive type Bool <: Integer end
primitive type Int8 <: Signed end
primitive type Int16 <: Signed end
primitive type Int32 <: Signed end
primitive type Int64 <: Signed end
primitive type Int128 <: Signed end
primitive type UInt8 <: Unsigned end
primitive type UInt16 <: Unsigned end
primitive type UInt32 <: Unsigned end
primitive type UInt64 <: Unsigned end
primitive type UInt128 <: Unsigned end
primitive type Float16 <: AbstractFloat end
primitive type Float32 <: AbstractFloat end
primitive type Float64 <: AbstractFloat end
mutable struct BigInt <: Signed end
mutable struct BigFloat <: AbstractFloat end
struct Irrational{sym} <: AbstractIrrational end
struct Rational{T<:Integer} <: Real; num::T; den::T end
struct Complex{T<:Real} <: Number; re::T; im::T end
const Int = Int64
const UInt = UInt64
const Cint = Int32
const Cuint = UInt32
const Clong = Int64
const Culong = UInt64
const Clonglong = Int64
const Csize_t = UInt64
const Cssize_t = Int64
const Cdouble = Float64
const Cfloat = Float32
const Cchar = Int8
const Cuchar = UInt8
const Cshort = Int16
const Cushort = UInt16
const Cvoid = Nothing
const ComplexF64 = Complex{Float64}
const ComplexF32 = Complex{Float32}
const ComplexF16 = Complex{Float16}
const BitInteger = Union{Int8, Int16, Int32, Int64, Int128, UInt8, UInt16, UInt32, UInt64, UInt128}
const BitSigned = Union{Int8, Int16, Int32, Int64, Int128}
const BitUnsigned = Union{UInt8, UInt16, UInt32, UInt64, UInt128}
const IEEEFloat = Union{Float16, Float32, Float64}

abstract type AbstractChar end
primitive type Char <: AbstractChar end
abstract type AbstractString end
struct String <: AbstractString end
struct SubString{T<:AbstractString} <: AbstractString; string::T; offset::Int64; ncodeunits::Int64 end
struct SubstitutionString{T<:AbstractString} <: AbstractString; string::T end
struct LazyString <: AbstractString end
struct Symbol end
mutable struct Regex; pattern::String end
struct RegexMatch{S<:AbstractString}; match::SubString{S}; captures::Vector{Union{Nothing, SubString{S}}}; offset::Int64 end
struct Nothing end
struct Missing end
struct Some{T}; value::T end
struct Val{x} end
struct Colon end
struct Tuple end
struct NamedTuple{names, T<:Tuple} end
struct Pair{A, B}; first::A; second::B end
struct Expr; head::Symbol; args::Vector{Any} end
struct QuoteNode; value::Any end
struct LineNumberNode; line::Int64; file::Any end
struct GlobalRef; mod::Module; name::Symbol end
struct Module end
struct Method end
struct MethodInstance end
struct CodeInfo end
struct Task end
abstract type Function end
const Base.Callable = Union{Function, Type}
abstract type Type{T} end
struct DataType <: Type{T} end
struct UnionAll <: Type{T} end
struct Union <: Type{T} end
struct TypeVar end
struct Core.Box; contents::Any end
struct VersionNumber; major::UInt32; minor::UInt32; patch::UInt32 end
struct UUID; value::UInt128 end
abstract type Enum{T<:Integer} end
struct Cmd end
struct Base.Process end
struct Base.Generator{I, F}; f::F; iter::I end
abstract type Ref{T} end
mutable struct Base.RefValue{T} <: Ref{T}; x::T end
struct Ptr{T} <: Ref{T} end
struct Base.ReentrantLock end
struct Threads.SpinLock end
struct Threads.Condition end
struct Base.GenericCondition{L} end
mutable struct Threads.Atomic{T}; value::T end
mutable struct Channel{T} end
struct Base.Semaphore end
struct Base.Event end
struct WeakRef; value::Any end
struct Base.ImmutableDict{K, V} <: AbstractDict{K, V} end

abstract type AbstractArray{T, N} end
abstract type DenseArray{T, N} <: AbstractArray{T, N} end
mutable struct Array{T, N} <: DenseArray{T, N} end
struct Memory{T} <: DenseArray{T, 1} end
struct BitArray{N} <: AbstractArray{Bool, N} end
struct SubArray{T, N, P, I, L} <: AbstractArray{T, N} end
struct Base.ReshapedArray{T, N, P, MI} <: AbstractArray{T, N} end
struct Base.ReinterpretArray{T, N, S, A, IsReshaped} <: AbstractArray{T, N} end
struct PermutedDimsArray{T, N, perm, iperm, AA} <: AbstractArray{T, N} end
const Vector{T} = Array{T, 1}
const Matrix{T} = Array{T, 2}
const VecOrMat{T} = Union{Vector{T}, Matrix{T}}
const AbstractVector{T} = AbstractArray{T, 1}
const AbstractMatrix{T} = AbstractArray{T, 2}
const AbstractVecOrMat{T} = Union{AbstractVector{T}, AbstractMatrix{T}}
const DenseVector{T} = DenseArray{T, 1}
const DenseMatrix{T} = DenseArray{T, 2}
const DenseVecOrMat{T} = Union{DenseVector{T}, DenseMatrix{T}}
const StridedArray{T, N} = DenseArray{T, N}
const StridedVector{T} = DenseArray{T, 1}
const StridedMatrix{T} = DenseArray{T, 2}
const StridedVecOrMat{T} = Union{StridedVector{T}, StridedMatrix{T}}
const BitVector = BitArray{1}
const BitMatrix = BitArray{2}
const NTuple{N, T} = Tuple{Vararg{T, N}}
const Dims{N} = NTuple{N, Int64}
abstract type AbstractRange{T} <: AbstractArray{T, 1} end
abstract type OrdinalRange{T, S} <: AbstractRange{T} end
abstract type AbstractUnitRange{T} <: OrdinalRange{T, T} end
struct UnitRange{T<:Real} <: AbstractUnitRange{T}; start::T; stop::T end
struct Base.OneTo{T<:Integer} <: AbstractUnitRange{T}; stop::T end
struct Base.Slice{T<:AbstractUnitRange} <: AbstractUnitRange{Int64}; indices::T end
struct StepRange{T, S} <: OrdinalRange{T, S}; start::T; step::S; stop::T end
struct StepRangeLen{T, R, S, L<:Integer} <: AbstractRange{T}; ref::R; step::S; len::L; offset::L end
struct LinRange{T, L<:Integer} <: AbstractRange{T}; start::T; stop::T; len::L; lendiv::L end
struct Base.TwicePrecision{T}; hi::T; lo::T end
struct CartesianIndex{N}; I::NTuple{N, Int64} end
struct CartesianIndices{N, R} <: AbstractArray{CartesianIndex{N}, N}; indices::R end
struct LinearIndices{N, R} <: AbstractArray{Int64, N}; indices::R end
abstract type Base.AbstractCartesianIndex{N} end

abstract type AbstractDict{K, V} end
mutable struct Dict{K, V} <: AbstractDict{K, V} end
mutable struct IdDict{K, V} <: AbstractDict{K, V} end
mutable struct WeakKeyDict{K, V} <: AbstractDict{K, V} end
struct Base.Pairs{K, V, I, A} <: AbstractDict{K, V} end
struct Base.KeySet{K, T<:AbstractDict} <: AbstractSet{K} end
struct Base.ValueIterator{T<:AbstractDict} end
abstract type AbstractSet{T} end
struct Set{T} <: AbstractSet{T} end
mutable struct BitSet <: AbstractSet{Int64} end
struct Base.IdSet{T} <: AbstractSet{T} end

abstract type Base.Order.Ordering end
struct Base.Order.ForwardOrdering <: Base.Order.Ordering end
struct Base.Order.ReverseOrdering{Fwd<:Base.Order.Ordering} <: Base.Order.Ordering; fwd::Fwd end

abstract type Base.IteratorEltype end
struct Base.HasEltype <: Base.IteratorEltype end
struct Base.EltypeUnknown <: Base.IteratorEltype end
abstract type Base.IteratorSize end
struct Base.HasLength <: Base.IteratorSize end
struct Base.HasShape{N} <: Base.IteratorSize end
struct Base.SizeUnknown <: Base.IteratorSize end
struct Base.IsInfinite <: Base.IteratorSize end
abstract type IndexStyle end
struct IndexLinear <: IndexStyle end
struct IndexCartesian <: IndexStyle end
struct Base.Iterators.Enumerate{I} end
struct Base.Iterators.Zip{Is<:Tuple} end
struct Base.Iterators.Filter{F, I} end
struct Base.Iterators.Flatten{I} end
struct Base.Iterators.Reverse{T} end
struct Base.Iterators.Take{I} end
struct Base.Iterators.Drop{I} end
struct Base.Iterators.Rest{I, S} end
struct Base.Iterators.Repeated{O} end
struct Base.Iterators.Cycle{I} end
struct Base.Iterators.ProductIterator{T<:Tuple} end
struct Base.Iterators.PartitionIterator{T} end
struct Base.EachLine{IOT<:IO} end
struct Base.EachStringIndex{T<:AbstractString} end
struct Base.SkipMissing{T} end
struct Base.Fix1{F, T} <: Function; f::F; x::T end
struct Base.Fix2{F, T} <: Function; f::F; x::T end
struct Base.ComposedFunction{O, I} <: Function; outer::O; inner::I end
abstract type Base.Broadcast.BroadcastStyle end
abstract type Base.Broadcast.AbstractArrayStyle{N} <: Base.Broadcast.BroadcastStyle end
struct Base.Broadcast.DefaultArrayStyle{N} <: Base.Broadcast.AbstractArrayStyle{N} end
struct Base.Broadcast.Broadcasted{Style<:Union{Nothing, Base.Broadcast.BroadcastStyle}, Axes, F, Args<:Tuple}; style::Style; f::F; args::Args; axes::Axes end

abstract type IO end
mutable struct IOStream <: IO end
mutable struct IOBuffer <: IO end
const Base.GenericIOBuffer = IOBuffer
struct IOContext{IO_t<:IO} <: IO; io::IO_t end
abstract type Base.AbstractPipe <: IO end
struct Base.TTY <: IO end
struct Base.PipeEndpoint <: IO end
struct Pipe <: Base.AbstractPipe end
struct Base.DevNull <: IO end
struct Base.Libc.RawFD end
abstract type Base.AbstractDisplay end
struct Base.TextDisplay <: Base.AbstractDisplay; io::IO end
struct MIME{mime} end

abstract type Exception end
struct ErrorException <: Exception; msg::String end
struct ArgumentError <: Exception; msg::String end
struct BoundsError <: Exception end
struct MethodError <: Exception end
struct KeyError <: Exception; key::Any end
struct DimensionMismatch <: Exception; msg::String end
struct DomainError <: Exception end
struct DivideError <: Exception end
struct OverflowError <: Exception; msg::String end
struct InexactError <: Exception end
struct AssertionError <: Exception; msg::String end
struct UndefVarError <: Exception; var::Symbol end
struct UndefRefError <: Exception end
struct UndefKeywordError <: Exception; var::Symbol end
struct StackOverflowError <: Exception end
struct OutOfMemoryError <: Exception end
struct TypeError <: Exception end
struct EOFError <: Exception end
struct SystemError <: Exception end
struct InterruptException <: Exception end
struct StringIndexError <: Exception end
struct TaskFailedException <: Exception end
struct CompositeException <: Exception end
struct InvalidStateException <: Exception end
struct Base.IOError <: Exception end
struct ProcessFailedException <: Exception end
struct LoadError <: Exception end
struct InitError <: Exception end
struct Meta.ParseError <: Exception end
struct CapturedException <: Exception end
struct ReadOnlyMemoryError <: Exception end
struct MissingException <: Exception end
struct Base.Meta.ParseError <: Exception end

abstract type Random.AbstractRNG end
mutable struct Random.MersenneTwister <: Random.AbstractRNG end
mutable struct Random.Xoshiro <: Random.AbstractRNG end
struct Random.TaskLocalRNG <: Random.AbstractRNG end
struct Random.RandomDevice <: Random.AbstractRNG end

abstract type Dates.AbstractTime end
abstract type Dates.Period <: Dates.AbstractTime end
abstract type Dates.DatePeriod <: Dates.Period end
abstract type Dates.TimePeriod <: Dates.Period end
struct Dates.Year <: Dates.DatePeriod; value::Int64 end
struct Dates.Month <: Dates.DatePeriod; value::Int64 end
struct Dates.Week <: Dates.DatePeriod; value::Int64 end
struct Dates.Day <: Dates.DatePeriod; value::Int64 end
struct Dates.Hour <: Dates.TimePeriod; value::Int64 end
struct Dates.Minute <: Dates.TimePeriod; value::Int64 end
struct Dates.Second <: Dates.TimePeriod; value::Int64 end
struct Dates.Millisecond <: Dates.TimePeriod; value::Int64 end
abstract type Dates.TimeType <: Dates.AbstractTime end
abstract type Dates.AbstractDateTime <: Dates.TimeType end
struct Dates.DateTime <: Dates.AbstractDateTime end
struct Dates.Date <: Dates.TimeType end
struct Dates.Time <: Dates.TimeType end
struct Dates.DateFormat end

abstract type LinearAlgebra.Factorization{T} end
struct LinearAlgebra.Adjoint{T, S} <: AbstractArray{T, 2} end
struct LinearAlgebra.Transpose{T, S} <: AbstractArray{T, 2} end
struct LinearAlgebra.Diagonal{T, V<:AbstractVector{T}} <: AbstractArray{T, 2}; diag::V end
struct LinearAlgebra.Symmetric{T, S<:AbstractMatrix} <: AbstractArray{T, 2}; data::S end
struct LinearAlgebra.Hermitian{T, S<:AbstractMatrix} <: AbstractArray{T, 2}; data::S end
struct LinearAlgebra.UpperTriangular{T, S<:AbstractMatrix{T}} <: AbstractArray{T, 2}; data::S end
struct LinearAlgebra.LowerTriangular{T, S<:AbstractMatrix{T}} <: AbstractArray{T, 2}; data::S end
struct LinearAlgebra.Tridiagonal{T, V<:AbstractVector{T}} <: AbstractArray{T, 2}; dl::V; d::V; du::V; du2::V end
struct LinearAlgebra.SymTridiagonal{T, V<:AbstractVector{T}} <: AbstractArray{T, 2}; dv::V; ev::V end
struct LinearAlgebra.Bidiagonal{T, V<:AbstractVector{T}} <: AbstractArray{T, 2}; dv::V; ev::V; uplo::Char end
struct LinearAlgebra.UniformScaling{T<:Number}; λ::T end
struct LinearAlgebra.LU{T, S<:AbstractMatrix{T}, P<:AbstractVector{Int64}} <: LinearAlgebra.Factorization{T}; factors::S; ipiv::P; info::Int64 end
struct LinearAlgebra.QR{T, S<:AbstractMatrix{T}, C<:AbstractVector{T}} <: LinearAlgebra.Factorization{T} end
struct LinearAlgebra.Cholesky{T, S<:AbstractMatrix} <: LinearAlgebra.Factorization{T}; factors::S; uplo::Char; info::Int64 end
struct LinearAlgebra.SVD{T, Tr, M<:AbstractArray{T}, C<:AbstractVector{Tr}} <: LinearAlgebra.Factorization{T}; U::M; S::C; Vt::M end
struct LinearAlgebra.Eigen{T, V, S<:AbstractMatrix, C<:AbstractVector} <: LinearAlgebra.Factorization{T}; values::C; vectors::S end
abstract type SparseArrays.AbstractSparseArray{Tv, Ti, N} <: AbstractArray{Tv, N} end
struct SparseArrays.SparseMatrixCSC{Tv, Ti<:Integer} <: SparseArrays.AbstractSparseArray{Tv, Ti, 2} end
struct SparseArrays.SparseVector{Tv, Ti<:Integer} <: SparseArrays.AbstractSparseArray{Tv, Ti, 1} end
struct Base.EnvDict <: AbstractDict{String, String} end
struct Base.SplitIterator{S<:AbstractString, F} end
struct Base.CodeUnits{T, S<:AbstractString} <: DenseArray{T, 1} end
mutable struct Timer end
struct Base.RegexMatchIterator{S<:AbstractString} end
struct Base.Filesystem.StatStruct end
struct LinearAlgebra.QRCompactWY{S, M<:AbstractMatrix{S}, C<:AbstractMatrix{S}} <: LinearAlgebra.Factorization{S} end
struct UndefInitializer end
