from .assessments import COMMENT_MAX_LENGTH, Answer, Assessment, DimensionResult, Participant, Result
from .banks import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from .metrics import CxMetrics
from .organizations import Invitation, Membership, Organization, User

__all__ = [
    "COMMENT_MAX_LENGTH",
    "Answer",
    "Assessment",
    "CxMetrics",
    "Dimension",
    "DimensionResult",
    "MaturityLevel",
    "Invitation",
    "Membership",
    "Option",
    "Organization",
    "Participant",
    "Question",
    "QuestionBank",
    "Recommendation",
    "Result",
    "User",
]
