"""What the analyzer knows of Base and the standard library, in one place.

`methods` reads return types from `data/base_methods.jl`, `names` Base/stdlib names from
`data/base_names.txt`, `knowledge` the remaining tables (stdlib modules, macros, string-literal
prefixes) from `data/base_knowledge.toml`. `builtins` holds the rules a table cannot express
(iteration, indexing, broadcasting, higher-order functions, Base constructors) and `arith` numeric
promotion.
"""
