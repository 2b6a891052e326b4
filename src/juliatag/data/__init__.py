"""Data files shipped with the library: Base's type declarations and method return types, Base and
stdlib names, operator tokens, and the default vocabulary spec."""
