"""Fifty participants answering a workshop at once, as fifty phones would: real HTTP clients in threads, each
with its own cookies, against a live server (Django's threaded test server: a thread and a database connection
per request).

Every phone joins through the form, waits until all have joined, then answers every question with autosave
(one POST per answer), the first one with two identical posts at once, as a phone retrying on a flaky network
does: both find no answer yet. No request may fail and every answer must be stored as given. Then the
facilitator closes a workshop while its phones answer: each answer is either saved and in the result, or
refused with the message that the workshop is closed. CI runs them on SQLite and on PostgreSQL
(``-m concurrency`` selects them). Timings belong to ``scripts/benchmark_workshop.py``.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, transaction
from django.test.testcases import LiveServerThread
from django.utils import translation
from django.utils.translation import gettext

from assessments.models import Answer, Assessment, Option, Participant
from assessments.services import assessment_start, workshop_close
from tests.workshop_browsers import Browser, Choice, bank_questions, choice_for, stored_choices

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

PHONES = 50
CLOSING_PHONES = 20  # enough to have answers in flight when the facilitator closes the workshop


class RoomyServer(ThreadedWSGIServer):
    """Django's threaded test server with room in its listen queue for every phone. Django's queues 10
    connections (``request_queue_size``): while its threads keep the interpreter busy, the kernel refuses the
    connections beyond, and the phones saw "connection reset by peer" (gunicorn queues 2048)."""

    request_queue_size = PHONES * 2


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def server_url(transactional_db):
    """A live server like pytest-django's ``live_server`` (whose Django server queues only 10 connections)."""
    thread = RoomyServerThread("localhost", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


def answer_together(server_url, workshop, questions, phones: int, *, first_twice=False, meanwhile=None):
    """``phones`` phones join, wait until all have joined, then each answers every question in turn (the first
    with two identical posts at once if ``first_twice``); ``meanwhile`` runs once all have joined."""
    code = workshop.join_code
    all_joined = threading.Barrier(phones + 1)

    def participate(number: int) -> Browser:
        phone = Browser(server_url, language="ja" if number % 2 else "en")
        try:
            phone.join(code, f"Phone {number}")
            all_joined.wait(timeout=60)  # the answers start at the same moment
            for position, question in enumerate(questions):
                choice = choice_for(number, position, question)
                posts = 2 if first_twice and position == 0 else 1
                with ThreadPoolExecutor(max_workers=posts) as at_once:
                    for _post in range(posts):
                        at_once.submit(phone.answer, code, question, choice)
        except BaseException:
            all_joined.abort()  # the others stop waiting
            raise
        return phone

    with ThreadPoolExecutor(max_workers=phones) as pool:
        futures = [pool.submit(participate, number) for number in range(phones)]
        all_joined.wait(timeout=60)
        if meanwhile is not None:
            meanwhile()
        return [future.result() for future in futures]


def test_fifty_phones_answering_at_once_lose_no_answer_and_get_no_error(server_url, workshop):
    questions = bank_questions(workshop.assessment.bank)
    # A retry of the first answer: both posts find no answer yet.
    phones = answer_together(server_url, workshop, questions, PHONES, first_twice=True)

    failures = [(number, failure) for number, phone in enumerate(phones) for failure in phone.failures()]
    assert failures == []
    assert [len(phone.exchanges) for phone in phones] == [2 + len(questions) + 1] * PHONES
    answers = Answer.objects.filter(participant__assessment=workshop.assessment)
    assert Participant.objects.filter(assessment=workshop.assessment).count() == PHONES
    assert answers.count() == PHONES * len(questions)
    assert stored_choices(workshop.assessment) == {
        (f"Phone {number}", question.code): choice_for(number, position, question)
        for number in range(PHONES)
        for position, question in enumerate(questions)
    }


def test_answers_in_flight_when_the_workshop_closes_are_in_its_result_or_refused(server_url, workshop):
    questions = bank_questions(workshop.assessment.bank)
    answers = Answer.objects.filter(participant__assessment=workshop.assessment)

    def close_halfway():
        while answers.count() < CLOSING_PHONES * len(questions) // 2:
            time.sleep(0.005)
        workshop_close(workshop=workshop)

    phones = answer_together(server_url, workshop, questions, CLOSING_PHONES, meanwhile=close_halfway)

    saved, refused = set(), []
    for number, phone in enumerate(phones):
        assert [exchange.status for exchange in phone.exchanges[:2]] == [200, 200]  # joined
        for question, exchange in zip(questions, phone.exchanges[2:], strict=True):
            if exchange.status == 200:
                saved.add((f"Phone {number}", question.code))
            else:
                with translation.override(phone.language):
                    closed = gettext("This workshop is closed; it no longer takes answers.")
                refused.append((exchange.status, exchange.gist == closed))
    assert saved and refused  # some came before the close, some after
    assert set(refused) == {(422, True)}
    # Every answer the phones were told was saved is stored, and was read by the close: it has its score
    # (N/A has none) and dates from before it.
    assert set(stored_choices(workshop.assessment)) == saved
    submitted_at = Assessment.objects.get(pk=workshop.assessment_id).submitted_at
    assert not answers.filter(not_applicable=False, score__isnull=True).exists()
    assert not answers.filter(updated_at__gt=submitted_at).exists()


def waiting_for_a_lock() -> bool:
    """Whether another connection waits for a row lock (PostgreSQL); SQLite shows no waiter, and its
    autosave waits at ``BEGIN IMMEDIATE`` for the whole write lock anyway."""
    if connection.vendor != "postgresql":
        time.sleep(0.3)
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


@pytest.mark.parametrize("door", ["workshop", "member"])
def test_an_autosave_waiting_on_the_lock_reads_what_the_one_before_wrote(server_url, workshop, member, door):
    """One autosave holds the assessment's lock and writes the question's first answer; the next, for another
    option, waits for the lock. Once it has it, it must see that answer (on PostgreSQL a statement's reads
    date from when it started, before the wait): its option replaces the first, and the level question keeps
    one option, not two. Members and workshop participants save through the same locked path."""
    browser = Browser(server_url)
    if door == "workshop":
        assessment, path = workshop.assessment, f"/w/{workshop.join_code}"
        browser.join(workshop.join_code, "Arrow keys")
    else:
        assessment = assessment_start(organization=member.organization, bank=workshop.assessment.bank)
        path = f"/assessments/{assessment.public_id}"
        browser.log_in(member.user.email, "correct horse battery", then=f"{path}/")
    question = next(q for q in bank_questions(assessment.bank) if q.type == "level")
    browser.open_dimension_at(f"{path}/dimensions/{question.dimension}/")
    participant = Participant.objects.get(assessment=assessment)
    options = Option.objects.filter(question__code=question.code, question__bank=assessment.bank)
    first, second = options[:2]
    with ThreadPoolExecutor(max_workers=1) as other:
        with transaction.atomic():
            Assessment.objects.select_for_update().get(pk=assessment.pk)
            answer = Answer.objects.create(participant=participant, question=first.question)
            answer.options.add(first)
            change = Choice(frozenset({second.code}))
            saving = other.submit(browser.answer_at, f"{path}/questions/{question.code}/", question, change)
            deadline = time.monotonic() + 30
            while not waiting_for_a_lock() and time.monotonic() < deadline:
                time.sleep(0.01)
        saving.result()
    assert browser.failures() == []
    assert list(Answer.objects.get(pk=answer.pk).options.all()) == [second]


def test_one_phone_changing_its_answer_in_quick_succession_keeps_exactly_one_option(server_url, workshop):
    """A participant moving through a radio group with the arrow keys sends one autosave per option, each
    before the last has returned. They take turns on the assessment's lock; each must read what the one
    before it wrote, or a level question ends with two options (the facilitator's page cannot score it)."""
    question = next(q for q in bank_questions(workshop.assessment.bank) if q.type == "level")
    phone = Browser(server_url)
    phone.join(workshop.join_code, "Arrow keys")
    for _round in range(8):
        with ThreadPoolExecutor(max_workers=len(question.options)) as at_once:
            for option in question.options:
                at_once.submit(phone.answer, workshop.join_code, question, Choice(frozenset({option})))
        assert phone.failures() == []
        (answer,) = Answer.objects.filter(participant__assessment=workshop.assessment)
        assert len(answer.options.all()) == 1
