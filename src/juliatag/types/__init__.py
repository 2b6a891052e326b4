"""Julia types for the analyzer: `jtypes` (the representation), `registry` (declarations, Base's and
the code's own), `subtyping` (`<:`), `lattice` (joins and meets), `typeexpr` (parsing type text),
`type_ids` (the fixed and hashed label ids)."""
