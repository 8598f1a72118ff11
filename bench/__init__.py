"""Benchmarks, the load test and the evaluation sets of Rownaq: not part of the product (never in its wheel).

Run from the repository root with `src/` on the path (the Makefile's bench-* targets do), e.g.
`python -m bench.roster`, `python -m bench.matcher`, `python -m bench.stats`, `python -m bench.load`."""
