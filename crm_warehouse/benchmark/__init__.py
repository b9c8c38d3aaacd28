"""The benchmark command: build the warehouse on generated data and compare the metric marts
with a naive baseline (one query per metric x timeframe x period). See `python -m
crm_warehouse.benchmark --help`."""
