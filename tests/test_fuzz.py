"""Bad input never answers 500: every route of the authorization matrix (tests/test_authorization_matrix.py),
as each role that reaches it, gets bad values in its path parameters, in the query string and in every field
of the forms it shows (or the page it belongs to shows), alone and all at once, and as a body that is not
UTF-8. No answer may be a 500, and no exception may escape (the test client raises it).

Left out: the admin (Django's own, behind staff log-in and the other developer's second factor), ``logout``
(it would end the role's session), and the PDFs' POST and query variants (slow to render; their path
parameters are fuzzed)."""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import resolve

from tests.security import ROLES
from tests.test_authorization_matrix import ADMIN_LOGIN, LOGIN, ROUTES, TO_JOIN

pytestmark = pytest.mark.django_db

# Values for fields and query parameters.
BAD_VALUES = [
    "\x00",
    "x" * 20_000,
    "-1",
    "1e400",
    "NaN",
    "9" * 400,
    "<script>alert(1)</script>",
    "ｔｅｓｔ１２３ ー",
    "[]",
    "\ufeff\u202e",
]
# Values for path parameters, as written in a URL: percent-escapes of a NUL and of bytes that are not UTF-8.
BAD_PATH_VALUES = ["%00", "a%00", "x" * 3000, "%ff%fe", "-1", "123", "null", "..%2f..%2f", "%e3%81%82"]
# Query parameters that views commonly read, beside the fields of their forms.
QUERY_NAMES = [
    "next",
    "page",
    "q",
    "language",
    "lang",
    "code",
    "sort",
    "format",
    "dimension",
    "round",
    "shared",
]
# Actions posted from another page: its fields are theirs.
HOST_PAGES = {
    "assessment_start": "dashboard",
    "assessment_answer": "assessment_dimension",
    "assessment_submit": "assessment_review",
    "workshop_answer": "workshop_dimension",
    "results_targets": "results",
    "member_role": "members",
    "member_remove": "members",
    "invitation_revoke": "members",
    "workshop_agree": "workshop_detail",
    "workshop_agree_clear": "workshop_detail",
    "workshop_revote": "workshop_detail",
    "workshop_reveal": "workshop_detail",
    "workshop_close": "workshop_detail",
    "workshop_summary_share": "workshop_detail",
}
SKIPPED = {"logout"}
SLOW = {"results_pdf", "sample_pdf"}
NOT_REACHED = {404, 405, 403, LOGIN, ADMIN_LOGIN, TO_JOIN}


class FormFields(HTMLParser):
    """The fields of a page's forms, each with a value that the page would post (the first one shown)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea") and name and attrs.get("type") not in ("submit", "button"):
            self.fields.setdefault(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and not self.fields[self._select]:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(response) -> dict[str, str]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return {}
    parser = FormFields()
    parser.feed(response.content.decode())
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def _reaches(route, role) -> bool:
    return any(cells and cells[role] not in NOT_REACHED for cells in (route.get, route.post))


def _cases():
    """Each route as each role that reaches it, one of the roles it answers alike (member and owner, say)."""
    for key, route in ROUTES.items():
        if key in SKIPPED or key.startswith("admin:"):
            continue
        seen = set()
        for role in route.roles:
            answers = tuple((cells or {}).get(role) for cells in (route.get, route.post))
            if _reaches(route, role) and answers not in seen:
                seen.add(answers)
                yield pytest.param(key, role, id=f"{key}-{role}")


def _path_variants(url: str, world) -> list[str]:
    """The URL with each path parameter replaced by each bad value, and by ids of someone else's objects."""
    others = [world.outsiders_submitted.public_id, world.outsider.public_id, world.bank.slug]
    variants = []
    for value in resolve(url).kwargs.values():
        for bad in [*BAD_PATH_VALUES, *others]:
            variants.append(url.replace(f"/{value}", "/" + bad, 1))
    return variants


class Fuzzer:
    def __init__(self, client):
        self.client = client
        self.failures = []

    def send(self, method: str, url: str, data=None, **extra):
        cache.clear()  # the throttles would answer 429 before the forms are read
        response = getattr(self.client, method)(url, data, **extra)
        if response.status_code >= 500:
            shown = (
                {name: str(value)[:40] for name, value in (data or {}).items()}
                if isinstance(data, dict)
                else data
            )
            self.failures.append(f"{method.upper()} {url[:120]} {shown} → {response.status_code}")
        return response


@pytest.mark.parametrize(("key", "role"), list(_cases()))
def test_bad_input_never_answers_500(world, key, role):
    route = ROUTES[key]
    url = route.url(world)
    fuzzer = Fuzzer(world.client_for(role))
    for variant in _path_variants(url, world):
        fuzzer.send("get", variant)
        if route.post and route.post[role] != 405 and key not in SLOW:
            fuzzer.send("post", variant)
    if key in SLOW:
        assert not fuzzer.failures, "\n".join(fuzzer.failures)
        return

    fields = form_fields(fuzzer.send("get", url))
    if key in HOST_PAGES:
        host = ROUTES[HOST_PAGES[key]]
        fields = {**form_fields(fuzzer.send("get", host.url(world))), **fields}
    names = sorted(set(fields) | set(QUERY_NAMES))
    for bad in BAD_VALUES:
        fuzzer.send("get", url, dict.fromkeys(names, bad))
    if route.post and route.post[role] != 405:
        for bad in BAD_VALUES:  # every field bad at once
            fuzzer.send("post", url, dict.fromkeys(names, bad))
        for number, name in enumerate(sorted(fields)):  # one field bad, the others as the page shows them
            bad = (
                ["1", "2"] if number % 3 == 2 else BAD_VALUES[number % len(BAD_VALUES)]
            )  # a list: two values
            fuzzer.send("post", url, {**fields, name: bad})
        body = "&".join(f"{quote(name)}=%ff%fe%00" for name in names)
        fuzzer.send("post", url, body, content_type="application/x-www-form-urlencoded")
        fuzzer.send("post", url, '{"a": [1e400]}', content_type="application/json")
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


def test_every_role_reaches_something_that_is_fuzzed():
    roles = {role for key, role in (case.values for case in _cases())}
    assert roles == set(ROLES)
