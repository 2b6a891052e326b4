"""jldoctest blocks: REPL inputs and outputs, names, options, docstring escapes."""

from juliatag.truth.doctests import find_blocks

DOC = '''
"""
    f(x)

```jldoctest shared; setup = :(using Foo)
julia> a = [1,
            2]
2-element Vector{Int64}:
 1
 2

julia> b = 1;

julia> "\\$a"
"[1, 2]"
```
"""
f(x) = x

"""
```jldoctest; filter = r"[0-9]"
julia> 1
1
```

```jldoctest
x = 1

# output

1
```
"""
g() = 1
'''


def test_repl_blocks_from_a_docstring():
    blocks = find_blocks(DOC, "P/src/P.jl", in_docstrings=True)
    assert len(blocks) == 2  # the script-form block is not read
    first, second = blocks
    assert (first.name, first.setup, first.filtered, first.line) == ("shared", "using Foo", False, 5)
    assert [i.code for i in first.inputs] == ["a = [1,\n     2]", "b = 1;", '"$a"']
    assert first.inputs[0].output == ["2-element Vector{Int64}:", " 1", " 2"]
    assert first.inputs[0].line == 6
    assert first.inputs[1].output == []
    assert first.inputs[2].output == ['"[1, 2]"']
    assert second.name is None and second.filtered
    assert second.inputs[0].output == ["1"]


def test_markdown_blocks_keep_backslashes():
    md = "# Page\n\n```jldoctest\njulia> \"a\\\\b\"\n\"a\\\\b\"\n```\n"
    (block,) = find_blocks(md, "P/docs/src/index.md", in_docstrings=False)
    assert block.inputs[0].code == '"a\\\\b"'


def test_indented_block_in_a_docstring():
    text = '    """\n    ```jldoctest\n    julia> 1 + 1\n    2\n    ```\n    """\n'
    (block,) = find_blocks(text, "x.jl", in_docstrings=True)
    assert block.inputs[0].code == "1 + 1" and block.inputs[0].output == ["2"]
