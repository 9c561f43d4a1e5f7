"""The light select renders what Django's select renders: options, the chosen one, escaping."""

import pytest
from django.urls import reverse

from portal.lib.filters import LightSelect
from tests.practices.factories import PracticeFactory


def test_the_light_select_writes_every_option_escaped_with_the_chosen_one_selected():
    widget = LightSelect(
        choices=[("", "Tutte"), ("a-b", 'Biblioteca "Rosa" & <Co>'), ("c", "Civica")]
    )
    html = widget.render("organisation", "a-b", attrs={"id": "id_organisation", "class": "x"})

    assert html.startswith('<select class="x" id="id_organisation" name="organisation">')
    assert '<option value="">Tutte</option>' in html
    assert (
        '<option value="a-b" selected>Biblioteca &quot;Rosa&quot; &amp; &lt;Co&gt;</option>' in html
    )
    assert '<option value="c">Civica</option>' in html
    assert html.count(" selected") == 1


@pytest.mark.django_db
def test_the_practices_filter_lists_the_organisations_and_keeps_the_chosen_one(client):
    chosen = PracticeFactory(organisation__name="Rete Bibliotecaria Bresciana").organisation
    other = PracticeFactory(organisation__name="Sistema Bibliotecario Lecchese").organisation

    page = client.get(reverse("practices:practice-list"), {"organisation": chosen.slug}).text

    assert f'<option value="{chosen.slug}" selected>Rete Bibliotecaria Bresciana</option>' in page
    assert f'<option value="{other.slug}">Sistema Bibliotecario Lecchese</option>' in page
