"""A recommendation's owner, first 90 days and prerequisites, each on a line of its own on the results page
and in the PDF, when its body names all three (the default bank 2.0 does; 1.0's bodies stay as they are)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments.banks import load_default_banks
from reports import pdf
from reports.results.view_model import PlanStep, plan_parts
from tests.factories import submit, varied

ACTION = "Add a way to reach a person at every step."
OWNER = " Owner: the head of customer service."
FIRST = " First 90 days: Walk through the bot as a customer."
NEEDS = " Prerequisites: none."


@pytest.mark.parametrize(
    ("body", "lead", "steps"),
    [
        (
            ACTION + OWNER + FIRST + NEEDS,
            ACTION,
            [
                PlanStep("Owner", "The head of customer service."),  # a line of its own starts with a capital
                PlanStep("First 90 days", "Walk through the bot as a customer."),
                PlanStep("Prerequisites", "None."),
            ],
        ),
        (
            "ボットの各段階に人へつなぐ選択肢を表示します。責任者：カスタマーサービス部門長。"
            "最初の90日：顧客の立場でボットを操作します。前提条件：特になし。",
            "ボットの各段階に人へつなぐ選択肢を表示します。",
            [
                PlanStep("責任者", "カスタマーサービス部門長。"),
                PlanStep("最初の90日", "顧客の立場でボットを操作します。"),
                PlanStep("前提条件", "特になし。"),
            ],
        ),
    ],
)
def test_a_body_with_every_label_is_its_action_and_three_steps(body, lead, steps):
    assert plan_parts(body) == (lead, tuple(steps))


@pytest.mark.parametrize(
    "body",
    [
        ACTION,  # no label at all (the default bank 1.0)
        ACTION + OWNER + NEEDS,  # one label missing
        ACTION + FIRST + OWNER + NEEDS,  # out of order
        OWNER.strip() + FIRST + NEEDS,  # no action before the steps
        ACTION + OWNER + " First 90 days:" + NEEDS,  # a step without text
        ACTION + " 責任者：部長。" + FIRST + NEEDS,  # labels of two languages
    ],
)
def test_any_other_body_is_shown_as_it_is(body):
    assert plan_parts(body) == (body, ())


@pytest.fixture
def submitted_on_2_0(member):
    bank = next(bank for bank in load_default_banks() if bank.version == "2.0")
    return submit(member.organization, bank, varied, by=member.user)


def steps_in(html: str) -> list[list[str]]:
    """The labels of each plan entry's steps, in the order shown."""
    blocks = re.findall(r'<dl class="plan-steps">(.*?)</dl>', html, re.DOTALL)
    return [re.findall(r"<dt>(.*?)</dt>", block) for block in blocks]


@pytest.mark.parametrize(
    ("language", "labels"),
    [("en", ["Owner", "First 90 days", "Prerequisites"]), ("ja", ["責任者", "最初の90日", "前提条件"])],
)
def test_the_results_page_and_the_report_show_each_entrys_steps(
    client, member, submitted_on_2_0, language, labels
):
    client.force_login(member.user)
    response = client.get(
        reverse("results", args=[submitted_on_2_0.public_id]), headers={"accept-language": language}
    )
    plan = response.context["results"].plan
    assert plan and all(entry.steps for entry in plan)
    assert steps_in(response.text) == [labels] * len(plan)
    assert all(escape(entry.lead) in response.text for entry in plan)
    assert not any(escape(entry.body) in response.text for entry in plan)  # not as one paragraph
    report = pdf.assessment_report_html(submitted_on_2_0, language)
    assert steps_in(report) == [labels] * len(plan)
