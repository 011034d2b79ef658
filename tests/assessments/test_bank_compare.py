"""What changed between two versions of a bank: the diff of two documents (pure), and the staff pages that
list the banks and show the diff; who may see them, what a bad request gets, and what they cost."""

import copy

import pytest
from django.urls import reverse

from assessments.banks import export_bank, import_bank
from assessments.banks.compare import compare_banks, dimension_signature
from assessments.banks.word_diff import DELETE, EQUAL, INSERT, tokens, word_diff
from reports import benchmarks
from tests.documents import bank_document, checklist_question, level_question, recommendation, t
from tests.factories import UserFactory

# The pure diff ------------------------------------------------------------------------------------------


def changed(before: dict, edit) -> dict:
    """A copy of ``before`` as version 1.1, edited in place by ``edit``."""
    after = copy.deepcopy(before)
    after["version"] = "1.1"
    edit(after)
    return after


def section(diff, kind):
    return diff.section(kind)


def change_of(section, key):
    return next(change for change in section.changed if change.item.key == key)


def values(change) -> dict:
    return {value.field: (value.before, value.after) for value in change.values}


def texts(change) -> dict:
    return {text.field: text for text in change.texts}


def diffs(text_change) -> dict:
    return {diff.language: diff.segments for diff in text_change.diffs}


def test_identical_versions_have_no_changes():
    document = bank_document()
    diff = compare_banks(document, changed(document, lambda after: None))
    assert not diff.has_changes
    assert diff.bank == ()
    assert all(not section.has_changes for section in diff.sections)
    assert diff.comparability.comparable


def test_the_banks_title_is_reworded_word_by_word():
    def edit(after):
        after["title"] = {"en": "Test bank, revised", "ja": "テスト用の質問集"}

    document = bank_document()
    diff = compare_banks(document, changed(document, edit))
    (title,) = diff.bank
    assert title.field == "title"
    assert diffs(title)["en"] == ((EQUAL, "Test bank"), (INSERT, ", revised"))
    assert [diff.language for diff in title.diffs] == ["en", "ja"]


def test_levels_show_renamed_and_new_thresholds():
    def edit(after):
        after["levels"][1]["min_score"] = 2.0
        after["levels"][4]["name"]["ja"] = "卓越"

    document = bank_document()
    levels = section(compare_banks(document, changed(document, edit)), "levels")
    assert values(change_of(levels, "2")) == {"min_score": (1.8, 2.0)}
    assert diffs(texts(change_of(levels, "5"))["name"])["ja"] == (
        (DELETE, "Optimized（日本語）"),
        (INSERT, "卓越"),
    )
    assert not levels.added and not levels.removed


def test_dimensions_added_removed_renamed_reweighted_and_moved():
    before = bank_document(
        dimensions={
            code: [level_question(f"{code}.first")] for code in ("strategy", "voc", "people", "journey")
        }
    )

    def edit(after):
        strategy, voc, people, journey = after["dimensions"]
        voc["weight"] = 2.0
        strategy["name"] = {"en": "CX strategy", "ja": "CX戦略"}
        design = copy.deepcopy(journey)
        design["code"] = "design"
        design["questions"] = [level_question("design.research")]
        after["dimensions"] = [voc, people, strategy, design]  # journey removed, strategy moved to the end

    diff = compare_banks(before, changed(before, edit))
    dimensions = section(diff, "dimensions")
    assert [item.key for item in dimensions.added] == ["design"]
    assert [item.key for item in dimensions.removed] == ["journey"]
    assert values(change_of(dimensions, "voc")) == {"weight": (1.0, 2.0)}  # its place is no move
    strategy = change_of(dimensions, "strategy")
    assert values(strategy) == {"position": (1, 3)}
    assert diffs(texts(strategy)["name"])["en"] == ((DELETE, "Strategy"), (INSERT, "CX strategy"))
    assert [change.item.key for change in dimensions.changed] == ["voc", "strategy"]
    questions = section(diff, "questions")
    assert [item.key for item in questions.added] == ["design.research"]
    assert [item.key for item in questions.removed] == ["journey.first"]


def test_questions_reworded_reweighted_retyped_and_moved_to_another_dimension():
    before = bank_document()
    before["dimensions"][1]["questions"].append(level_question("voc.panel"))

    def edit(after):
        strategy, voc = after["dimensions"]
        vision, budget = strategy["questions"]
        vision["text"]["en"] = "How mature is the written CX vision?"
        vision["help"]["ja"] = "過去三年を考えてください。"
        vision["weight"] = 2.0
        budget["type"] = "checklist"
        budget["allow_na"] = True
        budget["required"] = False
        surveys, metrics, panel = voc["questions"]
        voc["questions"] = [metrics, panel, surveys]  # surveys moved to the end
        strategy["questions"] = [vision]
        voc["questions"].append(budget)  # moved to voc
        strategy["questions"].append(level_question("strategy.owner"))

    questions = section(compare_banks(before, changed(before, edit)), "questions")
    assert [item.key for item in questions.added] == ["strategy.owner"]
    assert questions.removed == ()
    vision = change_of(questions, "strategy.vision")
    assert values(vision) == {"weight": (1.0, 2.0)}
    assert diffs(texts(vision)["text"])["en"] == (
        (EQUAL, "How mature is "),
        (DELETE, "strategy."),
        (INSERT, "the written CX "),
        (EQUAL, "vision?"),
    )
    assert texts(vision)["help"].diffs[0].changed is False  # English help unchanged, Japanese changed
    assert values(change_of(questions, "strategy.budget")) == {
        "dimension": ("strategy", "voc"),
        "type": ("choice", "checklist"),
        "allow_na": (False, True),
        "required": (True, False),
    }
    assert values(change_of(questions, "voc.surveys")) == {"position": (1, 3)}
    assert {change.item.key for change in questions.changed} == {
        "strategy.vision",
        "strategy.budget",
        "voc.surveys",
    }


def test_options_added_removed_reworded_and_rescored():
    before = bank_document()

    def edit(after):
        metrics = after["dimensions"][1]["questions"][1]
        first, second, third = metrics["options"]
        first["score"] = 3
        second["label"] = {"en": "Practice one, weekly", "ja": "実践一（毎週）"}
        metrics["options"] = [first, second, {"code": "d", "score": 1, "label": t("practice 3")}]
        after["dimensions"][0]["questions"][0]["options"][4]["label"]["en"] = "Vision shared by all"

    options = section(compare_banks(before, changed(before, edit)), "options")
    assert [item.key for item in options.added] == ["voc.metrics:d"]
    assert [(item.key, item.parent) for item in options.removed] == [("voc.metrics:c", "voc.metrics")]
    assert values(change_of(options, "voc.metrics:a")) == {"score": (1, 3)}
    assert set(texts(change_of(options, "voc.metrics:b"))) == {"label"}
    assert set(texts(change_of(options, "strategy.vision:5"))) == {"label"}


def test_options_of_added_or_removed_questions_are_not_listed_again():
    before = bank_document()

    def edit(after):
        after["dimensions"][1]["questions"] = [checklist_question("voc.channels")]

    diff = compare_banks(before, changed(before, edit))
    assert not section(diff, "options").has_changes


def test_recommendations_added_removed_and_changed():
    before = bank_document()
    before["dimensions"][0]["recommendations"] = [
        recommendation(1, 2, title="Write the vision"),
        recommendation(3, 5, title="Share the vision"),
        recommendation(1, 5, question="strategy.budget", max_score=2.0, title="Fund CX"),
    ]

    def edit(after):
        write, share, fund = after["dimensions"][0]["recommendations"]
        write["max_level"] = 3
        write["effort"] = "medium"
        fund["title"]["en"] = "Fund CX work"
        fund["max_score"] = 2.5
        fund["impact"] = "medium"
        after["dimensions"][0]["recommendations"] = [write, fund]  # share removed, fund retitled
        after["dimensions"][1]["recommendations"].append(recommendation(1, 2, title="Ask customers"))

    recommendations = section(compare_banks(before, changed(before, edit)), "recommendations")
    assert [item.title for item in recommendations.added] == ["Ask customers"]
    assert [(item.parent, item.title) for item in recommendations.removed] == [
        ("strategy", "Share the vision")
    ]
    write, fund = recommendations.changed
    assert write.item.title == "Write the vision"
    assert values(write) == {"levels": ("1–2", "1–3"), "effort": ("low", "medium")}
    assert values(fund) == {"max_score": (2.0, 2.5), "impact": ("high", "medium")}
    assert diffs(texts(fund)["title"])["en"] == ((EQUAL, "Fund CX"), (INSERT, " work"))


def test_a_japanese_word_change_is_a_small_segment():
    before = "顧客体験の戦略を年次で見直し、経営会議に報告している。"
    after = "顧客体験の戦略を四半期ごとに見直し、経営会議に報告している。"
    assert word_diff(before, after) == (
        (EQUAL, "顧客体験の戦略を"),
        (DELETE, "年次で"),
        (INSERT, "四半期ごとに"),
        (EQUAL, "見直し、経営会議に報告している。"),
    )


def test_japanese_is_tokenised_by_runs_of_one_script():
    assert tokens("CXビジョンを2025年に文書化した。") == [
        "CX",
        "ビジョン",
        "を",
        "2025",
        "年",
        "に",
        "文書化",
        "した",
        "。",
    ]


def test_english_is_tokenised_by_words_whitespace_and_punctuation():
    assert tokens("Plans, reviewed  yearly.") == ["Plans", ",", " ", "reviewed", "  ", "yearly", "."]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", "New text"),
        ("Old text", ""),
        ("We map journeys for two segments.", "We map and test journeys for every segment, yearly."),
        ("部門ごとに顧客の声を集めている。", "全社で顧客の声を集め、毎月分析している。"),
        ("Same", "Same"),
    ],
)
def test_a_word_diff_gives_back_both_texts(before, after):
    segments = word_diff(before, after)
    assert "".join(text for kind, text in segments if kind != INSERT) == before
    assert "".join(text for kind, text in segments if kind != DELETE) == after
    assert all(text for _kind, text in segments)


def test_a_space_between_two_changed_words_does_not_cut_the_change():
    assert word_diff("every single year", "every other month") == (
        (EQUAL, "every "),
        (DELETE, "single year"),
        (INSERT, "other month"),
    )


def test_the_pages_language_comes_first():
    before = bank_document()
    after = changed(before, lambda after: after["dimensions"][0]["questions"][0]["text"].update(ja="新しい"))
    diff = compare_banks(before, after, languages=("ja", "en"))
    vision = change_of(section(diff, "questions"), "strategy.vision")
    assert [d.language for d in texts(vision)["text"].diffs] == ["ja", "en"]
    assert vision.item.title == "新しい"


def test_versions_with_the_same_dimension_codes_in_any_order_are_comparable():
    before = bank_document()
    after = changed(before, lambda after: after["dimensions"].reverse())
    assert compare_banks(before, after).comparability.comparable


def test_versions_with_other_dimension_codes_are_not_comparable_and_say_which():
    before = bank_document()

    def edit(after):
        after["dimensions"][1]["code"] = "listening"
        for question in after["dimensions"][1]["questions"]:
            question["code"] = question["code"].replace("voc.", "listening.")

    comparability = compare_banks(before, changed(before, edit)).comparability
    assert not comparability.comparable
    assert comparability.dimensions_added == ("listening",)
    assert comparability.dimensions_removed == ("voc",)


def test_banks_of_other_slugs_are_not_comparable():
    comparability = compare_banks(bank_document(), bank_document(slug="other")).comparability
    assert not comparability.comparable
    assert not comparability.same_slug


def test_benchmarks_pool_peers_by_the_same_rule():
    assert benchmarks.dimension_signature is dimension_signature
    assert dimension_signature(["voc", "strategy"]) == dimension_signature(["strategy", "voc"])


# The pages ----------------------------------------------------------------------------------------------


def version_of(document: dict, version: str, status: str, edit=None) -> dict:
    document = copy.deepcopy(document)
    document.update(version=version, status=status)
    if edit:
        edit(document)
    return document


def reword_and_reweight(document):
    vision = document["dimensions"][0]["questions"][0]
    vision["text"]["ja"] = "顧客体験のビジョンはどの程度成熟していますか？"
    vision["weight"] = 2.0
    document["levels"][1]["min_score"] = 1.9


@pytest.fixture
def versions(db):
    """test-bank 1.0 (retired), 1.1 (published: reworded, re-weighted, a new threshold) and 1.10 (draft: one
    dimension more, so not comparable with the others)."""
    base = bank_document(status="retired")
    import_bank(base)
    import_bank(version_of(base, "1.1", "published", reword_and_reweight))

    def add_dimension(document):
        reword_and_reweight(document)
        dimension = copy.deepcopy(document["dimensions"][0])
        dimension.update(code="people", questions=[level_question("people.training")])
        dimension["recommendations"] = [recommendation(1, 5, title="Train people")]
        document["dimensions"].append(dimension)

    import_bank(version_of(base, "1.10", "draft", add_dimension))


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True))
    return client


def compare_url(slug="test-bank", **query):
    url = reverse("bank_compare", args=[slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


@pytest.mark.parametrize("url", [compare_url(), reverse("bank_index")])
def test_anonymous_visitors_are_sent_to_log_in(client, versions, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [compare_url(), reverse("bank_index")])
def test_members_who_are_not_staff_are_sent_to_log_in(member_client, versions, url):
    response = member_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_any_staff_member_sees_the_banks_and_their_versions(staff_client, versions, default_bank):
    response = staff_client.get(reverse("bank_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert [entry["slug"] for entry in response.context["slugs"]] == ["cx-maturity", "test-bank"]
    test_bank = response.context["slugs"][1]
    assert [(bank.version, bank.status) for bank in test_bank["versions"]] == [
        ("1.10", "draft"),
        ("1.1", "published"),
        ("1.0", "retired"),
    ]
    assert compare_url() in page and compare_url("cx-maturity") in page


def test_the_default_comparison_is_of_the_latest_two_versions_whatever_their_status(staff_client, versions):
    response = staff_client.get(compare_url())
    assert response.status_code == 200
    assert (response.context["before"].version, response.context["after"].version) == ("1.1", "1.10")
    page = response.content.decode()
    assert "Comparable for benchmarks: no" in page
    assert '<li class="diff-added"><span class="visually-hidden">added: </span><code>people</code>' in page
    assert "Dimensions added: <code>people</code>." in page
    assert '<option value="1.10" selected>1.10 (Draft)</option>' in page
    assert '<label class="form-label" for="id_from">From version</label>' in page


def test_chosen_versions_show_their_changes(staff_client, versions):
    response = staff_client.get(compare_url(**{"from": "1.0", "to": "1.1"}))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert diff.comparability.comparable
    assert values(change_of(diff.section("questions"), "strategy.vision")) == {"weight": (1.0, 2.0)}
    page = response.content.decode()
    assert "Comparable for benchmarks: yes" in page
    assert '<span class="visually-hidden">added: </span>' in page
    assert "<del>" in page and "<ins>" in page
    assert "1.8</del>" in page and "1.9</ins>" in page


def test_a_newer_version_can_be_compared_with_an_older_one(staff_client, versions):
    response = staff_client.get(compare_url(**{"from": "1.10", "to": "1.0"}))
    page = response.content.decode()
    assert "Removed (1)" in page
    assert (
        '<li class="diff-removed"><span class="visually-hidden">removed: </span><code>people</code>' in page
    )
    assert "Dimensions removed: <code>people</code>." in page


def test_a_version_compared_with_itself_has_no_changes(staff_client, versions):
    response = staff_client.get(compare_url(**{"from": "1.1", "to": "1.1"}))
    assert response.status_code == 200
    assert "A version compared with itself: no changes." in response.content.decode()


def test_one_version_of_a_slug_is_compared_with_itself(staff_client, bank):
    response = staff_client.get(compare_url())
    assert response.status_code == 200
    assert response.context["before"] == response.context["after"] == bank


@pytest.mark.parametrize(
    "url",
    [compare_url("no-such-bank"), compare_url(**{"from": "9.9"}), compare_url(to="1.2")],
)
def test_an_unknown_slug_or_version_is_not_found(staff_client, versions, url):
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize("value", ["abc", "%00", "1.0%00", "1" * 30, "-1"])
def test_a_malformed_version_gets_a_message(staff_client, versions, value):
    response = staff_client.get(compare_url(**{"from": value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose two versions from the lists." in page
    assert response.context["diff"] is None


def test_the_japanese_page_shows_japanese_first(client, versions):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(compare_url(**{"from": "1.0", "to": "1.1"}), headers={"accept-language": "ja"})
    page = response.content.decode()
    assert "ベンチマークでの比較可否" in page
    change = change_of(response.context["diff"].section("questions"), "strategy.vision")
    assert change.texts[0].diffs[0].language == "ja"
    assert '<p class="diff-text" lang="ja">' in page
    assert (
        '<ins><span class="visually-hidden">追加: </span>顧客体験のビジョンはどの程度成熟していますか？</ins>'
        in page
    )


def small_bank_with_a_question_recommendation():
    document = bank_document()
    document["dimensions"][0]["recommendations"].append(
        recommendation(1, 5, question="strategy.budget", max_score=2.0, title="Fund CX")
    )
    return import_bank(document)


@pytest.mark.parametrize("use_default_bank", [False, True])
def test_a_comparison_costs_the_same_queries_whatever_the_bank(
    request, staff_client, django_assert_num_queries, use_default_bank
):
    first = (
        request.getfixturevalue("default_bank")
        if use_default_bank
        else small_bank_with_a_question_recommendation()
    )
    document = export_bank(first)
    document.update(version="1.1", status="draft")
    import_bank(document)
    # 1 session, 2 user, 3 the slug's versions; for each of the two versions (export_bank): levels,
    # dimensions, their questions, the questions' options, recommendations, the questions they are about
    with django_assert_num_queries(15):
        response = staff_client.get(compare_url(first.slug))
    assert response.status_code == 200
