from django.dispatch import Signal

# Sent inside the submission's transaction, once the result is stored: ``assessment`` and ``result``.
# Reports keep their maintained aggregates (the peer scores of benchmarks) fresh with it; assessments never
# import reports.
assessment_submitted = Signal()
