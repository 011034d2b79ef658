"""Writes that span models, as keyword-only functions named ``<thing>_<action>``.

- ``assessments``: start an assessment, save an answer, submit it (score and store the result), progress;
- ``workshops``: start a workshop for a client, let a participant join, show a question on the
  projector, agree scores, close it;
- ``evidence``: attach a file to an answer, delete one while the assessment is in progress;
- ``consultancies``: create a consultancy with its first consultant;
- ``metrics``: the CX metrics entered beside a result;
- ``api_keys``: who may make API keys for what, make one (shown once), list them;
- ``banks``: publish a question bank's draft, retire a version, start a new draft version.
"""

from .api_keys import KeyOwners, api_key_create, api_key_owners, api_keys_visible, is_bank_editor
from .assessments import (
    DimensionProgress,
    MissingAnswers,
    answer_save,
    assessment_continue_or_start,
    assessment_start,
    assessment_submit,
    participant_progress,
    unanswered_required,
)
from .banks import BankNotPublishable, DraftExists, bank_new_draft, bank_problems, bank_publish, bank_retire
from .consultancies import consultancy_create
from .evidence import evidence_add, evidence_delete
from .metrics import cx_metrics_clear, cx_metrics_save
from .workshops import (
    agreed_score_clear,
    agreed_score_set,
    participant_join,
    revote_start,
    workshop_close,
    workshop_reveal,
    workshop_start,
)

__all__ = [
    "KeyOwners",
    "api_key_create",
    "api_key_owners",
    "api_keys_visible",
    "is_bank_editor",
    "BankNotPublishable",
    "DraftExists",
    "bank_new_draft",
    "bank_problems",
    "bank_publish",
    "bank_retire",
    "agreed_score_clear",
    "agreed_score_set",
    "DimensionProgress",
    "MissingAnswers",
    "answer_save",
    "assessment_continue_or_start",
    "assessment_start",
    "assessment_submit",
    "consultancy_create",
    "cx_metrics_clear",
    "cx_metrics_save",
    "evidence_add",
    "evidence_delete",
    "participant_join",
    "participant_progress",
    "unanswered_required",
    "revote_start",
    "workshop_close",
    "workshop_reveal",
    "workshop_start",
]
