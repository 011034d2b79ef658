"""The brand's colours: written once in static/css/brand.css, read from there by the site, PDF and charts."""

import re
import subprocess
from pathlib import Path

import pytest

from cxmaturity import brand
from reports import pdf
from reports.charts import colours
from reports.sample import sample_results

ROOT = Path(__file__).resolve().parents[2]
BRAND_CSS = ROOT / "static" / "css" / "brand.css"
STYLESHEETS = [
    *sorted(path for path in (ROOT / "static" / "css").glob("*.css") if path != BRAND_CSS),
    ROOT / "templates" / "reports" / "pdf" / "report.css",
]


def declared() -> dict[str, str]:
    """The brand file's custom properties, read here without cxmaturity.brand."""
    return {
        name: value.strip() for name, value in re.findall(r"--cxm-([\w-]+):([^;]+);", BRAND_CSS.read_text())
    }


def test_the_charts_draw_in_the_brand_colours():
    properties = declared()
    assert properties["accent"] == colours.BRAND.current
    assert properties["target"] == colours.BRAND.target
    assert properties["accent-tint"] == colours.BRAND.band
    assert properties == brand.COLOURS


def test_the_rgb_form_of_the_accent_is_the_accent():
    red, green, blue = (int(part) for part in declared()["accent-rgb"].split(","))
    assert f"#{red:02x}{green:02x}{blue:02x}" == declared()["accent"]


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_no_other_stylesheet_writes_a_brand_colour_again(stylesheet):
    text = stylesheet.read_text().lower()
    for name, value in declared().items():
        assert value.lower() not in text, f"{stylesheet.name} writes {value}: use var(--cxm-{name})"


def test_the_site_imports_the_brand_before_its_own_rules():
    app = re.sub(r"/\*.*?\*/", "", (ROOT / "static" / "css" / "app.css").read_text(), flags=re.DOTALL)
    assert app.lstrip().startswith('@import url("brand.css");')


def test_the_pdf_inlines_the_brand_before_its_own_stylesheet(bank):
    html = pdf.report_html(sample_results(bank), language="en")
    assert brand.STYLESHEET in html
    assert html.index(brand.STYLESHEET) < html.index("@page {")


def test_weasyprint_paints_a_brand_property_in_its_colour(tmp_path):
    page = pdf.render_pdf(
        f"<style>{brand.STYLESHEET} @page {{ size: 10px; margin: 0 }} "
        "html { background: var(--cxm-accent) }</style><p></p>"
    )
    (tmp_path / "page.pdf").write_bytes(page.data)
    # At 96 dpi the page is 10 × 10 pixels, every one of them painted whole.
    subprocess.run(["pdftoppm", "-r", "96", tmp_path / "page.pdf", tmp_path / "page"], check=True)
    [image] = tmp_path.glob("page*.ppm")
    red, green, blue = image.read_bytes()[-3:]  # the last pixel of the binary PPM
    assert f"#{red:02x}{green:02x}{blue:02x}" == declared()["accent"]
