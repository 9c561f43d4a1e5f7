"""Long texts written in Markdown render as HTML that cannot carry scripts or foreign styles."""

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from portal.lib.markdown import render_markdown


def render_filter(value):
    return Template("{% load markdown %}{{ value|markdown }}").render(Context({"value": value}))


def test_common_markdown_renders_as_html():
    html = render_markdown(
        "Una *buona* pratica, **davvero**.\n\n"
        "- prima\n- seconda\n\n"
        "1. uno\n2. due\n\n"
        "> citazione\n\n"
        "Vedi [il sito](https://www.example.org/pagina) e `codice`.\n\n"
        "---\n\n"
        "| Biblioteca | Prestiti |\n|---|---|\n| Civica | 120 |\n"
    )

    assert isinstance(html, SafeString)
    assert "<em>buona</em>" in html
    assert "<strong>davvero</strong>" in html
    assert "<ul>\n<li>prima</li>\n<li>seconda</li>\n</ul>" in html
    assert "<ol>\n<li>uno</li>\n<li>due</li>\n</ol>" in html
    assert "<blockquote>" in html
    assert "<code>codice</code>" in html
    assert "<hr>" in html
    assert (
        '<a href="https://www.example.org/pagina" rel="nofollow noopener noreferrer">il sito</a>'
        in html
    )
    assert "<th>Biblioteca</th>" in html
    assert "<td>Civica</td>" in html


def test_a_level_one_heading_becomes_level_two_since_the_page_has_its_own_title():
    html = render_markdown("# Obiettivi\n\n### Dettagli")

    assert "<h1" not in html
    assert "<h2>Obiettivi</h2>" in html
    assert "<h3>Dettagli</h3>" in html


def test_mailto_and_relative_links_are_kept():
    html = render_markdown("[scrivici](mailto:info@rete.example) o [documenti](/documenti/)")

    assert 'href="mailto:info@rete.example"' in html
    assert 'href="/documenti/"' in html


def test_a_new_line_is_a_line_break():
    assert render_markdown("via Roma 1\nMilano") == "<p>via Roma 1<br>\nMilano</p>"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<p onclick="alert(1)">testo</p>',
        "<iframe src='https://evil.example'></iframe>",
        "<style>body { display: none }</style>",
        "<svg onload=alert(1)><circle r=1 /></svg>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
        '<form action="https://evil.example"><input name=a></form>',
    ],
)
def test_hostile_input_loses_everything_that_could_run_or_load(hostile):
    html = render_markdown(f"Prima {hostile} dopo").lower()

    for forbidden in (
        "<script",
        "<img",
        "<iframe",
        "<style",
        "<svg",
        "<math",
        "<form",
        "<input",
        "onerror",
        "onclick",
        "onload",
        "javascript",
        "data:",
        "alert(1)</",
    ):
        assert forbidden not in html
    assert "dopo" in html


def test_script_and_style_content_is_dropped_not_shown_as_text():
    html = render_markdown("<script>alert(1)</script>\n\n<style>p{}</style>\n\nciao")

    assert "alert" not in html
    assert "p{}" not in html
    assert "ciao" in html


def test_style_class_and_id_attributes_are_removed():
    html = render_markdown('<p style="color:red" class="btn" id="main">testo</p>')

    assert html == "<p>testo</p>"


def test_filter_renders_markdown_in_templates():
    assert render_filter("**ciao**") == "<p><strong>ciao</strong></p>"


@pytest.mark.parametrize("value", [None, ""])
def test_filter_shows_nothing_for_an_empty_value(value):
    assert render_filter(value) == ""
