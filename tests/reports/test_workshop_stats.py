"""The spread of a workshop's answers to a question (pure): distribution, mean, range, interquartile range and
rule 8's "no consensus" flag, over plain scoring data."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from assessments.scoring import Answer, Option, Question
from reports.workshops import Spread, by_disagreement, question_spread, spread

D = Decimal


def level_question(allow_na=True) -> Question:
    options = tuple(Option(str(n), D(n)) for n in range(1, 6))
    return Question("q.level", "d", "level", D(1), options, allow_na=allow_na)


def chose(*codes) -> list[Answer]:
    return [Answer(options=(code,)) for code in codes]


def test_no_score_means_no_figures():
    figures = spread([])
    assert figures == Spread(n=0, mean=None, low=None, high=None, p25=None, p75=None, no_consensus=False)
    assert figures.range is None and figures.iqr is None


def test_the_quartiles_interpolate_between_order_statistics_as_in_benchmarks():
    # 1 2 3 4: positions (n − 1)·p = 0.75 and 2.25.
    figures = spread([D(4), D(1), D(3), D(2)])
    assert (figures.n, figures.mean, figures.low, figures.high) == (4, D("2.5"), 1, 4)
    assert (figures.p25, figures.p75) == (D("1.75"), D("3.25"))
    assert (figures.range, figures.iqr) == (3, D("1.5"))


def test_one_score_has_no_spread():
    figures = spread([D(3)])
    assert (figures.mean, figures.range, figures.iqr, figures.p25, figures.p75) == (3, 0, 0, 3, 3)
    assert not figures.no_consensus


def test_no_consensus_needs_two_scores_two_points_apart():
    assert spread([D(3), D(5)]).no_consensus
    assert spread([D(1), D("2.5"), D(3)]).no_consensus
    assert not spread([D(3), D("4.99")]).no_consensus
    assert not spread([D(1)]).no_consensus


def test_a_level_question_counts_each_level_and_na_apart():
    answers = [*chose("2", "4", "4", "5"), Answer(not_applicable=True), Answer(options=())]
    figures = question_spread(level_question(), answers)
    assert [(b.label, b.count) for b in figures.bins] == [("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 1)]
    assert figures.not_applicable == 1
    # An answer with nothing chosen (only a comment) neither scores nor counts.
    assert figures.answered == 5
    assert figures.spread.n == 4
    assert figures.spread.mean == D("3.75")
    assert (figures.spread.p25, figures.spread.p75) == (D("3.5"), D("4.25"))
    assert figures.spread.no_consensus


def test_a_choice_question_counts_each_option_under_its_score():
    options = (Option("a", D(1)), Option("b", D("2.5")), Option("c", D(5)))
    question = Question("q.choice", "d", "choice", D(1), options)
    figures = question_spread(question, chose("b", "a", "b"))
    assert [(b.label, b.count) for b in figures.bins] == [("1", 1), ("2.5", 2), ("5", 0)]
    assert (figures.spread.mean, figures.spread.p25, figures.spread.p75) == (2, D("1.75"), D("2.5"))
    assert not figures.spread.no_consensus  # 2.5 − 1 = 1.5


def test_a_checklist_puts_each_score_in_the_nearest_whole_bin_half_up():
    # Weights 3 and 5: a alone = 1 + 4 × 3/8 = 2.5 (bin 3), b alone = 3.5 (bin 4), both = 5, none = 1.
    options = (Option("a", D(3)), Option("b", D(5)))
    question = Question("q.checklist", "d", "checklist", D(1), options)
    answers = [Answer(options=("a",)), Answer(options=("b",)), Answer(options=("a", "b")), Answer(options=())]
    figures = question_spread(question, answers)
    assert [(b.label, b.count) for b in figures.bins] == [("1", 1), ("2", 0), ("3", 1), ("4", 1), ("5", 1)]
    assert (figures.spread.low, figures.spread.high, figures.spread.mean) == (1, 5, D(3))
    assert figures.spread.no_consensus


def test_disagreement_orders_by_range_then_interquartile_range_and_keeps_ties_in_bank_order():
    questions = {
        "calm": spread([D(3), D(3), D(3)]),
        "split": spread([D(1), D(5), D(5), D(5)]),  # range 4, IQR 1
        "wide": spread([D(1), D(2), D(4), D(5)]),  # range 4, IQR 1.5
        "unanswered": spread([]),
        "also calm": spread([D(2), D(2)]),
        "some": spread([D(2), D(3)]),
    }
    ordered = by_disagreement(list(questions), lambda code: questions[code])
    assert ordered == ["wide", "split", "some", "calm", "also calm", "unanswered"]


scores = st.lists(st.sampled_from([D(n) / 4 for n in range(4, 21)]), min_size=1, max_size=60)


@given(scores, st.randoms())
def test_the_figures_lie_between_the_extremes_whatever_the_order(values, random):
    figures = spread(values)
    assert figures.low <= figures.p25 <= figures.p75 <= figures.high
    assert figures.low <= figures.mean <= figures.high
    shuffled = list(values)
    random.shuffle(shuffled)
    assert spread(shuffled) == figures
