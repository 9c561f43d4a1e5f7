"""The directory of organisations, an organisation's page, editing it and linking libraries.

UI strings are looked up through gettext, so the tests hold whether or not the Italian
translation of a string has landed yet.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from members.actions.organisations import link_library, unlink_library
from members.models import Membership, Organisation, OrganisationKind, Province, Region, Role
from portal.lib.samples import png_bytes
from tests.factories import (
    LibraryLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    RoleFactory,
    UserFactory,
)
from tests.pages import assert_refused, browsers

pytestmark = pytest.mark.django_db

# A real picture: a logo is decoded to make its thumbnail.
PNG = png_bytes()


def _t(msgid):
    """A UI string as the page shows it: in the active language, HTML-escaped."""
    return escape(gettext(msgid))


def _html(response):
    return response.content.decode()


def _names(response):
    """The organisations the directory shows, in order: the titles of its cards."""
    return re.findall(r'<h3 class="card-title[^"]*"><a href="[^"]+">([^<]+)</a>', _html(response))


def _list_url(**params):
    url = reverse("members:organisation-list")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def _place(region_code, province_code):
    return {
        "region": Region.objects.get(istat_code=region_code),
        "province": Province.objects.get(istat_code=province_code),
    }


def _library(**kwargs):
    return OrganisationFactory(kind=OrganisationKind.LIBRARY, **kwargs)


def _badges(response):
    return re.findall(r'<span class="badge [^"]*">([^<]+)</span>', _html(response))


def _logged_in(client, person):
    if person is not None:
        client.force_login(person)
    return client


# The directory ------------------------------------------------------------------------------


def test_directory_lists_approved_organisations_with_kind_place_and_count(visitor):
    OrganisationFactory(name="Sistema bibliotecario Nord-Ovest", municipality="Monza")
    _library(name="Biblioteca civica di Lecco", municipality="Lecco")

    response = visitor.get(_list_url())

    assert response.status_code == 200
    html = _html(response)
    assert _names(response) == ["Biblioteca civica di Lecco", "Sistema bibliotecario Nord-Ovest"]
    assert "Monza (Milano)" in html
    assert _t("Library system") in html
    assert _t("Library") in html
    assert re.search(r'role="status"[^>]*>\s*2 ', html)


def test_pending_and_rejected_organisations_are_absent_from_the_directory(client, staff):
    OrganisationFactory(name="Sistema in attesa", status=Organisation.Status.PENDING)
    OrganisationFactory(name="Sistema respinto", status=Organisation.Status.REJECTED)
    OrganisationFactory(name="Sistema approvato")

    assert _names(client.get(_list_url())) == ["Sistema approvato"]
    client.force_login(staff)
    assert _names(client.get(_list_url())) == ["Sistema approvato"]


def test_directory_filters_by_kind(visitor):
    OrganisationFactory(name="Sistema Alfa")
    _library(name="Biblioteca Beta")
    OrganisationFactory(name="Museo Gamma", kind=OrganisationKind.MUSEUM)

    assert _names(visitor.get(_list_url(kind="library"))) == ["Biblioteca Beta"]
    assert _names(visitor.get(_list_url(kind="museum"))) == ["Museo Gamma"]


def test_directory_filters_by_region(visitor):
    OrganisationFactory(name="Sistema lombardo")
    OrganisationFactory(name="Sistema toscano", **_place("09", "048"))

    assert _names(visitor.get(_list_url(region="09"))) == ["Sistema toscano"]


def test_directory_filters_by_macro_area(visitor):
    OrganisationFactory(name="Sistema lombardo")
    OrganisationFactory(name="Sistema veneto", **_place("05", "027"))
    OrganisationFactory(name="Sistema toscano", **_place("09", "048"))

    assert _names(visitor.get(_list_url(macro_area="nord-est"))) == ["Sistema veneto"]
    assert _names(visitor.get(_list_url(macro_area="centro"))) == ["Sistema toscano"]


def test_mezzogiorno_filter_shows_the_south_and_the_islands(visitor):
    OrganisationFactory(name="Sistema lombardo")
    OrganisationFactory(name="Sistema toscano", **_place("09", "048"))
    OrganisationFactory(name="Sistema campano", **_place("15", "063"))
    OrganisationFactory(name="Sistema siciliano", **_place("19", "082"))

    response = visitor.get(_list_url(mezzogiorno="on"))

    assert _names(response) == ["Sistema campano", "Sistema siciliano"]
    assert re.search(
        r'<input type="checkbox" name="mezzogiorno" id="id_mezzogiorno" checked', _html(response)
    )


def test_directory_filters_by_membership_today(visitor):
    MembershipFactory(organisation__name="Sistema ufficiale")
    MembershipFactory(package=True, organisation__name="Sistema con pacchetto")
    last_year = timezone.localdate().year - 1
    MembershipFactory(
        organisation__name="Sistema scaduto",
        status=Membership.Status.EXPIRED,
        starts_on=datetime.date(last_year, 1, 1),
        ends_on=datetime.date(last_year, 12, 31),
    )
    OrganisationFactory(name="Sistema senza adesione")

    assert _names(visitor.get(_list_url(tier="official"))) == ["Sistema ufficiale"]
    assert _names(visitor.get(_list_url(tier="package"))) == ["Sistema con pacchetto"]


def test_directory_cards_show_the_tier_today_and_the_registry(visitor):
    MembershipFactory(organisation__name="Sistema ufficiale")
    MembershipFactory(package=True, organisation__name="Sistema con pacchetto")
    _library(name="Biblioteca del registro", in_registry=True)

    response = visitor.get(_list_url())

    assert sorted(_badges(response)) == sorted([_t("Official member"), _t("Service package")])
    assert _t("From the national registry") in _html(response)


def test_search_by_name_ignores_accents_and_case(visitor):
    _library(name="Biblioteca della Città di Castello")
    _library(name="Biblioteca Niccolò Tommaseo")
    _library(name="Biblioteca civica di Lodi")

    assert _names(visitor.get(_list_url(q="citta"))) == ["Biblioteca della Città di Castello"]
    assert _names(visitor.get(_list_url(q="NICCOLO"))) == ["Biblioteca Niccolò Tommaseo"]


def test_search_by_name_forgives_a_typo(visitor):
    OrganisationFactory(name="Sistema bibliotecario Vimercatese")
    OrganisationFactory(name="Sistema bibliotecario Valdelsa")

    assert _names(visitor.get(_list_url(q="Vimercatse"))) == ["Sistema bibliotecario Vimercatese"]


def test_search_by_name_finds_every_word_in_any_order(visitor):
    _library(name="Biblioteca civica di Monza")
    _library(name="Biblioteca civica di Lodi")
    _library(name="Biblioteca dei ragazzi di Monza")

    assert _names(visitor.get(_list_url(q="monza civica"))) == ["Biblioteca civica di Monza"]


def test_search_by_name_narrows_by_a_short_number_and_skips_short_words(visitor):
    _library(name="Biblioteca scolastica 12 di Monza")
    _library(name="Biblioteca scolastica 7 di Monza")

    assert _names(visitor.get(_list_url(q="scolastica 7"))) == ["Biblioteca scolastica 7 di Monza"]
    assert len(_names(visitor.get(_list_url(q="scolastica la monza")))) == 2


def test_filters_combine_and_the_form_keeps_them(visitor):
    _library(name="Biblioteca di Firenze", **_place("09", "048"))
    OrganisationFactory(name="Sistema fiorentino", **_place("09", "048"))
    _library(name="Biblioteca di Milano")

    response = visitor.get(_list_url(kind="library", region="09", q="firenze"))

    assert _names(response) == ["Biblioteca di Firenze"]
    html = _html(response)
    assert 'value="firenze"' in html
    assert '<option value="09" selected>' in html
    assert '<option value="library" selected>' in html


def test_pagination_shows_twenty_per_page_and_links_keep_the_filters(visitor):
    for number in range(30):
        _library(name=f"Biblioteca {number:02d}")
    OrganisationFactory(name="Sistema che non è una biblioteca")

    first = visitor.get(_list_url(kind="library"))
    second = visitor.get(_list_url(kind="library", page=2))

    assert _names(first) == [f"Biblioteca {number:02d}" for number in range(20)]
    assert _names(second) == [f"Biblioteca {number:02d}" for number in range(20, 30)]
    assert 'href="?kind=library&amp;page=2"' in _html(first)
    assert 'href="?kind=library&amp;page=1"' in _html(second)
    assert 'aria-current="page"' in _html(second)


def test_directory_says_when_nothing_matches_and_offers_to_clear_the_filters(visitor):
    OrganisationFactory(name="Sistema lombardo")

    response = visitor.get(_list_url(q="inesistente", region="19"))

    assert _names(response) == []
    html = _html(response)
    assert _t("No organisation matches") in html
    assert f'href="{reverse("members:organisation-list")}"' in html


def test_directory_lists_a_systems_libraries_from_its_page_link(visitor):
    system = OrganisationFactory(name="Sistema Alfa")
    member = _library(name="Biblioteca di Alfa")
    LibraryLinkFactory(library=member, system=system)
    _library(name="Biblioteca di Beta")

    response = visitor.get(_list_url(system=system.slug))

    assert _names(response) == ["Biblioteca di Alfa"]
    assert "Sistema Alfa" in _html(response)


def test_directory_runs_the_same_queries_whatever_the_number_of_rows(
    client, base_user, django_assert_num_queries
):
    for number in range(30):
        organisation = _library(name=f"Biblioteca {number:02d}", in_registry=True)
        if number % 3 == 0:
            MembershipFactory(organisation=organisation, package=number % 2 == 0)
        RoleFactory(organisation=organisation)
    client.force_login(base_user)

    # Session, user, count, page (the filter's regions come with the cached fragment); the
    # next page reuses the count, and the session and the person are kept.
    with django_assert_num_queries(4):
        first = client.get(_list_url(kind="library"))
    with django_assert_num_queries(2):
        second = client.get(_list_url(kind="library", page=2))
    assert len(_names(first)) == 20
    assert len(_names(second)) == 10


def test_filtered_directory_runs_three_queries_for_a_visitor(visitor, django_assert_num_queries):
    for number in range(25):
        MembershipFactory(organisation__name=f"Sistema {number:02d}")

    # Count, page, regions of the filter: no session for a visitor.
    with django_assert_num_queries(3):
        visitor.get(_list_url(q="sistema", macro_area="nord-ovest", tier="official"))


# An organisation's page ---------------------------------------------------------------------


def test_organisation_page_shows_its_profile(visitor):
    organisation = OrganisationFactory(
        name="Sistema bibliotecario Brianza",
        address="Via Roma 1",
        postal_code="20900",
        municipality="Monza",
        isil_code="IT-MB0001",
        website="https://brianza.example",
        email="info@brianza.example",
        pec="brianza@pec.example",
        phone="039 123456",
        fiscal_code="00743110157",
        ipa_code="sbb_mb",
    )

    html = _html(visitor.get(organisation.get_absolute_url()))

    assert "<h1>Sistema bibliotecario Brianza</h1>" in html
    for text in [
        "Via Roma 1",
        "20900 Monza (Milano)",
        "Lombardia",
        "IT-MB0001",
        'href="https://brianza.example"',
        'href="mailto:info@brianza.example"',
        'href="mailto:brianza@pec.example"',
        "039 123456",
        "00743110157",
        "sbb_mb",
    ]:
        assert text in html, text


def test_organisation_description_is_markdown_without_scripts(visitor):
    organisation = OrganisationFactory(
        description="**Dodici** biblioteche.\n\n<script>alert(1)</script>"
    )

    html = _html(visitor.get(organisation.get_absolute_url()))

    assert "<strong>Dodici</strong> biblioteche." in html
    assert "alert(1)" not in html


def test_official_member_page_shows_its_tier_and_the_working_time_pledged(visitor):
    membership = MembershipFactory(pledged_hours_per_month=12)

    response = visitor.get(membership.organisation.get_absolute_url())

    assert _badges(response) == [_t("Official member")]
    html = _html(response)
    assert "12" in re.search(r'id="membership-title".*?</section>', html, re.DOTALL).group(0)


def test_package_holder_page_shows_the_package_badge(visitor):
    membership = MembershipFactory(package=True)

    response = visitor.get(membership.organisation.get_absolute_url())

    assert _badges(response) == [_t("Service package")]


def test_expired_membership_gives_no_badge(visitor):
    last_year = timezone.localdate().year - 1
    membership = MembershipFactory(
        status=Membership.Status.EXPIRED,
        starts_on=datetime.date(last_year, 1, 1),
        ends_on=datetime.date(last_year, 12, 31),
    )

    response = visitor.get(membership.organisation.get_absolute_url())

    assert _badges(response) == []


def test_system_page_lists_its_libraries_and_counts_them(visitor):
    system = OrganisationFactory(name="Sistema Alfa")
    for number in range(52):
        LibraryLinkFactory(library=_library(name=f"Biblioteca {number:02d}"), system=system)
    _library(name="Biblioteca di un altro sistema")

    html = _html(visitor.get(system.get_absolute_url()))

    assert "Biblioteca 00" in html
    assert "Biblioteca 49" in html
    assert "Biblioteca 50" not in html
    assert "Biblioteca di un altro sistema" not in html
    assert "52" in html
    assert f"?system={system.slug}" in html


def test_library_page_lists_the_systems_it_belongs_to(visitor):
    system = OrganisationFactory(name="Sistema Alfa")
    library = _library(name="Biblioteca di Alfa")
    LibraryLinkFactory(library=library, system=system)

    html = _html(visitor.get(library.get_absolute_url()))

    assert f'<a href="{system.get_absolute_url()}">Sistema Alfa</a>' in html


def test_referent_sees_the_links_to_manage_the_organisation(client, official_referent):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    html = _html(client.get(organisation.get_absolute_url()))

    for name in [
        "organisation-edit",
        "organisation-libraries",
        "organisation-people",
        "membership-apply",
        "membership-list",
    ]:
        assert reverse(f"members:{name}", args=[organisation.slug]) in html, name
    assert reverse("members:role-request", args=[organisation.slug]) not in html


def test_library_referent_gets_no_link_to_link_libraries(client):
    role = RoleFactory(organisation=_library())
    client.force_login(role.user)

    html = _html(client.get(role.organisation.get_absolute_url()))

    assert reverse("members:organisation-edit", args=[role.organisation.slug]) in html
    assert reverse("members:organisation-libraries", args=[role.organisation.slug]) not in html


def test_registered_person_without_a_role_is_offered_to_ask_to_join(client, base_user):
    organisation = OrganisationFactory()
    client.force_login(base_user)

    html = _html(client.get(organisation.get_absolute_url()))

    assert reverse("members:role-request", args=[organisation.slug]) in html
    assert reverse("members:organisation-edit", args=[organisation.slug]) not in html


def test_person_who_asked_to_join_sees_the_request_is_pending(client, base_user):
    role = RoleFactory(user=base_user, status=Role.Status.PENDING, kind=Role.Kind.COLLABORATOR)
    client.force_login(base_user)

    html = _html(client.get(role.organisation.get_absolute_url()))

    assert reverse("members:role-request", args=[role.organisation.slug]) not in html
    assert reverse("members:organisation-edit", args=[role.organisation.slug]) not in html


def test_visitor_is_asked_to_log_in_before_joining(visitor):
    organisation = OrganisationFactory()

    html = _html(visitor.get(organisation.get_absolute_url()))

    assert reverse("account_login") + "?next=" in html
    assert reverse("members:organisation-edit", args=[organisation.slug]) not in html


def test_pending_organisation_page_is_for_its_registrant_and_staff(client, base_user, staff):
    registrant = UserFactory()
    role = RoleFactory(
        user=registrant,
        status=Role.Status.PENDING,
        organisation__status=Organisation.Status.PENDING,
        organisation__name="Sistema appena registrato",
    )
    url = role.organisation.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(base_user)
    assert client.get(url).status_code == 404
    client.force_login(registrant)
    response = client.get(url)
    assert response.status_code == 200
    assert "Sistema appena registrato" in _html(response)
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_the_kept_page_of_a_system_shows_a_pending_library_to_whoever_asked_for_it_alone():
    system = OrganisationFactory(name="Sistema Alfa")
    role = RoleFactory(
        status=Role.Status.PENDING,
        organisation__status=Organisation.Status.PENDING,
        organisation__kind=OrganisationKind.LIBRARY,
        organisation__name="Biblioteca in attesa",
    )
    LibraryLinkFactory(library=role.organisation, system=system)
    asker, other = browsers(role.user, UserFactory())

    assert "Biblioteca in attesa" in _html(asker.get(system.get_absolute_url()))
    assert "Biblioteca in attesa" not in _html(other.get(system.get_absolute_url()))


def test_the_kept_page_offers_to_share_a_document_to_the_organisations_referents_alone(
    official_referent,
):
    organisation = official_referent.roles.get().organisation
    share = reverse("documents:document-create")
    # The referent of another organisation comes second.
    referent, other = browsers(official_referent, RoleFactory().user)

    assert share in _html(referent.get(organisation.get_absolute_url()))
    assert share not in _html(other.get(organisation.get_absolute_url()))


def test_the_kept_page_of_a_pending_organisation_offers_sharing_to_its_referent_alone():
    referent = RoleFactory(organisation__status=Organisation.Status.PENDING)
    organisation = referent.organisation
    asker = RoleFactory(organisation=organisation, status=Role.Status.PENDING).user
    share = reverse("documents:document-create")
    # The asker sees the same unlisted organisation, and manages nothing.
    referent_browser, asker_browser = browsers(referent.user, asker)

    assert share in _html(referent_browser.get(organisation.get_absolute_url()))
    assert share not in _html(asker_browser.get(organisation.get_absolute_url()))


def test_organisation_page_runs_the_same_queries_whatever_the_number_of_libraries(
    client, official_referent, django_assert_num_queries
):
    system = official_referent.roles.get().organisation
    for number in range(60):
        LibraryLinkFactory(library=_library(name=f"Biblioteca {number:02d}"), system=system)
    small = OrganisationFactory()
    for number in range(2):
        LibraryLinkFactory(library=_library(name=f"Biblioteca piccola {number}"), system=small)
    client.force_login(official_referent)

    # Session, user, can_edit (the person's roles), the unlisted organisations they asked to
    # join, organisation, the person's tier and role there; then, for the kept profile, its tier
    # and hours, libraries counted and listed, its practices, its documents, the experts it
    # offers, its events, and for an official member its practices, documents and reviews of
    # the last twelve months. The session, the person and their roles are then kept.
    with django_assert_num_queries(16):
        client.get(system.get_absolute_url())
    with django_assert_num_queries(9):
        client.get(small.get_absolute_url())
    # Again: the organisation and the person's role there; the profile is kept.
    with django_assert_num_queries(2):
        client.get(system.get_absolute_url())


def test_library_page_runs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    library = _library()
    for number in range(5):
        LibraryLinkFactory(library=library, system=OrganisationFactory(name=f"Sistema {number}"))

    # Organisation, can_edit (no query for a visitor); for its kept profile, its tier and hours,
    # systems, its practices, its documents, the experts it offers, its events.
    with django_assert_num_queries(7):
        visitor.get(library.get_absolute_url())


# Editing the profile ------------------------------------------------------------------------


def _edit_url(organisation):
    return reverse("members:organisation-edit", args=[organisation.slug])


def _profile_data(organisation, **changes):
    data = {
        name: getattr(organisation, name) for name in Organisation.EDITABLE_FIELDS if name != "logo"
    }
    return {**data, **changes}


def test_referent_edits_the_profile_and_is_taken_back_to_the_page(client, official_referent):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    response = client.post(
        _edit_url(organisation),
        _profile_data(organisation, description="Dodici biblioteche.", phone="039 1"),
        follow=True,
    )

    assert response.redirect_chain == [(organisation.get_absolute_url(), 302)]
    html = _html(response)
    assert _t("The organisation's profile has been saved.") in html
    assert "Dodici biblioteche." in html
    organisation.refresh_from_db()
    assert organisation.phone == "039 1"


def test_editing_remembers_the_registry_fields_that_were_changed(client, official_referent):
    organisation = official_referent.roles.get().organisation
    organisation.edited_fields = ["email"]
    organisation.save()
    client.force_login(official_referent)

    client.post(
        _edit_url(organisation),
        _profile_data(
            organisation,
            name="Sistema bibliotecario del Vimercatese",
            municipality="Vimercate",
            description="Non è un campo del registro.",
        ),
    )

    organisation.refresh_from_db()
    assert organisation.name == "Sistema bibliotecario del Vimercatese"
    assert organisation.edited_fields == ["email", "municipality", "name"]


def test_bad_codice_fiscale_is_refused_next_to_the_field_and_the_input_kept(
    client, official_referent
):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    response = client.post(
        _edit_url(organisation),
        _profile_data(organisation, fiscal_code="12345678901", address="Via Nuova 2"),
    )

    assert response.status_code == 200
    html = _html(response)
    assert 'id="id_fiscal_code-error"' in html
    assert 'value="12345678901"' in html
    assert 'value="Via Nuova 2"' in html
    organisation.refresh_from_db()
    assert organisation.fiscal_code == ""
    assert organisation.address == ""


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("007 431 101 57", "00743110157"), ("rccmnl83s18d969h", "RCCMNL83S18D969H")],
)
def test_codice_fiscale_is_saved_in_its_compact_form(client, official_referent, typed, saved):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    client.post(_edit_url(organisation), _profile_data(organisation, fiscal_code=typed))

    organisation.refresh_from_db()
    assert organisation.fiscal_code == saved


def test_postal_code_must_be_five_digits(client, official_referent):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    response = client.post(_edit_url(organisation), _profile_data(organisation, postal_code="2087"))

    assert 'id="id_postal_code-error"' in _html(response)
    assert 'value="2087"' in _html(response)


def test_emptied_name_is_refused_and_the_page_keeps_the_saved_name(client, official_referent):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    response = client.post(_edit_url(organisation), _profile_data(organisation, name=""))

    html = _html(response)
    assert 'id="id_name-error"' in html
    assert f'<p class="lead">{organisation.name}</p>' in html


def test_referent_uploads_a_logo_and_a_file_that_is_not_an_image_is_refused(
    client, official_referent
):
    organisation = official_referent.roles.get().organisation
    client.force_login(official_referent)

    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(_edit_url(organisation), {**_profile_data(organisation), "logo": fake})
    assert 'id="id_logo-error"' in _html(response)

    real = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    client.post(_edit_url(organisation), {**_profile_data(organisation), "logo": real})
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".png")

    client.post(_edit_url(organisation), {**_profile_data(organisation), "remove_logo": "on"})
    organisation.refresh_from_db()
    assert not organisation.logo


def test_other_referent_sees_the_organisation_but_may_not_edit_it(client, other_referent):
    organisation = OrganisationFactory()
    client.force_login(other_referent)

    assert_refused(client.get(_edit_url(organisation)), f"Solo i referenti di {organisation.name}")
    response = client.post(_edit_url(organisation), _profile_data(organisation, name="Preso"))
    assert_refused(response, reverse("members:role-request", args=[organisation.slug]))
    organisation.refresh_from_db()
    assert organisation.name != "Preso"


def test_visitor_is_sent_to_log_in_before_editing(visitor):
    organisation = OrganisationFactory()

    response = visitor.get(_edit_url(organisation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# Linking libraries to a system --------------------------------------------------------------


def _libraries_url(system, **params):
    url = reverse("members:organisation-libraries", args=[system.slug])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def _remove_url(system):
    return reverse("members:organisation-library-remove", args=[system.slug])


def test_referent_links_a_library_by_its_isil_code(client, official_referent):
    system = official_referent.roles.get().organisation
    library = _library(name="Biblioteca di Arcore", isil_code="IT-MB0042")
    client.force_login(official_referent)

    response = client.post(_libraries_url(system), {"isil": " it-mb0042 "}, follow=True)

    assert response.redirect_chain == [(_libraries_url(system), 302)]
    assert list(system.member_libraries.all()) == [library]
    assert "Biblioteca di Arcore" in _html(response)


def test_unknown_isil_code_is_refused_next_to_the_field(client, official_referent):
    system = official_referent.roles.get().organisation
    client.force_login(official_referent)

    response = client.post(_libraries_url(system), {"isil": "IT-XX9999"})

    html = _html(response)
    assert 'id="id_isil-error"' in html
    assert "IT-XX9999" in html
    assert not system.member_libraries.exists()


def test_linking_an_organisation_that_is_not_a_library_is_refused(client, official_referent):
    system = official_referent.roles.get().organisation
    OrganisationFactory(name="Museo civico", kind=OrganisationKind.MUSEUM, isil_code="IT-MB0099")
    client.force_login(official_referent)

    response = client.post(_libraries_url(system), {"isil": "IT-MB0099"})

    html = _html(response)
    assert 'id="id_isil-error"' in html
    assert "Museo civico" in html
    assert not system.member_libraries.exists()


def test_referent_finds_a_library_by_name_and_adds_it(client, official_referent):
    system = official_referent.roles.get().organisation
    library = _library(name="Biblioteca civica di Agrate Brianza")
    _library(name="Biblioteca civica di Lodi")
    OrganisationFactory(name="Sistema di Agrate")
    client.force_login(official_referent)

    results = client.get(_libraries_url(system, q="agrate"))

    html = _html(results)
    assert "Biblioteca civica di Agrate Brianza" in html
    assert "Sistema di Agrate" not in html
    assert "Lodi" not in html
    assert f'name="library" value="{library.pk}"' in html

    response = client.post(_libraries_url(system), {"library": library.pk, "q": "agrate"})
    assert response.url == _libraries_url(system, q="agrate")
    assert list(system.member_libraries.all()) == [library]
    no_more = gettext("No library that is not linked yet matches “%(query)s”.")
    assert no_more % {"query": "agrate"} in _html(client.get(response.url))


def test_adding_a_library_the_person_cannot_see_is_refused(client, official_referent):
    system = official_referent.roles.get().organisation
    hidden = _library(status=Organisation.Status.PENDING)
    client.force_login(official_referent)

    response = client.post(_libraries_url(system), {"library": hidden.pk})

    assert response.status_code == 200
    invalid = _t("Select a valid choice. That choice is not one of the available choices.")
    assert invalid in _html(response)
    assert not system.member_libraries.exists()


def test_referent_removes_a_library(client, official_referent):
    system = official_referent.roles.get().organisation
    library = _library(name="Biblioteca di Arcore")
    LibraryLinkFactory(library=library, system=system)
    client.force_login(official_referent)

    response = client.post(_remove_url(system), {"library": library.pk}, follow=True)

    assert response.redirect_chain == [(_libraries_url(system), 302)]
    assert not system.member_libraries.exists()
    assert _t("No library has been linked to this system yet.") in _html(response)


def test_removing_a_library_of_another_system_changes_nothing(client, official_referent):
    system = official_referent.roles.get().organisation
    other = OrganisationFactory()
    library = _library()
    LibraryLinkFactory(library=library, system=other)
    client.force_login(official_referent)

    client.post(_remove_url(system), {"library": library.pk})

    assert list(library.systems.all()) == [other]


def test_a_library_has_no_page_to_link_libraries(client):
    role = RoleFactory(organisation=_library())
    client.force_login(role.user)

    assert client.get(_libraries_url(role.organisation)).status_code == 404


def test_link_library_refuses_what_is_not_a_system_or_not_a_library(staff, refused):
    system = OrganisationFactory()
    library = _library()
    museum = OrganisationFactory(kind=OrganisationKind.MUSEUM)

    with refused("not_a_system"):
        link_library(system=library, library=library, by=staff)
    with refused("not_a_library"):
        link_library(system=system, library=museum, by=staff)
    with refused("not_a_system"):
        unlink_library(system=library, library=library, by=staff)
    assert link_library(system=system, library=library, by=staff)[1] is True
    assert link_library(system=system, library=library, by=staff)[1] is False


def test_libraries_page_runs_a_fixed_number_of_queries(
    client, official_referent, django_assert_num_queries
):
    system = official_referent.roles.get().organisation
    for number in range(30):
        LibraryLinkFactory(library=_library(name=f"Biblioteca {number:02d}"), system=system)
        _library(name=f"Biblioteca libera {number:02d}")
    client.force_login(official_referent)

    # Session, user, system, can_edit (the person's roles), links counted by status, counted
    # and listed, results counted and listed.
    with django_assert_num_queries(8):
        client.get(_libraries_url(system, q="libera"))


# Who reaches which page ---------------------------------------------------------------------


@pytest.fixture
def person(request):
    """The named person of a parametrised test, or None for the visitor."""
    name = request.param
    return None if name == "visitor" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("url_name", "person", "status"),
    [
        ("organisation-list", "visitor", 200),
        ("organisation-list", "base_user", 200),
        ("organisation-detail", "visitor", 200),
        ("organisation-detail", "base_user", 200),
        ("organisation-detail", "other_referent", 200),
        ("organisation-detail", "official_referent", 200),
        ("organisation-edit", "visitor", 302),
        ("organisation-edit", "base_user", 403),
        ("organisation-edit", "other_referent", 403),
        ("organisation-edit", "package_referent", 403),
        ("organisation-edit", "official_referent", 200),
        ("organisation-edit", "staff", 200),
        ("organisation-libraries", "visitor", 302),
        ("organisation-libraries", "base_user", 403),
        ("organisation-libraries", "other_referent", 403),
        ("organisation-libraries", "official_referent", 200),
        ("organisation-libraries", "staff", 200),
    ],
    indirect=["person"],
)
def test_who_reaches_the_pages_of_an_approved_system(
    client, official_referent, url_name, person, status
):
    system = official_referent.roles.get().organisation
    args = [] if url_name == "organisation-list" else [system.slug]

    response = _logged_in(client, person).get(reverse(f"members:{url_name}", args=args))

    assert response.status_code == status
    if status == 403:
        assert_refused(response, reverse("members:role-request", args=[system.slug]))


@pytest.mark.parametrize(
    ("url_name", "person", "status"),
    [
        ("organisation-detail", "visitor", 404),
        ("organisation-detail", "base_user", 404),
        ("organisation-detail", "other_referent", 404),
        ("organisation-detail", "registrant", 200),
        ("organisation-detail", "staff", 200),
        ("organisation-edit", "visitor", 302),
        ("organisation-edit", "other_referent", 404),
        ("organisation-edit", "registrant", 403),
        ("organisation-edit", "staff", 200),
        ("organisation-libraries", "other_referent", 404),
        ("organisation-libraries", "registrant", 403),
        ("organisation-libraries", "staff", 200),
    ],
    indirect=["person"],
)
def test_who_reaches_the_pages_of_a_pending_system(client, registrant, url_name, person, status):
    system = registrant.roles.get().organisation

    response = _logged_in(client, person).get(reverse(f"members:{url_name}", args=[system.slug]))

    assert response.status_code == status
    if status == 403:
        assert_refused(response, f"Solo i referenti di {system.name}")


@pytest.fixture
def registrant(db):
    """The person who registered a library system that staff have not approved yet."""
    return RoleFactory(
        status=Role.Status.PENDING, organisation__status=Organisation.Status.PENDING
    ).user


def test_a_page_number_past_the_end_shows_the_last_page(visitor):
    OrganisationFactory.create_batch(21)
    response = visitor.get(reverse("members:organisation-list"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert visitor.get(reverse("members:organisation-list"), {"page": "abc"}).status_code == 200


def test_an_organisation_called_nuova_has_a_page_of_its_own(visitor):
    OrganisationFactory(name="Nuova", slug="nuova")
    response = visitor.get("/organizzazioni/nuova/")
    assert response.status_code == 200
    assert "Nuova" in response.content.decode()
