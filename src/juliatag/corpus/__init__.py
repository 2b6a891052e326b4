"""The lexeme corpus on disk: `DIR/manifest.json` and `DIR/lexemes/` (a datasets folder)."""
