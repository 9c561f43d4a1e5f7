"""A form's help text is escaped on the page, unless Python built it safe with format_html."""

from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html


class HelpForm(forms.Form):
    plain = forms.CharField(help_text="Scrivi <b>qui</b> & <script>alert(1)</script>")
    linked = forms.CharField(
        help_text=format_html('Vedi <a href="{}">la guida</a> di {}', "/guida/", "<Rete>")
    )


def test_a_plain_help_text_is_escaped_and_a_format_html_one_keeps_its_markup():
    form = HelpForm()

    plain = render_to_string("components/_field.html", {"field": form["plain"]})
    linked = render_to_string("components/_field.html", {"field": form["linked"]})

    assert "<script>" not in plain
    assert "Scrivi &lt;b&gt;qui&lt;/b&gt; &amp; &lt;script&gt;" in plain
    assert 'Vedi <a href="/guida/">la guida</a> di &lt;Rete&gt;' in linked
