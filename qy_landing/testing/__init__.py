"""Support the package ships for its own tests and benchmarks (not used by the application).

:mod:`qy_landing.testing.pgserver` starts a throwaway PostgreSQL server; the test fixtures
and ``benchmarks/`` both import it from here, so there is one copy.
"""
