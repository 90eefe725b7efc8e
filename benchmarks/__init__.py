"""Benchmarks of qy-landing from one county (1k projects) to a whole country (1M).

``python -m benchmarks --size 100k --backend sqlite`` builds (or reuses) a synthetic
database of that size, runs every scenario through the library and through a plain-SQL
baseline in the same run, and prints scenario, time, baseline time, ratio, target and
peak memory; ``--json FILE`` writes the same. See ``docs/performance.md``.

Modules:

- :mod:`benchmarks.common`: sizes, the fixed "today" of every run, paths, targets;
- :mod:`benchmarks.datagen`: the reproducible data generator and the ledger CSV writer;
- :mod:`benchmarks.databases`: the cache of generated databases, the PostgreSQL server;
- :mod:`benchmarks.ours`: each scenario through the library (``qy_landing``);
- :mod:`benchmarks.baselines`: the same work as plain SQL through ``sqlite3``/``psycopg``;
- :mod:`benchmarks.child`: one measurement in its own process (time and peak RSS);
- :mod:`benchmarks.runner`: the command line, the table and the JSON.
"""
