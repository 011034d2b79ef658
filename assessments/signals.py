from django.dispatch import Signal

# Sent inside the submission's transaction, once the result is stored: ``assessment`` and ``result``.
# Reports keep their maintained aggregates (the peer scores of benchmarks) fresh with it; assessments never
# import reports.
assessment_submitted = Signal()

# Sent when a user confirms their e-mail address (through the mailed link, or by joining through an invitation
# sent to it): ``user``. Benchmarks count an organization as a peer once one of its members has.
email_confirmed = Signal()
