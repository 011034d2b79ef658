import io
import json
import os
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from assessments.banks import DEFAULT_BANK_FILE, dump_bank, export_bank, import_bank
from assessments.banks.workbook import (
    SHEETS,
    WorkbookProblems,
    document_to_workbook,
    import_workbook,
    template_workbook,
    workbook_to_document,
)
from assessments.models import Question, QuestionBank
from tests.documents import bank_document, checklist_question, choice_question, level_question, recommendation
from tests.factories import MembershipFactory, UserFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def a_varied_document() -> dict:
    """Decimals (1.1, 0.5, 2.25), every question type, a question recommendation with a maximum score, a
    blank help text, a text that looks like a number and one like markup."""
    document = bank_document(
        version="1.10",
        status="draft",
        dimensions={
            "strategy": [
                level_question("strategy.vision", weight=1.1),
                choice_question("strategy.budget", scores=(1, 2.5, 4.75, 5)),
            ],
            "voc": [checklist_question("voc.metrics", weights=(1, 0.5, 2.25)), level_question("voc.na")],
        },
    )
    document["dimensions"][0]["weight"] = 2.5
    document["dimensions"][0]["recommendations"].append(
        recommendation(1, 3, question="strategy.budget", max_score=2.5, effort="high", impact="medium")
    )
    document["dimensions"][1]["questions"][1]["help"] = {"en": "", "ja": ""}
    document["dimensions"][1]["questions"][0]["options"][0]["label"] = {"en": "42", "ja": "<b>&amp;</b>"}
    document["description"]["ja"] = "一行目\n二行目"
    return document


def problems_of(data: bytes) -> dict[tuple, str]:
    with pytest.raises(WorkbookProblems) as error:
        workbook_to_document(data)
    return {(problem.sheet, problem.row, problem.column): problem.message for problem in error.value.problems}


def edited(edit, document: dict | None = None) -> bytes:
    """The workbook of a document (the small test bank by default), changed by ``edit(book)``."""
    book = openpyxl.load_workbook(io.BytesIO(document_to_workbook(document or bank_document())))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def cell(book, sheet: str, row: int, header: str):
    headers = [c.value for c in book[sheet][1]]
    return book[sheet].cell(row, headers.index(header) + 1)


def setting(book, sheet: str, row: int, header: str, value) -> None:
    cell(book, sheet, row, header).value = value


# Round trips


@pytest.mark.parametrize("document", [bank_document(), a_varied_document()], ids=["small", "varied"])
def test_a_document_round_trips_through_a_workbook(document):
    data = document_to_workbook(document)
    back = workbook_to_document(data)
    assert back == document
    assert dump_bank(back) == dump_bank(document)


def test_the_default_bank_file_round_trips_through_a_workbook():
    text = DEFAULT_BANK_FILE.read_text(encoding="utf-8")
    document = json.loads(text)
    assert dump_bank(workbook_to_document(document_to_workbook(document))) == dump_bank(document)


@pytest.mark.django_db
def test_the_default_bank_exported_from_the_database_round_trips(default_bank):
    document = export_bank(default_bank)
    assert dump_bank(workbook_to_document(document_to_workbook(document))) == dump_bank(document)


def test_the_workbook_has_a_styled_sheet_per_part_and_a_readme():
    book = openpyxl.load_workbook(io.BytesIO(document_to_workbook(bank_document())))
    assert book.sheetnames == [
        "README",
        "bank",
        "levels",
        "dimensions",
        "questions",
        "options",
        "recommendations",
    ]
    questions = book["questions"]
    assert [c.value for c in questions[1]] == SHEETS[3].headers
    assert questions["A1"].font.bold and questions.freeze_panes == "C2"
    assert questions["A2"].value == "strategy" and questions["B2"].value == "strategy.vision"
    assert questions.column_dimensions["G"].width >= 40 and questions["G2"].alignment.wrap_text
    assert book["options"]["B2"].value == "1" and book["options"]["B2"].number_format == "@"
    readme = [row for row in book["README"].iter_rows(values_only=True)]
    assert ("questions", "text_ja", "Question (ja)", "設問文（ja）") in readme


def test_the_template_opens_and_its_example_imports(db):
    book = openpyxl.load_workbook(io.BytesIO(template_workbook()))
    assert book["bank"]["C2"].value == "1.0" and book["bank"]["D2"].value == "draft"
    assert [row[2] for row in book["questions"].iter_rows(min_row=2, values_only=True)] == ["level", "choice"]

    bank = import_workbook(template_workbook())

    assert (bank.slug, bank.version, bank.status) == ("new-bank", "1.0", "draft")
    assert list(bank.questions.values_list("code", flat=True)) == ["strategy.vision", "strategy.sponsor"]
    assert bank.levels.count() == 5


def test_numbers_keep_their_decimals_whatever_excel_stored():
    def edit(book):
        setting(book, "dimensions", 2, "weight", 1.1000000000000001)  # what Excel writes for 1.1
        setting(book, "questions", 2, "weight", " 0.5 ")  # typed as text
        setting(book, "questions", 3, "weight", 2)  # a whole number typed in a new cell
        setting(book, "options", 2, "code", 1)  # a code Excel turned into a number
        setting(book, "bank", 2, "version", 2)
        setting(book, "questions", 2, "allow_na", "yes")

    document = workbook_to_document(edited(edit))

    strategy = document["dimensions"][0]
    assert strategy["weight"] == 1.1 and str(strategy["weight"]) == "1.1"
    assert strategy["questions"][0]["weight"] == 0.5 and strategy["questions"][1]["weight"] == 2
    assert strategy["questions"][0]["options"][0]["code"] == "1"
    assert strategy["questions"][0]["allow_na"] is True
    assert document["version"] == "2"


def test_rows_follow_their_parent_codes_and_blank_rows_are_skipped():
    def edit(book):
        options = book["options"]
        options.insert_rows(5)  # a blank row in the middle
        setting(book, "questions", 4, "dimension", "strategy")  # voc.surveys moves to strategy

    document = workbook_to_document(edited(edit))

    strategy, voc = document["dimensions"]
    assert [q["code"] for q in strategy["questions"]] == ["strategy.vision", "strategy.budget", "voc.surveys"]
    assert [q["code"] for q in voc["questions"]] == ["voc.metrics"]
    assert [o["code"] for o in strategy["questions"][0]["options"]] == ["1", "2", "3", "4", "5"]


# Problems in the content


@pytest.mark.django_db
def test_every_problem_is_listed_by_sheet_row_and_column_and_nothing_is_written():
    def edit(book):
        setting(book, "levels", 4, "min_score", 1.5)  # below level 2's 1.8
        setting(book, "dimensions", 3, "weight", "heavy")
        setting(book, "questions", 2, "text_ja", None)
        setting(book, "questions", 3, "dimension", "nope")
        setting(book, "questions", 4, "type", None)
        setting(book, "questions", 5, "required", "maybe")
        setting(book, "options", 6, "score", 4)  # strategy.vision scores 1, 2, 3, 4, 4
        setting(book, "options", 15, "score", 0)  # a checklist weight
        setting(book, "options", 16, "question", "voc.unknown")
        setting(book, "recommendations", 3, "effort", "tiny")

    with pytest.raises(WorkbookProblems) as error:
        import_workbook(edited(edit))

    problems = [(p.sheet, p.row, p.column, p.message) for p in error.value.problems]
    assert problems == [
        ("levels", 4, "min_score", "Each level's minimum score must be above the one below it."),
        ("dimensions", 3, "weight", "Expected a number."),
        ("questions", 2, None, "A level question has five options scored 1, 2, 3, 4 and 5."),
        ("questions", 2, "text_ja", "This text is empty."),
        ("questions", 3, "dimension", "No dimension “nope” on the dimensions sheet."),
        ("questions", 4, "type", "This cell is empty."),
        ("questions", 5, "required", "Expected TRUE or FALSE."),
        ("options", 15, "score", "Expected a number above 0."),
        ("options", 16, "question", "No question “voc.unknown” on the questions sheet."),
        ("recommendations", 3, "effort", "Expected one of: low, medium, high."),
    ]
    assert str(error.value.problems[3]) == "questions, row 2, text_ja: This text is empty."
    assert not QuestionBank.objects.exists() and not Question.objects.exists()


def test_a_missing_sheet_and_wrong_headers_are_listed_before_the_cells():
    def edit(book):
        del book["options"]
        cell(book, "dimensions", 1, "weight").value = "wieght"
        book["questions"].cell(1, 20).value = "notes"
        book["levels"].cell(3, 15).value = "a value without a header"

    assert problems_of(edited(edit)) == {
        ("dimensions", 1, "wieght"): "Unknown column.",
        ("dimensions", 1, "weight"): "The column “weight” is missing.",
        ("questions", 1, "notes"): "Unknown column.",
        ("options", None, None): "This sheet is missing.",
        ("levels", 3, "O"): "A value in a column without a header.",
    }


def test_the_bank_sheet_has_one_row():
    def two(book):
        book["bank"].append(["cxmaturity.bank/1", "other"])

    def none(book):
        book["bank"].delete_rows(2)

    assert problems_of(edited(two)) == {("bank", 3, None): "One bank per workbook: leave this row empty."}
    assert problems_of(edited(none)) == {("bank", None, None): "The bank sheet has no row under its headers."}


def test_problems_of_list_items_point_at_the_sheet_or_the_parent_row():
    def edit(book):
        book["levels"].delete_rows(6)  # level 5
        for row in range(17, 9, -1):  # every option of voc's questions
            book["options"].delete_rows(row)

    with pytest.raises(WorkbookProblems) as error:
        workbook_to_document(edited(edit))

    problems = [(p.sheet, p.row, p.column, p.message) for p in error.value.problems]
    assert ("levels", None, None, "Expected the levels 1, 2, 3, 4 and 5, once each.") in problems
    assert ("questions", 4, None, "Expected at least 1 items.") in problems


@pytest.mark.django_db
def test_an_existing_slug_and_version_is_refused_on_the_bank_sheet(bank):
    with pytest.raises(WorkbookProblems) as error:
        import_workbook(document_to_workbook(bank_document()))
    ((problem),) = error.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("bank", 2, "version")
    assert "already exists" in problem.message
    assert QuestionBank.objects.count() == 1


def test_formulas_are_refused_with_their_cell():
    def edit(book):
        setting(book, "questions", 2, "weight", "=1+1")
        setting(book, "bank", 2, "title_en", '=HYPERLINK("http://example.com")')

    assert problems_of(edited(edit)) == {
        ("bank", 2, "title_en"): "A formula: type the value itself.",
        ("questions", 2, "weight"): "A formula: type the value itself.",
    }


def test_problems_are_in_the_active_language():
    def edit(book):
        setting(book, "questions", 4, "type", None)
        setting(book, "questions", 2, "text_ja", None)

    with translation.override("ja"):
        with pytest.raises(WorkbookProblems) as error:
            workbook_to_document(edited(edit))
        messages = [str(problem) for problem in error.value.problems]
    assert messages == [
        "questions, 2行目, text_ja: テキストが空です。",
        "questions, 4行目, type: セルが空です。",
    ]


# Files that are not workbooks, or are too much


def zip_bomb(unpacked_bytes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            zeros = b"0" * (1024 * 1024)
            for _ in range(unpacked_bytes // len(zeros)):
                sheet.write(zeros)
    return out.getvalue()


def a_zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: b"", "The file is empty."),
        (lambda: os.urandom(2000), "This file is not an Excel workbook (.xlsx)."),
        (lambda: b"slug,version\ncx,1.0\n", "This file is not an Excel workbook (.xlsx)."),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "This is an old Excel file (.xls)."),
        (lambda: b"x" * (5 * 1024 * 1024 + 1), "The file is larger than 5 MB."),
        (lambda: zip_bomb(60 * 1024 * 1024), "This workbook would unpack to far more than its size"),
        (lambda: zip_bomb(10 * 1024 * 1024), "This workbook would unpack to far more than its size"),
        (a_zip_of_text, "This workbook cannot be read."),
        (lambda: document_to_workbook(bank_document())[:3000], "This file is not an Excel workbook (.xlsx)."),
    ],
    ids=[
        "empty",
        "random",
        "csv",
        "xls",
        "too-large",
        "bomb-total",
        "bomb-ratio",
        "zip-of-text",
        "truncated",
    ],
)
def test_files_that_are_not_workbooks_are_refused_with_a_message(data, message):
    with pytest.raises(WorkbookProblems) as error:
        workbook_to_document(data())
    ((problem),) = error.value.problems
    assert (problem.sheet, problem.row, problem.column) == (None, None, None)
    assert problem.message.startswith(message)


def test_a_sheet_of_ten_thousand_rows_is_refused():
    def edit(book):
        options = book["options"]
        for n in range(10_000):
            options.append(["voc.metrics", f"x{n}", 1, "x", "x"])

    assert problems_of(edited(edit)) == {
        ("options", None, None): "More than 5000 rows: the workbook is refused."
    }


# Commands


@pytest.mark.django_db
def test_import_command_reads_a_workbook(tmp_path):
    source = tmp_path / "bank.xlsx"
    source.write_bytes(template_workbook())
    out = StringIO()
    call_command("import_bank", str(source), stdout=out)
    assert "Imported new-bank 1.0 (Draft)." in out.getvalue()


@pytest.mark.django_db
def test_import_command_tells_a_workbook_by_its_content(tmp_path):
    source = tmp_path / "bank.data"
    source.write_bytes(document_to_workbook(bank_document()))
    call_command("import_bank", str(source), stdout=StringIO())
    assert QuestionBank.objects.get().slug == "test-bank"


@pytest.mark.django_db
def test_import_command_lists_every_problem_of_a_workbook_and_writes_nothing(tmp_path, bank):
    def edit(book):
        setting(book, "bank", 2, "version", "2.0")
        setting(book, "questions", 2, "text_ja", None)
        setting(book, "options", 2, "score", "one")

    source = tmp_path / "broken.xlsx"
    source.write_bytes(edited(edit))
    with pytest.raises(CommandError) as error:
        call_command("import_bank", str(source))
    message = str(error.value)
    assert "2 problems" in message
    assert "questions, row 2, text_ja: This text is empty." in message
    assert "options, row 2, score: Expected a number." in message
    assert QuestionBank.objects.count() == 1 and Question.objects.count() == 4


@pytest.mark.django_db
def test_export_command_writes_a_workbook_that_imports_back(tmp_path):
    document = a_varied_document()
    import_bank(document)
    target = tmp_path / "out.xlsx"
    out = StringIO()
    call_command(
        "export_bank", "test-bank", "--version", "1.10", "--format", "xlsx", "-o", str(target), stdout=out
    )
    assert "Wrote test-bank 1.10" in out.getvalue()
    assert workbook_to_document(target.read_bytes()) == document


@pytest.mark.django_db
def test_export_command_names_the_workbook_after_the_bank(tmp_path, monkeypatch, bank):
    monkeypatch.chdir(tmp_path)
    call_command("export_bank", "test-bank", "--format", "xlsx", stdout=StringIO())
    assert workbook_to_document((tmp_path / "test-bank-1.0.xlsx").read_bytes()) == bank_document()


@pytest.mark.django_db
def test_export_command_still_prints_json_by_default(bank):
    out = StringIO()
    call_command("export_bank", "test-bank", stdout=out)
    assert json.loads(out.getvalue()) == bank_document()


# Pages


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_questionbank"))
    return user


def upload(client, data: bytes, name: str = "bank.xlsx", **kwargs):
    return client.post(reverse("bank_import"), {"file": SimpleUploadedFile(name, data, XLSX)}, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        lambda: reverse("bank_import"),
        lambda: reverse("bank_workbook_template"),
        lambda: reverse("bank_workbook", args=["test-bank", "1.0"]),
    ],
    ids=["import", "template", "bank"],
)
def test_anonymous_visitors_and_members_are_sent_to_log_in(client, bank, url):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    client.force_login(MembershipFactory().user)
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_staff_download_the_template_and_any_bank(client, staff, bank):
    client.force_login(staff)
    template = client.get(reverse("bank_workbook_template"))
    assert template.status_code == 200 and template["Content-Type"] == XLSX
    assert 'filename="cxmaturity-bank-template.xlsx"' in template["Content-Disposition"]
    assert workbook_to_document(template.content)["slug"] == "new-bank"

    workbook = client.get(reverse("bank_workbook", args=["test-bank", "1.0"]))
    assert 'filename="test-bank-1.0.xlsx"' in workbook["Content-Disposition"]
    assert workbook_to_document(workbook.content) == bank_document()
    assert client.get(reverse("bank_workbook", args=["test-bank", "9.9"])).status_code == 404


def test_staff_without_the_permission_to_add_banks_cannot_import(client, staff):
    client.force_login(staff)
    assert client.get(reverse("bank_import")).status_code == 403
    assert upload(client, template_workbook()).status_code == 403
    assert not QuestionBank.objects.exists()


def test_an_editor_imports_a_workbook_as_a_draft_and_lands_on_its_admin_page(client, editor):
    client.force_login(editor)
    page = client.get(reverse("bank_import"))
    assert page.status_code == 200
    assert 'for="id_file"' in page.text and reverse("bank_workbook_template") in page.text

    document = bank_document(version="3.0")  # published in the workbook: imported as a draft all the same
    response = upload(client, document_to_workbook(document))

    bank = QuestionBank.objects.get()
    assert (bank.version, bank.status) == ("3.0", "draft")
    assert response.status_code == 302
    assert response.url == reverse("admin:assessments_questionbank_change", args=[bank.pk])


def test_an_editor_may_upload_json(client, editor):
    client.force_login(editor)
    response = upload(client, dump_bank(bank_document()).encode(), name="bank.json")
    assert response.status_code == 302
    assert QuestionBank.objects.get().status == "draft"


def test_a_bad_workbook_lists_every_problem_on_the_page_and_saves_nothing(client, editor):
    def edit(book):
        setting(book, "questions", 2, "text_ja", None)
        setting(book, "options", 16, "question", "voc.unknown")

    client.force_login(editor)
    response = upload(client, edited(edit))

    assert response.status_code == 422
    assert "the file has 2 problems" in response.text
    assert "<td><code>text_ja</code></td>" in response.text
    assert "No question “voc.unknown” on the questions sheet." in response.text
    assert not QuestionBank.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_on_the_page(client, editor):
    client.force_login(editor)
    response = upload(client, b"slug,version\n", name="bank.csv")
    assert response.status_code == 422
    assert "This file is not an Excel workbook (.xlsx)." in response.text


def test_a_bad_json_file_lists_its_paths(client, editor):
    document = bank_document()
    del document["title"]
    client.force_login(editor)
    response = upload(client, json.dumps(document).encode(), name="bank.json")
    assert response.status_code == 422
    assert "<code>$.title</code>" in response.text


def test_an_existing_version_is_refused_on_the_page(client, editor, bank):
    client.force_login(editor)
    response = upload(client, document_to_workbook(bank_document()))
    assert response.status_code == 422
    assert "already exists" in response.text
    assert QuestionBank.objects.count() == 1


def test_uploading_nothing_is_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(reverse("bank_import"), {})
    assert response.status_code == 422
    assert "Nothing was imported" in response.text


def test_the_page_and_its_problems_are_in_japanese(client, editor):
    client.force_login(editor)
    response = upload(
        client,
        edited(lambda book: setting(book, "questions", 4, "type", None)),
        headers={"accept-language": "ja"},
    )
    assert response.status_code == 422
    assert "設問バンクの取り込み" in response.text
    assert "セルが空です。" in response.text
