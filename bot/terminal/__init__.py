"""The terminal surface: `reflect chat` and `reflect ask`, and how answers read there."""
