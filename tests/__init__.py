"""The project's tests (a regular package: spylls installs a top-level "tests" of its own)."""
