from .api_keys import ApiKey
from .assessments import COMMENT_MAX_LENGTH, Answer, Assessment, DimensionResult, Participant, Result
from .banks import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from .consultancies import Consultancy, Consultant
from .evidence import Evidence
from .metrics import CxMetrics
from .organizations import Invitation, Membership, Organization, User
from .workshops import AgreedScore, EarlierAnswer, Revote, Workshop

__all__ = [
    "AgreedScore",
    "ApiKey",
    "COMMENT_MAX_LENGTH",
    "Answer",
    "Assessment",
    "Consultancy",
    "Consultant",
    "CxMetrics",
    "Dimension",
    "DimensionResult",
    "EarlierAnswer",
    "Evidence",
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
    "Revote",
    "User",
    "Workshop",
]
