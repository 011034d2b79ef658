"""The scoring rules recomputed from the JSON documents alone, with exact fractions, independently of the
engine: what a reader of an exported result can check with nothing else."""

from fractions import Fraction


def half_up(value: Fraction) -> float:
    """Rule 6: two decimals, half up."""
    return float(Fraction(int(value * 100 + Fraction(1, 2)), 100))


def question_score(question: dict, answer: dict) -> Fraction | None:
    """Rule 1 for one answer of the result document, from the bank document's question."""
    if answer["not_applicable"]:
        return None
    scores = {option["code"]: Fraction(str(option["score"])) for option in question["options"]}
    if question["type"] == "checklist":
        return 1 + 4 * sum(scores[code] for code in answer["options"]) / sum(scores.values())
    (code,) = answer["options"]
    return scores[code]


def recompute_from_question_scores(bank: dict, scores: dict[str, Fraction | None]) -> dict:
    """Rules 2–5 (figures rounded by rule 6) from each question's score."""
    levels = sorted((Fraction(str(level["min_score"])), level["level"]) for level in bank["levels"])

    def level(score):
        return max(number for minimum, number in levels if minimum <= score)

    dimensions, weighted = {}, []
    for dimension in bank["dimensions"]:
        pairs = [
            (Fraction(str(question["weight"])), scores[question["code"]])
            for question in dimension["questions"]
            if scores.get(question["code"]) is not None and Fraction(str(question["weight"])) > 0
        ]
        if pairs:
            score = sum(w * s for w, s in pairs) / sum(w for w, _ in pairs)
            dimensions[dimension["code"]] = (half_up(score), half_up((score - 1) * 25), level(score))
            weighted.append((Fraction(str(dimension["weight"])), score))
        else:
            dimensions[dimension["code"]] = (None, None, None)
    overall = sum(w * s for w, s in weighted) / sum(w for w, _ in weighted)
    return {
        "overall": (half_up(overall), half_up((overall - 1) * 25), level(overall)),
        "dimensions": dimensions,
    }


def bank_questions(bank: dict) -> dict[str, dict]:
    return {
        question["code"]: question for dimension in bank["dimensions"] for question in dimension["questions"]
    }


def recompute(bank: dict, answers: list[dict]) -> dict:
    """A self-assessment: rules 1–5 from the bank's JSON and the result's answers."""
    questions = bank_questions(bank)
    return recompute_from_question_scores(
        bank,
        {answer["question"]: question_score(questions[answer["question"]], answer) for answer in answers},
    )


def workshop_question_scores(bank: dict, result: dict) -> dict[str, Fraction | None]:
    """Rule 8 from a workshop result's answers (each participant's latest round) and question blocks, checking
    each block's n, mean, "no consensus" flag and score on the way; and every earlier round's answer scored by
    rule 1 as the document says."""
    questions = bank_questions(bank)
    counted: dict[str, list[Fraction]] = {}
    for answer in result["answers"]:
        score = question_score(questions[answer["question"]], answer)
        if score is not None:
            counted.setdefault(answer["question"], []).append(score)
    scores = {}
    for block in result["questions"]:
        own = counted.get(block["question"], [])
        mean = sum(own) / len(own) if own else None
        assert block["n"] == len(own), block["question"]
        assert block["mean"] == (half_up(mean) if own else None), block["question"]
        assert block["no_consensus"] == (len(own) >= 2 and max(own) - min(own) >= 2), block["question"]
        scores[block["question"]] = Fraction(str(block["agreed"])) if block["agreed"] is not None else mean
        expected = scores[block["question"]]
        assert block["score"] == (half_up(expected) if expected is not None else None), block["question"]
        assert [earlier["round"] for earlier in block["earlier_rounds"]] == list(range(1, block["round"]))
        for earlier in block["earlier_rounds"]:
            for answer in earlier["answers"]:
                score = question_score(questions[block["question"]], answer)
                assert answer["score"] == (None if score is None else half_up(score)), block["question"]
    return scores


def assert_figures(result: dict, expected: dict) -> None:
    """The result document's overall and dimension figures are the recomputed ones."""
    overall = result["overall"]
    assert (overall["score"], overall["percent"], overall["level"]) == expected["overall"]
    for dimension in result["dimensions"]:
        got = (dimension["score"], dimension["percent"], dimension["level"])
        assert got == expected["dimensions"][dimension["code"]], (result["assessment"], dimension["code"])
