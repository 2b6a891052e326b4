"""The static type inference engine: an abstract interpreter over the syntax tree."""
