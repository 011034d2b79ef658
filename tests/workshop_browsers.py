"""Browsers in a live workshop, spoken to over real HTTP with the standard library only: a participant's
phone (its own cookie jar, the join form posted with its page's CSRF token, the dimension pages, and one
autosave per answer posted as htmx posts it: the question's prefixed fields, ``HX-Request`` and the page's
``X-CSRFToken``) and the facilitator's (the log-in form, then the facilitator page). Each request is timed.

Shared by ``tests/test_workshop_concurrency.py`` (50 phones against a live server) and
``scripts/benchmark_workshop.py`` (N phones against gunicorn on PostgreSQL), which also reads the timings.
"""

import html
import http.client
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from assessments.forms import NOT_APPLICABLE
from assessments.models import Answer

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')  # the questionnaire form's hx-headers
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Question:
    """What a phone needs to know of a question to answer it."""

    code: str
    dimension: str
    type: str  # level, choice, checklist
    options: tuple[str, ...]
    allow_na: bool


def bank_questions(bank) -> list[Question]:
    """The bank's questions in bank order, read before the phones start (they speak only HTTP)."""
    questions = bank.questions.select_related("dimension").prefetch_related("options").in_bank_order()
    return [
        Question(q.code, q.dimension.code, q.type, tuple(o.code for o in q.options.all()), q.allow_na)
        for q in questions
    ]


@dataclass(frozen=True)
class Choice:
    """An answer as a participant gives it, and as it must be stored."""

    options: frozenset[str] = frozenset()
    not_applicable: bool = False
    comment: str = ""


def stored_choices(assessment) -> dict[tuple[str, str], Choice]:
    """Every answer stored for the assessment, by participant's display name and question code."""
    answers = (
        Answer.objects.filter(participant__assessment=assessment)
        .select_related("participant", "question")
        .prefetch_related("options")
    )
    return {
        (answer.participant.display_name, answer.question.code): Choice(
            frozenset(option.code for option in answer.options.all()), answer.not_applicable, answer.comment
        )
        for answer in answers
    }


def choice_for(phone: int, number: int, question: Question) -> Choice:
    """Phone ``phone``'s answer to the question at position ``number``, varied over phones and questions so
    that every kind of answer is given: each option, N/A where it is allowed, several items of a checklist or
    none, and on one answer in three a comment (in Japanese on every other phone)."""
    n = phone + number
    comment = f"{'根拠あり' if phone % 2 else 'Evidence'} {phone}/{question.code}" if n % 3 == 0 else ""
    if question.allow_na and n % 5 == 0:
        return Choice(not_applicable=True, comment=comment)
    if question.type == "checklist":
        ticked = frozenset(code for bit, code in enumerate(question.options) if n >> bit & 1)
        return Choice(ticked, comment=comment)
    return Choice(frozenset({question.options[n % len(question.options)]}), comment=comment)


@dataclass(frozen=True)
class Exchange:
    """One request of a browser: what it was for, the status it got (0 when no response came) and how long it
    took, a redirect it followed included; for an unexpected status, the gist of the response."""

    kind: str  # "join page", "join", "page", "answer", "log-in page", "log in", or the caller's
    status: int
    seconds: float
    gist: str = ""

    @property
    def failed(self) -> bool:
        return self.status != 200


def _gist(text: str) -> str:
    """The title of an error page (Django's names the exception), else the start of its text."""
    title = _TITLE.search(text)
    words = title.group(1) if title else _TAG.sub(" ", text)
    return " ".join(html.unescape(words).split())[:200]


def _form_token(page: str) -> str:
    found = _CSRF_FIELD.search(page)
    return found.group(1) if found else ""


class Browser:
    """One person's browser: its cookies (the session, the CSRF cookie, the language) and its requests."""

    def __init__(self, base_url: str, *, language: str = "en", timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.language = language
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.csrf_token = ""
        self.exchanges: list[Exchange] = []  # appended to from any thread (list.append is atomic)

    def request(self, kind: str, path: str, data: dict | None = None, headers: dict | None = None) -> str:
        """GET ``path``, or POST ``data`` form-encoded; record the exchange and return the body."""
        body = None if data is None else urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Accept-Language": self.language, **(headers or {})}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out
            status, text = 0, f"{type(error).__name__}: {error}"
        exchange = Exchange(kind, status, time.perf_counter() - started)
        if exchange.failed:
            exchange = Exchange(kind, status, exchange.seconds, _gist(text))
        self.exchanges.append(exchange)
        return text

    def _keep_token(self, page: str) -> None:
        found = _CSRF_HEADER.search(page)
        if found:
            self.csrf_token = found.group(1)

    def log_in(self, email: str, password: str, then: str) -> None:
        """Log in through the form, and follow it to ``then``."""
        page = self.request("log-in page", "/accounts/login/")
        form = {
            "csrfmiddlewaretoken": _form_token(page),
            "username": email,
            "password": password,
            "next": then,
        }
        self.request("log in", "/accounts/login/", form)

    def join(self, code: str, name: str) -> None:
        """Open the join page and post its form; the redirect leads to the first dimension's page."""
        page = self.request("join page", f"/w/{code}/")
        form = {"csrfmiddlewaretoken": _form_token(page), "display_name": name, "language": self.language}
        self._keep_token(self.request("join", f"/w/{code}/", form))

    def open_dimension(self, code: str, dimension: str) -> None:
        self.open_dimension_at(f"/w/{code}/dimensions/{dimension}/")

    def open_dimension_at(self, path: str) -> None:
        self._keep_token(self.request("page", path))

    def answer(self, code: str, question: Question, choice: Choice) -> None:
        """Autosave one answer of a workshop participant."""
        self.answer_at(f"/w/{code}/questions/{question.code}/", question, choice)

    def answer_at(self, path: str, question: Question, choice: Choice) -> None:
        """Autosave one answer at ``path``, with the fields the question's fieldset posts (``hx-params``)."""
        chosen = sorted(choice.options) + ([NOT_APPLICABLE] if choice.not_applicable else [])
        data = {f"{question.code}-option": chosen, f"{question.code}-comment": choice.comment}
        if question.type == "checklist" and not chosen:
            data[f"{question.code}-none"] = "1"
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf_token}
        self.request("answer", path, data, headers)

    def failures(self) -> list[Exchange]:
        return [exchange for exchange in self.exchanges if exchange.failed]
