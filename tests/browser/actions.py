"""What people do on the site's pages, shared by the browser tests: open a browser of their own, log in, join
a workshop by typing its address, answer a question by mouse or keyboard; and a logo to upload."""

import re
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

FACTORY_PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


def open_page(browser, language, viewport, **options):
    """A fresh browser context (no cookies: a new visit) asking for ``language``, and a page in it."""
    context = browser.new_context(
        bypass_csp=True, extra_http_headers={"Accept-Language": language}, viewport=viewport, **options
    )
    return context, context.new_page()


def log_in(page, live_server, email, password=FACTORY_PASSWORD):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def typed_address(live_server, join_code):
    """The join address as a person types it from the projector: in groups, in capitals."""
    groups = (join_code[i : i + 4] for i in range(0, len(join_code), 4))
    return f"{live_server.url}/w/{'-'.join(groups).upper()}/"


def join(page, live_server, join_code, name, department="", language=None, address=None):
    """Type the join address (``typed_address`` unless given), give a name, a department and (unless None) a
    language, and join."""
    page.goto(address or typed_address(live_server, join_code))
    expect(page).to_have_url(re.compile(rf"/w/{join_code}/$"))
    page.fill("[name=display_name]", name)
    page.fill("[name=department]", department)
    if language:
        page.locator(f"[name=language][value={language}]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dimensions/strategy/$"))


def wait_saved(question):
    expect(question.locator(".answer-status .status-saved")).to_be_visible()


def answer_by_mouse(question, choice: int):
    options = question.locator("input.choice-input[name$='-option']:not([value='n/a'])")
    count = options.count()
    options.nth(choice % count).locator("xpath=..").click()
    wait_saved(question)


def answer_by_keyboard(page, question):
    """Tab into the radio group, then move with the arrow keys: selecting a radio is a change, and saves."""
    question.locator("input.choice-input").first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    wait_saved(question)


def logo_file(tmp_path, name="logo.png"):
    """A 1200 × 400 PNG logo, a blue square on white, saved as ``name`` in ``tmp_path``."""
    image = Image.new("RGB", (1200, 400), "#ffffff")
    image.paste(Image.new("RGB", (400, 400), "#1a4d8f"))
    output = BytesIO()
    image.save(output, "PNG")
    path = tmp_path / name
    path.write_bytes(output.getvalue())
    return path
