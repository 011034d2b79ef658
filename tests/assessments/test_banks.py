import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from assessments.banks import BankImportError, dump_bank, export_bank, import_bank, parse_bank, validate_bank
from assessments.models import Dimension, MaturityLevel, Option, Question, QuestionBank, Recommendation
from tests.documents import bank_document, checklist_question, level_question, recommendation


def paths(document) -> dict[str, str]:
    return {problem.path: problem.message for problem in validate_bank(document)}


def test_a_valid_document_has_no_problems():
    assert validate_bank(bank_document()) == []


def test_it_lists_every_problem_with_its_json_path():
    document = bank_document()
    document["format"] = "cxmaturity.bank/2"
    document["levels"][2]["min_score"] = 1.5  # below level 2's 1.8
    question = document["dimensions"][0]["questions"][0]
    question["options"][4]["score"] = 7
    question["text"]["ja"] = ""
    del question["help"]
    document["dimensions"][1]["recommendations"][0]["effort"] = "tiny"

    problems = paths(document)

    assert set(problems) == {
        "$.format",
        "$.levels[2].min_score",
        "$.dimensions[0].questions[0].options[4].score",
        "$.dimensions[0].questions[0].text.ja",
        "$.dimensions[0].questions[0].help",
        "$.dimensions[1].recommendations[0].effort",
    }
    assert problems["$.dimensions[0].questions[0].help"] == "This field is missing."


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.update(slug="Not A Slug"), "$.slug"),
        (lambda d: d.update(version="v1"), "$.version"),
        (lambda d: d.update(status="live"), "$.status"),
        (lambda d: d.update(extra=1), "$.extra"),
        (lambda d: d["levels"].pop(), "$.levels"),
        (lambda d: d["levels"][0].update(min_score=1.2), "$.levels[0].min_score"),
        (lambda d: d["dimensions"][1].update(code="strategy"), "$.dimensions[1].code"),
        (lambda d: d["dimensions"][0].update(weight=-1), "$.dimensions[0].weight"),
        (lambda d: d["dimensions"][0].update(questions=[]), "$.dimensions[0].questions"),
        (
            lambda d: d["dimensions"][1]["questions"][0].update(code="strategy.vision"),
            "$.dimensions[1].questions[0].code",
        ),
        (
            lambda d: d["dimensions"][0]["questions"][0].update(type="slider"),
            "$.dimensions[0].questions[0].type",
        ),
        (
            lambda d: d["dimensions"][0]["questions"][0].update(allow_na="yes"),
            "$.dimensions[0].questions[0].allow_na",
        ),
        (
            lambda d: d["dimensions"][0]["questions"][0]["options"].pop(),
            "$.dimensions[0].questions[0].options",
        ),
        (
            lambda d: d["dimensions"][0]["questions"][1]["options"][0].update(score=0.5),
            "$.dimensions[0].questions[1].options[0].score",
        ),
        (
            lambda d: d["dimensions"][1]["questions"][1]["options"][0].update(score=0),
            "$.dimensions[1].questions[1].options[0].score",
        ),
        (
            lambda d: d["dimensions"][1]["questions"][1]["options"][1].update(code="a"),
            "$.dimensions[1].questions[1].options[1].code",
        ),
        (
            lambda d: d["dimensions"][0]["questions"][0]["options"][0].update(score=1.234),
            "$.dimensions[0].questions[0].options[0].score",
        ),
        (
            lambda d: d["dimensions"][0]["recommendations"].append(recommendation(4, 2)),
            "$.dimensions[0].recommendations[1].max_level",
        ),
        (
            lambda d: d["dimensions"][0]["recommendations"].append(
                recommendation(1, 5, question="voc.surveys", max_score=2)
            ),
            "$.dimensions[0].recommendations[1].question",
        ),
        (
            lambda d: d["dimensions"][0]["recommendations"].append(
                recommendation(1, 5, question="strategy.vision")
            ),
            "$.dimensions[0].recommendations[1].max_score",
        ),
        (
            lambda d: d["dimensions"][0]["recommendations"].append(recommendation(1, 5, max_score=2)),
            "$.dimensions[0].recommendations[1].max_score",
        ),
        (lambda d: d["title"].pop("ja"), "$.title.ja"),
        (lambda d: d["title"].update(en=3), "$.title.en"),
    ],
)
def test_it_reports_the_path_of_each_kind_of_problem(change, path):
    document = bank_document()
    change(document)
    assert path in paths(document)


@pytest.mark.parametrize("document", [[], "bank", None, {"format": "cxmaturity.bank/1"}])
def test_it_survives_documents_of_the_wrong_shape(document):
    assert validate_bank(document)


def test_problems_are_in_the_users_language():
    document = bank_document()
    del document["title"]
    with translation.override("ja"):
        (problem,) = validate_bank(document)
    assert problem.path == "$.title"
    assert problem.message == "この項目がありません。"


@pytest.mark.django_db
def test_import_writes_every_part_of_the_bank():
    bank = import_bank(bank_document())
    assert bank.status == QuestionBank.Status.PUBLISHED
    assert bank.levels.count() == 5
    assert list(bank.dimensions.values_list("code", flat=True)) == ["strategy", "voc"]
    assert bank.questions.count() == 4
    assert Option.objects.filter(question__bank=bank).count() == 5 + 3 + 5 + 3
    assert Recommendation.objects.filter(dimension__bank=bank).count() == 2
    question = bank.questions.get(code="voc.surveys")
    assert question.allow_na and question.dimension.code == "voc"
    with translation.override("ja"):
        assert question.text == "How mature is voc.surveys?（日本語）"
    with translation.override("en"):
        assert question.text == "How mature is voc.surveys?"


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_the_same_json(django_db_blocker):
    document = bank_document(
        dimensions={
            "strategy": [
                level_question("strategy.vision", weight=2.0),
                level_question("strategy.owner", weight=0.5),
            ],
            "voc": [checklist_question("voc.metrics", weights=(1, 0.5, 2.25))],
        }
    )
    document["dimensions"][0]["recommendations"].append(
        recommendation(1, 5, question="strategy.owner", max_score=2.5, effort="high", impact="medium")
    )
    first = dump_bank(export_bank(import_bank(document)))

    for model in (Recommendation, Option, Question, Dimension, MaturityLevel, QuestionBank):
        model.objects.all().delete()
    second = dump_bank(export_bank(import_bank(json.loads(first))))

    assert first == second
    assert json.loads(first) == document


@pytest.mark.django_db
def test_importing_an_existing_slug_and_version_is_refused_and_changes_nothing(bank):
    document = bank_document()
    document["title"]["en"] = "Changed"
    with pytest.raises(BankImportError) as error:
        import_bank(document)
    assert "already exists" in str(error.value)
    assert QuestionBank.objects.get().title_en == "Test bank"


@pytest.mark.django_db
def test_a_malformed_document_writes_nothing():
    document = bank_document()
    document["dimensions"][1]["questions"][0]["options"][0]["score"] = 9
    with pytest.raises(BankImportError):
        import_bank(document)
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_parse_reports_invalid_json():
    with pytest.raises(BankImportError) as error:
        parse_bank(b'{"format": ')
    (problem,) = error.value.problems
    assert problem.path == "$"
    assert problem.message.startswith("Not valid JSON")


@pytest.mark.django_db
def test_import_and_export_commands_round_trip(tmp_path):
    source = tmp_path / "bank.json"
    source.write_text(dump_bank(bank_document(version="2.0")), encoding="utf-8")
    out = StringIO()
    call_command("import_bank", str(source), stdout=out)
    assert "Imported test-bank 2.0" in out.getvalue()

    exported = StringIO()
    call_command("export_bank", "test-bank", "--version", "2.0", stdout=exported)
    assert json.loads(exported.getvalue()) == bank_document(version="2.0")


@pytest.mark.django_db
def test_export_command_picks_the_highest_version_by_number():
    for version in ("1.9", "1.10", "1.2"):
        import_bank(bank_document(version=version))
    exported = StringIO()
    call_command("export_bank", "test-bank", stdout=exported)
    assert json.loads(exported.getvalue())["version"] == "1.10"


@pytest.mark.django_db
def test_import_command_lists_problems_and_writes_nothing(tmp_path):
    document = bank_document()
    del document["levels"][0]["name"]
    document["dimensions"][0]["weight"] = "heavy"
    source = tmp_path / "broken.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(source))
    message = str(error.value)
    assert "2 problems" in message
    assert "$.levels[0].name: This field is missing." in message
    assert "$.dimensions[0].weight: Expected a number." in message
    assert not QuestionBank.objects.exists()


def _weight(text: str) -> str:
    """The small bank's document with its first dimension's weight written as ``text``."""
    return re.sub(r'"weight": [0-9.]+', f'"weight": {text}', dump_bank(bank_document()), count=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_weight("NaN"), "$: Not valid JSON: NaN is not a number that JSON allows"),
        (_weight("Infinity"), "$: Not valid JSON: Infinity is not a number that JSON allows"),
        (_weight("-Infinity"), "$: Not valid JSON: -Infinity is not a number that JSON allows"),
        (_weight("1e400"), "$.dimensions[0].weight: This number is too large."),
        (_weight("1" + "0" * 400), "$.dimensions[0].weight: This number is too large."),
        (_weight("1" + "0" * 5000), "$: Not valid JSON: Exceeds the limit"),
        ("[" * 10_000 + "]" * 10_000, "$: Not valid JSON: nested too deeply."),
        (" " * (5 * 1024 * 1024 + 1) + "{}", "$: The file is larger than 5 MB."),
    ],
    ids=["nan", "infinity", "minus-infinity", "1e400", "10**400", "5000-digits", "deep", "over-5-mb"],
)
def test_import_command_refuses_what_json_should_not_hold(tmp_path, raw, message):
    source = tmp_path / "bad.json"
    source.write_text(raw, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(source))
    assert message in str(error.value)
    assert not QuestionBank.objects.exists()


@pytest.mark.django_db
def test_import_command_refuses_an_existing_version(bank, tmp_path):
    source = tmp_path / "bank.json"
    source.write_text(json.dumps(bank_document()), encoding="utf-8")
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_bank", str(source))


@pytest.mark.django_db
def test_import_command_names_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_bank", str(tmp_path / "missing.json"))


@pytest.mark.django_db
def test_export_command_names_an_unknown_bank():
    with pytest.raises(CommandError, match="No question bank nope"):
        call_command("export_bank", "nope")


@pytest.mark.django_db
def test_export_costs_the_same_queries_whatever_the_size_of_the_bank(django_assert_num_queries):
    small = import_bank(bank_document(slug="small"))
    large = import_bank(
        bank_document(
            slug="large",
            dimensions={f"d{i}": [level_question(f"d{i}.q{j}") for j in range(6)] for i in range(6)},
        )
    )
    # levels, dimensions, their questions, the questions' options, recommendations (with their question)
    for bank in (small, large):
        with django_assert_num_queries(5):
            export_bank(bank)
