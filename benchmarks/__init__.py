"""The benchmark command (a developer tool, like the tests: not part of the installed package):
build the warehouse on generated data and compare the metric marts with a naive baseline (one
query per metric x timeframe x period). From the repository root: `python -m benchmarks --help`.

It may read the intermediate models (to count and time them, and to give the naive baseline the
same resolved definitions); the product code reads only the marts."""
