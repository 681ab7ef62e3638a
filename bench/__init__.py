"""Benchmarks at the reference load (SPEC: Scale and speed). Not part of the unit test run.

``python -m bench`` seeds a benchmark PostgreSQL database, then
measures MCP tool latency over stdio and HTTP beside a no-op tool on a bare
``mcp`` server, REST throughput under gunicorn with wrk, and a chat turn's
latency, and writes ``bench/results/latest.md`` and ``latest.json``.
"""
