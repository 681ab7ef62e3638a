"""Percentiles of latency samples, the way the tables report them."""

import math
from collections.abc import Sequence
from typing import TypedDict


class Summary(TypedDict):
    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float


def percentile(sorted_samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, never an interpolation."""
    if not sorted_samples:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_samples)))
    return sorted_samples[rank - 1]


def summarize(samples_seconds: Sequence[float]) -> Summary:
    ordered = sorted(samples_seconds)
    to_ms = 1000.0
    return Summary(
        n=len(ordered),
        p50_ms=round(percentile(ordered, 0.50) * to_ms, 3),
        p95_ms=round(percentile(ordered, 0.95) * to_ms, 3),
        p99_ms=round(percentile(ordered, 0.99) * to_ms, 3),
        mean_ms=round(sum(ordered) / len(ordered) * to_ms, 3) if ordered else math.nan,
        max_ms=round(ordered[-1] * to_ms, 3) if ordered else math.nan,
    )
