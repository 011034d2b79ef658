import pytest

from assessments.services import participant_join
from tests.workshops import answer


@pytest.fixture
def answered(workshop, bank):
    """Three participants: strategy.vision at levels 1, 4 and 5, strategy.budget b, b, c (2.5, 2.5, 5), both
    without consensus; voc.surveys 3 and N/A; voc.metrics a + c; Aiko answered every question."""
    aiko = participant_join(workshop=workshop, display_name="Aiko", department="Sales", role="Manager")
    ben = participant_join(workshop=workshop, display_name="Ben", department="Support")
    chie = participant_join(workshop=workshop, display_name="Chie", department="Sales")
    answer(aiko, bank, "strategy.vision", "1", comment="We have no written vision.")
    answer(ben, bank, "strategy.vision", "4")
    answer(chie, bank, "strategy.vision", "5", comment="The CEO talks about it every week.")
    answer(aiko, bank, "strategy.budget", "b")
    answer(ben, bank, "strategy.budget", "b")
    answer(chie, bank, "strategy.budget", "c")
    answer(aiko, bank, "voc.surveys", "3")
    answer(ben, bank, "voc.surveys", na=True)
    answer(aiko, bank, "voc.metrics", "a", "c")
    return workshop
