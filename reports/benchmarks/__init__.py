"""Benchmarks: an organization's scores against its peers'.

``stats.py`` holds the statistics over a histogram of scores (pure), ``comparison.py`` the peer group and the
comparison with its queries, ``peer_scores.py`` the upkeep of the ``PeerScore`` aggregate they read and
``standing.py`` the rule of which organizations count as peers.
"""

from .comparison import (
    Benchmark,
    BenchmarkOutcome,
    PeerGroup,
    Profile,
    benchmark_for,
    compare,
    dimension_signature,
)
from .peer_scores import peer_profile_refresh, peer_scores_rebuild, peer_scores_refresh
from .standing import email_domain, peer_standing_refresh
from .stats import Stats, mean, percentile_rank, quantile, statistics

__all__ = [
    "Benchmark",
    "BenchmarkOutcome",
    "PeerGroup",
    "Profile",
    "Stats",
    "benchmark_for",
    "compare",
    "dimension_signature",
    "email_domain",
    "mean",
    "peer_profile_refresh",
    "peer_scores_rebuild",
    "peer_scores_refresh",
    "peer_standing_refresh",
    "percentile_rank",
    "quantile",
    "statistics",
]
