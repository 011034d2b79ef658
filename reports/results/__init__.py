"""The results of an assessment as the pages, the PDF and the downloads show them.

- ``view_model``: the view model (``ResultsView`` and its parts) and the builders shared by stored and sample
  results;
- ``stored``: the results of a submitted assessment (``assessment_results``, ``results_benchmark``);
- ``history``: an organization's submitted assessments over time (``organization_history``);
- ``figures``: a result's charts and the rows of its peer comparison.

The public sample, scored in memory, is ``reports.sample``.
"""

from .figures import BenchmarkRow, benchmark_rows, chart_dimensions, chart_levels, results_charts
from .history import History, HistoryEntry, organization_history
from .stored import assessment_results, results_benchmark
from .view_model import (
    AnswerGroup,
    AnswerView,
    Change,
    DimensionView,
    LevelInfo,
    PlanEntry,
    ResultsView,
)

__all__ = [
    "AnswerGroup",
    "AnswerView",
    "BenchmarkRow",
    "Change",
    "DimensionView",
    "History",
    "HistoryEntry",
    "LevelInfo",
    "PlanEntry",
    "ResultsView",
    "assessment_results",
    "benchmark_rows",
    "chart_dimensions",
    "chart_levels",
    "organization_history",
    "results_benchmark",
    "results_charts",
]
