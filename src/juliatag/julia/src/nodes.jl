# Version-tolerant access to JuliaSyntax syntax trees.
#
# JuliaSyntax 0.4 (Julia 1.10/1.11), 1.0 (Julia 1.12) and later differ in small ways: leaves have
# `children == ()` in 0.4 and `nothing` later; some predicates come and go. Everything here takes
# the JuliaSyntax module `M` as an argument, because TypedSyntax builds its trees with the
# JuliaSyntax *package*, whose types differ from Base.JuliaSyntax's. Kinds are compared by name
# (`string(kind)`), which every version supports, instead of the K"..." macro.

nkind(M, n)::String = string(M.kind(n))

function nkids(M, n)
    c = M.children(n)
    return c === nothing ? () : c
end

function nleaf(M, n)::Bool
    c = M.children(n)
    c === nothing && return true
    isempty(c) || return false
    # 0.4: a leaf and an empty interior node (`(block)`) both have no children
    return isdefined(M, :haschildren) ? !M.haschildren(n) : true
end

nfirst(M, n)::Int = Int(M.first_byte(n))          # 1-based, inclusive
nlast(M, n)::Int = Int(M.last_byte(n))            # 1-based, inclusive

# a predicate of M applied to x, false when M does not define it or it does not apply
function nflag(M, name::Symbol, x)::Bool
    isdefined(M, name) || return false
    try
        return getfield(M, name)(x) === true
    catch
        return false
    end
end

# the value of a leaf (Symbol for identifiers, the parsed literal for literals), or nothing
function nval(n)
    try
        return n.val
    catch
        return nothing
    end
end

# the child that names the function in a call node: the operator of an infix call, the last
# argument of a postfix call (`x'`), else the first child
function callee_index(M, n, ch)::Int
    length(ch) >= 3 && nflag(M, :is_infix_op_call, n) && return 2
    length(ch) >= 2 && nflag(M, :is_postfix_op_call, n) && return length(ch)
    return 1
end

# the last leaf of a node (the `f` of `Base.f`, the `==` of `Base.:(==)`), or nothing
function last_leaf(M, n)
    nleaf(M, n) && return n
    ch = nkids(M, n)
    for i in length(ch):-1:1
        l = last_leaf(M, ch[i])
        l === nothing || return l
    end
    return nothing
end

# the first leaf of a node, or nothing
function first_leaf(M, n)
    nleaf(M, n) && return n
    for c in nkids(M, n)
        l = first_leaf(M, c)
        l === nothing || return l
    end
    return nothing
end

# every node of a tree, depth first, parents before children
function each_node(f, M, n)
    f(n)
    for c in nkids(M, n)
        each_node(f, M, c)
    end
    return nothing
end
