"""The static type inference engine: an abstract interpreter over the syntax tree.

`analyzer.analyze_file` is the entry point. `state` holds frames and every limit, `interpreter` the
walk, `transfer/` one module per syntax family, `operators`, `calls` and `methods` what operators,
calls and methods compute, `narrowing` what conditions tell; `package` what a package defines and
where, `program` its other files as interpreters a call reaches; all Base and stdlib knowledge is in
`base/`, read from `data/` (see `base/__init__.py`).
"""
