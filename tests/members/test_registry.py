"""Importing libraries from the Anagrafe delle biblioteche italiane: real rows, real files."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper
from django.urls import include, path, reverse
from django.utils.html import escape

from members.models import Organisation, OrganisationKind
from members.registry import (
    DEMO_REGISTRY,
    REFUSALS,
    RegistryFormatError,
    import_registry,
)
from members.registry_admin import registry_import_urls
from portal import urls as portal_urls
from portal.lib.progress import ProgressBar
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# The admin tests use the portal's URLs plus the upload page in the admin namespace, as
# OrganisationAdmin.get_urls() will add it.
urlpatterns = [
    path(
        "admin/",
        (
            [
                path(
                    "members/organisation/",
                    include(registry_import_urls(ModelAdmin(Organisation, admin.site))),
                ),
                *admin.site.get_urls(),
            ],
            "admin",
            "admin",
        ),
    ),
    *portal_urls.urlpatterns,
]
handler403 = portal_urls.handler403

HEADER = (
    "codice-isil;codice-sbn;denominazione;indirizzo;frazione;cap;comune;codice istat comune;"
    "provincia;regione;codice istat provincia;latitudine;longitudine;telefono;fax;email;url"
)

# Rows of the real registry file, unchanged.
LA_ROCCA = (
    "IT-AG0007;AGR01;Biblioteca Comunale Franco La Rocca;piazzale Aldo Moro, 3;;92100;Agrigento;"
    "084001;Agrigento;SICILIA;084;37,3095818;13,586151;0922595166;+39 0922401246;"
    "biblioteca.larocca@comune.agrigento.it;http://www.opacagrigento.it/biblioteche/bi_1.html"
)
GIARDINA_GALLOTTI = (
    "IT-AG0008;;Biblioteca comunale Santo Spirito. Sezione esterna di Giardina Gallotti;"
    "via BELVEDERE 127;Giardina Gallotti;92010;Agrigento;084001;Agrigento;SICILIA;084;"
    "37,4050904;13,5291051;0922410117;;;"
)
# A quoted URL with HTML entities, whose semicolons a split on ";" would cut.
VALENZA = (
    "IT-AL0104;TO0A1;Biblioteca civica;piazza XXXI Martiri 1;;15048;Valenza;006177;Alessandria;"
    "PIEMONTE;006;45,012268;8,6441846;0131949286;+39 0131946082;biblioteca@comune.valenza.al.it;"
    '"http://www.comune.valenza.al.it/italian/biblioteca_civica.php?iExpand1=4&amp;idnews="'
)
# A quoted e-mail with a trailing semicolon.
PESCASSEROLI = (
    "IT-AQ0210;ABRPA;Biblioteca del Parco Nazionale d'Abruzzo, Lazio e Molise;Via Rovereto 4;;"
    "67032;Pescasseroli;066068;L'Aquila;ABRUZZO;066;41,807939;13,787503000000015;"
    '+39 08639113263;+39 0863912132;"biblioteca@parcoabruzzo.it;";'
    "http://www.parcoabruzzo.it/pagina.php?id=556"
)
# Two e-mail addresses in one quoted field.
AREZZO_SEMINARY = (
    "IT-AR0011;PBEB4;Biblioteca diocesana del Seminario vescovile di Arezzo;"
    "Piazza di Murello, 2;;52100;Arezzo;051002;Arezzo;TOSCANA;051;43,4669649;11,8809695;"
    '+39 0575 22814;+39 0575 408784;"biblioteca@seminarioarezzo.it; rettore@seminarioarezzo.it";'
    "http://www.seminarioarezzo.it"
)
# No coordinates.
SENIGALLIA = (
    "IT-AN0303;URBFO;Biblioteca speciale e Centro di documentazione della Fondazione A.R.C.A. - "
    "Autismo Relazioni Cultura e Arte;Via Maierini 34;;60019;Senigallia;042045;Ancona;MARCHE;"
    "042;;;+39 0717931107;;bibliotecaspeciale@fondazionearca.org;"
    "http://www.fondazionearca.org/wp/biblioteca-2/"
)
# An e-mail address that is not one.
SCURCOLA = (
    "IT-AQ0107;;Biblioteca comunale;via Cavalieri di Vittorio Veneto, 5;;67068;"
    "Scurcola Marsicana;066096;L'Aquila;ABRUZZO;066;42,063402;13,34242;+390863562347;;"
    "servizisocialism.@comune.scurcolamarsicana.aq.it;"
)
# A website without its scheme.
SAN_BIAGIO = (
    "IT-AG0036;;Biblioteca comunale;corso Umberto I 54;;92020;San Biagio Platani;084035;"
    "Agrigento;SICILIA;084;37,5093493;13,526349;0922918904;;ufficio.segreteria706@virgilio.it;"
    "www.comunesanbiagioplatani.it"
)
# A website that stays invalid, and an e-mail address with a space in it.
SAN_TOMMASO = (
    "IT-TO0071;TO0D8;Biblioteca provinciale di filosofia San Tommaso d'Aquino;"
    "Via Rosario di Santa Fé 7;;10134;Torino;001272;Torino;PIEMONTE;001;45,0351306;7,6502771;"
    "+39 011.3133162;+39 011.3133163;TO0071@biblioteche.reteunitaria. piemonte.it;"
    "http://http://www.domenicani.it/studio/biblioteca-filosofia-s-tommaso-daquino"
)
# IT-MI codes outside the province of Milano: Lodi, and Monza e della Brianza (at "0,0").
LODI_VETERINARY = (
    "IT-MI0272;USMG0;Biblioteca di Medicina Veterinaria;Via dell'Università 6;;26900;Lodi;"
    "098031;Lodi;LOMBARDIA;098;45,3056158;9,472225600000002;+39 0250334287;+39 025034288;"
    "angela.moccia@unimi.it;http://www.vetesc.unimi.it/biblioteca/biblioMV.htm"
)
CARNATE = (
    "IT-MI0041;;Biblioteca comunale;via Magni 4;;20040;Carnate;108016;Monza e della Brianza;"
    "LOMBARDIA;108;0;0;39672405;+39 039670035;bibcarnate@sbv.mi.it;"
)
# An IT-RM code in the province of Viterbo.
VITERBO = (
    "IT-RM0064;RL1Q9;Biblioteca del Centro di ricerche per la storia dell'alto Lazio;"
    "Piazza San Lorenzo, 6a;;00067;Viterbo;056059;Viterbo;LAZIO;056;42,4156086;12,1012492;"
    "+39 0761325584;;centroricerchealtolazio@gmail.com;http://www.centroricerchealtolazio.it/"
)
PIRRO_MARCONI = (
    "IT-AG0001;AGR27;Biblioteca della Soprintendenza per i beni culturali e ambientali Pirro "
    "Marconi;Contrada S. Nicola;;92100;Agrigento;084001;Agrigento;SICILIA;084;37,3361677;"
    "13,5880717;+39 0922595830;;;"
)

GOOD_ROWS = [
    LA_ROCCA,
    GIARDINA_GALLOTTI,
    VALENZA,
    PESCASSEROLI,
    AREZZO_SEMINARY,
    SENIGALLIA,
    SCURCOLA,
    SAN_BIAGIO,
    SAN_TOMMASO,
    LODI_VETERINARY,
    CARNATE,
    VITERBO,
]


def write_registry(tmp_path, rows, name="abi.csv"):
    file = tmp_path / name
    file.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return file


def run_import(file, **kwargs):
    with file.open(encoding="utf-8", newline="") as lines:
        return import_registry(lines, **kwargs)


def library(isil):
    return Organisation.objects.get(isil_code=isil)


# Creating --------------------------------------------------------------------------------


def test_a_registry_row_becomes_an_approved_library_with_its_data(tmp_path):
    summary = run_import(write_registry(tmp_path, [LA_ROCCA]))

    assert (summary.rows, summary.created, summary.refused_count) == (1, 1, 0)
    la_rocca = library("IT-AG0007")
    assert la_rocca.name == "Biblioteca Comunale Franco La Rocca"
    assert la_rocca.slug == "biblioteca-comunale-franco-la-rocca-it-ag0007"
    assert la_rocca.kind == OrganisationKind.LIBRARY
    assert la_rocca.status == Organisation.Status.APPROVED
    assert la_rocca.in_registry
    assert not la_rocca.missing_from_registry
    assert (la_rocca.address, la_rocca.postal_code) == ("piazzale Aldo Moro, 3", "92100")
    assert (la_rocca.municipality, la_rocca.municipality_istat_code) == ("Agrigento", "084001")
    assert (la_rocca.province.name, la_rocca.region.name) == ("Agrigento", "Sicilia")
    assert la_rocca.phone == "0922595166"
    assert la_rocca.email == "biblioteca.larocca@comune.agrigento.it"
    assert la_rocca.website == "http://www.opacagrigento.it/biblioteche/bi_1.html"
    assert (la_rocca.latitude, la_rocca.longitude) == (Decimal("37.309582"), Decimal("13.586151"))
    assert la_rocca in Organisation.objects.listed()


def test_the_hamlet_is_added_to_the_address(tmp_path):
    run_import(write_registry(tmp_path, [GIARDINA_GALLOTTI]))

    assert library("IT-AG0008").address == "via BELVEDERE 127, Giardina Gallotti"


def test_semicolons_inside_quoted_fields_stay_in_their_field(tmp_path):
    summary = run_import(write_registry(tmp_path, [VALENZA, PESCASSEROLI]))

    assert (summary.created, summary.refused_count) == (2, 0)
    assert library("IT-AL0104").website == (
        "http://www.comune.valenza.al.it/italian/biblioteca_civica.php?iExpand1=4&idnews="
    )
    pescasseroli = library("IT-AQ0210")
    assert pescasseroli.email == "biblioteca@parcoabruzzo.it"
    assert pescasseroli.website == "http://www.parcoabruzzo.it/pagina.php?id=556"


def test_a_row_without_coordinates_imports_with_none(tmp_path):
    summary = run_import(write_registry(tmp_path, [SENIGALLIA]))

    senigallia = library("IT-AN0303")
    assert (senigallia.latitude, senigallia.longitude) == (None, None)
    assert summary.warnings == {}


def test_coordinates_at_zero_are_dropped_with_a_warning(tmp_path):
    summary = run_import(write_registry(tmp_path, [LA_ROCCA, CARNATE]))

    carnate = library("IT-MI0041")
    assert (carnate.latitude, carnate.longitude) == (None, None)
    assert summary.warnings == {"coordinates-invalid": [3]}


def test_an_invalid_email_is_dropped_with_a_warning_and_the_library_imports(tmp_path):
    summary = run_import(write_registry(tmp_path, [LA_ROCCA, SCURCOLA]))

    assert summary.created == 2
    assert library("IT-AQ0107").email == ""
    assert summary.warnings == {"email-invalid": [3]}


def test_the_first_of_several_email_addresses_is_kept_with_a_warning(tmp_path):
    summary = run_import(write_registry(tmp_path, [AREZZO_SEMINARY]))

    assert library("IT-AR0011").email == "biblioteca@seminarioarezzo.it"
    assert summary.warnings == {"email-several": [2]}


def test_a_website_without_scheme_gets_http(tmp_path):
    run_import(write_registry(tmp_path, [SAN_BIAGIO]))

    assert library("IT-AG0036").website == "http://www.comunesanbiagioplatani.it"


def test_an_invalid_website_is_dropped_with_a_warning(tmp_path):
    summary = run_import(write_registry(tmp_path, [SAN_TOMMASO]))

    assert library("IT-TO0071").website == ""
    assert summary.warnings["url-invalid"] == [2]


def test_the_province_comes_from_its_istat_code_not_from_the_isil_prefix(tmp_path):
    run_import(write_registry(tmp_path, [LODI_VETERINARY, CARNATE, VITERBO]))

    lodi, carnate, viterbo = library("IT-MI0272"), library("IT-MI0041"), library("IT-RM0064")
    assert (lodi.province.istat_code, lodi.province.name) == ("098", "Lodi")
    assert (carnate.province.istat_code, carnate.province.name) == ("108", "Monza e della Brianza")
    assert lodi.region.name == carnate.region.name == "Lombardia"
    assert (viterbo.province.name, viterbo.region.name) == ("Viterbo", "Lazio")


def test_rows_with_a_bad_isil_an_unknown_province_or_no_name_are_refused_with_reasons(tmp_path):
    rows = [
        LA_ROCCA,
        PIRRO_MARCONI.replace("IT-AG0001", "IT-XX12"),
        PIRRO_MARCONI.replace("IT-AG0001", ""),
        PIRRO_MARCONI.replace("IT-AG0001", "ITMI0001"),
        SENIGALLIA.replace(";042;;;", ";999;;;"),
        SAN_BIAGIO.replace(";Biblioteca comunale;", ";;"),
        LA_ROCCA.replace(";Agrigento;SICILIA;084;", ";"),
        LA_ROCCA,
    ]

    summary = run_import(write_registry(tmp_path, rows))

    assert summary.refused == {
        "isil-invalid": [3, 5],
        "isil-missing": [4],
        "province-unknown": [6],
        "name-missing": [7],
        "columns": [8],
        "isil-repeated": [9],
    }
    assert (summary.rows, summary.created) == (8, 1)
    assert list(Organisation.objects.values_list("isil_code", flat=True)) == ["IT-AG0007"]
    groups = summary.refusal_groups()
    assert groups[0] == ("isil-invalid", str(REFUSALS["isil-invalid"]), 2, [3, 5])


def test_a_lower_case_isil_is_upper_cased(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA.replace("IT-AG0007", " it-ag0007 ")]))

    assert library("IT-AG0007").slug == "biblioteca-comunale-franco-la-rocca-it-ag0007"


def test_a_slug_taken_by_another_organisation_gets_a_suffix(tmp_path):
    OrganisationFactory(slug="biblioteca-comunale-franco-la-rocca-it-ag0007")

    run_import(write_registry(tmp_path, [LA_ROCCA]))

    assert library("IT-AG0007").slug == "biblioteca-comunale-franco-la-rocca-it-ag0007-2"


def test_a_file_without_the_registry_header_is_refused_before_any_change(tmp_path):
    file = tmp_path / "suppliers.csv"
    file.write_text("name;vat number\nLibreria Rossi;01234567890\n", encoding="utf-8")

    with pytest.raises(RegistryFormatError, match="codice-isil"):
        run_import(file)
    assert not Organisation.objects.exists()


def test_progress_is_reported_up_to_the_number_of_rows(tmp_path):
    calls = []

    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]), progress=lambda *a: calls.append(a))

    assert calls[-1] == (2, 2)


def test_the_demo_slice_imports_cleanly():
    with DEMO_REGISTRY.open(encoding="utf-8", newline="") as lines:
        summary = import_registry(lines, complete=False)

    assert summary.refused == {}
    assert summary.created == summary.rows == 396
    provinces = set(Organisation.objects.values_list("province__name", flat=True))
    assert provinces == {"Monza e della Brianza", "Lecco", "Siena", "Lecce", "Cagliari"}


# Importing again -------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    file = write_registry(tmp_path, GOOD_ROWS)
    run_import(file)
    before = dict(Organisation.objects.values_list("isil_code", "updated_at"))

    summary = run_import(file)

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, len(GOOD_ROWS))
    assert dict(Organisation.objects.values_list("isil_code", "updated_at")) == before


def test_a_changed_row_in_a_newer_file_updates_the_library_and_keeps_its_slug(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))
    before = library("IT-AG0007")
    newer = LA_ROCCA.replace("Franco La Rocca", "Franco La Rocca - Sede centrale").replace(
        "0922595166", "0922 595166"
    )

    summary = run_import(write_registry(tmp_path, [newer, VITERBO], name="newer.csv"))

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    after = library("IT-AG0007")
    assert after.name == "Biblioteca Comunale Franco La Rocca - Sede centrale"
    assert after.phone == "0922 595166"
    assert after.slug == before.slug
    assert after.updated_at > before.updated_at


def test_fields_a_referent_edited_are_not_overwritten(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA]))
    Organisation.objects.filter(isil_code="IT-AG0007").update(
        name="Biblioteca civica Franco La Rocca",
        phone="0922 000000",
        edited_fields=["name", "phone"],
    )
    newer = LA_ROCCA.replace("Franco La Rocca", "F. La Rocca").replace("0922595166", "0922111111")
    newer = newer.replace("piazzale Aldo Moro, 3", "piazzale Aldo Moro, 5")

    summary = run_import(write_registry(tmp_path, [newer], name="newer.csv"))

    assert summary.updated == 1
    la_rocca = library("IT-AG0007")
    assert (la_rocca.name, la_rocca.phone) == ("Biblioteca civica Franco La Rocca", "0922 000000")
    assert la_rocca.address == "piazzale Aldo Moro, 5"


def test_an_edited_province_keeps_its_region_too(tmp_path):
    run_import(write_registry(tmp_path, [LODI_VETERINARY]))
    Organisation.objects.filter(isil_code="IT-MI0272").update(edited_fields=["province"])

    summary = run_import(write_registry(tmp_path, [LODI_VETERINARY.replace(";098;", ";056;")]))

    assert (summary.updated, summary.unchanged) == (0, 1)
    lodi = library("IT-MI0272")
    assert (lodi.province.name, lodi.region.name) == ("Lodi", "Lombardia")


def test_an_organisation_registered_with_the_isil_is_updated_not_duplicated(tmp_path):
    OrganisationFactory(
        name="Biblioteca La Rocca",
        isil_code="IT-AG0007",
        kind=OrganisationKind.SPECIAL_LIBRARY,
        status=Organisation.Status.PENDING,
    )

    summary = run_import(write_registry(tmp_path, [LA_ROCCA]))

    assert (summary.created, summary.updated) == (0, 1)
    la_rocca = library("IT-AG0007")
    assert la_rocca.in_registry
    assert la_rocca.name == "Biblioteca Comunale Franco La Rocca"
    assert (la_rocca.kind, la_rocca.status) == ("special", "pending")


def test_a_library_missing_from_a_newer_complete_file_is_flagged_not_deleted(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))
    not_from_registry = OrganisationFactory(isil_code="IT-MI9999")

    summary = run_import(write_registry(tmp_path, [LA_ROCCA], name="newer.csv"))

    assert summary.flagged_missing == 1
    assert library("IT-RM0064").missing_from_registry
    assert not library("IT-AG0007").missing_from_registry
    not_from_registry.refresh_from_db()
    assert not not_from_registry.missing_from_registry


def test_a_flagged_library_is_cleared_when_it_comes_back(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))
    run_import(write_registry(tmp_path, [LA_ROCCA], name="newer.csv"))

    summary = run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO], name="newest.csv"))

    assert (summary.back_in_registry, summary.updated, summary.unchanged) == (1, 1, 1)
    assert not library("IT-RM0064").missing_from_registry


def test_a_refused_row_does_not_flag_its_library_as_missing(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))

    summary = run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO.replace(";056;", ";999;")]))

    assert summary.refused == {"province-unknown": [3]}
    assert summary.flagged_missing == 0


def test_a_slice_flags_nothing(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))

    summary = run_import(write_registry(tmp_path, [LA_ROCCA], name="slice.csv"), complete=False)

    assert summary.flagged_missing == 0
    assert not Organisation.objects.filter(missing_from_registry=True).exists()


# Commands --------------------------------------------------------------------------------


def test_the_command_prints_the_summary_and_is_safe_to_run_twice(tmp_path):
    file = write_registry(tmp_path, [LA_ROCCA, SCURCOLA, PIRRO_MARCONI.replace("IT-AG0001", "")])
    first, second = StringIO(), StringIO()

    call_command("import_registry", str(file), stdout=first)
    call_command("import_registry", str(file), stdout=second)

    assert "3 rows read: 2 libraries created, 0 updated, 0 unchanged, 1 refused." in (
        first.getvalue()
    )
    assert "No ISIL code: 1 (rows 4)" in first.getvalue()
    assert "E-mail address not valid, left empty: 1 (rows 3)" in first.getvalue()
    assert "\r" not in first.getvalue()
    assert "0 libraries created, 0 updated, 2 unchanged, 1 refused." in second.getvalue()
    assert Organisation.objects.count() == 2


def test_the_command_with_slice_flags_nothing(tmp_path):
    run_import(write_registry(tmp_path, [LA_ROCCA, VITERBO]))
    out = StringIO()

    call_command(
        "import_registry", str(write_registry(tmp_path, [LA_ROCCA], "s.csv")), "--slice", stdout=out
    )

    assert "A slice: libraries it leaves out were not flagged" in out.getvalue()
    assert not library("IT-RM0064").missing_from_registry


def test_the_command_explains_a_missing_or_foreign_file(tmp_path):
    foreign = tmp_path / "other.csv"
    foreign.write_text("a;b\n1;2\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_registry", str(tmp_path / "nowhere.csv"), stdout=StringIO())
    with pytest.raises(CommandError, match="not a registry CSV"):
        call_command("import_registry", str(foreign), stdout=StringIO())


def test_the_progress_bar_redraws_one_line():
    out = StringIO()
    bar = ProgressBar(OutputWrapper(out), unit="rows")

    bar(500, 1000)
    bar(1000, 1000)
    bar.finish()

    assert out.getvalue().startswith("\r[" + "#" * 20 + "." * 20 + "] 500/1,000 rows")
    assert out.getvalue().endswith("\r[" + "#" * 40 + "] 1,000/1,000 rows\n")


def test_the_benchmark_times_two_runs_and_rolls_them_back(tmp_path):
    out = StringIO()

    call_command("benchmark_registry", str(write_registry(tmp_path, GOOD_ROWS)), stdout=out)

    output = out.getvalue()
    assert "First import: " in output
    assert "Repeat: " in output
    assert "12 rows read: 12 libraries created" in output
    assert "12 rows read: 0 libraries created, 0 updated, 12 unchanged" in output
    assert "Rolled back" in output
    assert not Organisation.objects.exists()


def test_the_benchmark_keeps_the_libraries_when_asked(tmp_path):
    call_command(
        "benchmark_registry", str(write_registry(tmp_path, GOOD_ROWS)), "--keep", stdout=StringIO()
    )

    assert Organisation.objects.count() == len(GOOD_ROWS)


def test_the_benchmark_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="No registry file at"):
        call_command("benchmark_registry", str(tmp_path / "nowhere.csv"), stdout=StringIO())


# The admin upload page --------------------------------------------------------------------


def upload_url():
    return reverse("admin:members_organisation_import_registry")


@pytest.mark.urls(__name__)
def test_staff_upload_a_registry_file_and_see_the_summary(admin_client, tmp_path):
    file = write_registry(tmp_path, [LA_ROCCA, SCURCOLA, PIRRO_MARCONI.replace("IT-AG0001", "")])

    with file.open("rb") as upload:
        response = admin_client.post(upload_url(), {"file": upload, "complete": "on"})

    assert response.status_code == 200
    assert set(Organisation.objects.values_list("isil_code", flat=True)) == {
        "IT-AG0007",
        "IT-AQ0107",
    }
    assert response.context["summary"].created == 2
    assert escape(str(REFUSALS["isil-missing"])) in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_upload_page_shows_the_form(admin_client):
    response = admin_client.get(upload_url())

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_an_upload_that_is_not_the_registry_is_refused_next_to_the_field(admin_client, tmp_path):
    foreign = tmp_path / "suppliers.csv"
    foreign.write_text("name;vat number\nLibreria Rossi;01234567890\n", encoding="utf-8")
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(f"{HEADER}\n{LA_ROCCA.replace('Rocca', 'Roccà')}\n".encode("latin-1"))
    spreadsheet = tmp_path / "abi.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04 not really a spreadsheet")

    for file in [foreign, latin1, spreadsheet]:
        with file.open("rb") as upload:
            response = admin_client.post(upload_url(), {"file": upload, "complete": "on"})
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    assert not Organisation.objects.exists()


@pytest.mark.urls(__name__)
def test_the_upload_page_is_for_staff_with_rights_on_organisations(client):
    client.force_login(UserFactory())
    assert client.get(upload_url()).status_code == 302

    client.force_login(UserFactory(is_staff=True))
    assert client.get(upload_url()).status_code == 403


def test_staff_reach_the_registry_import_from_the_organisation_admin(admin_client):
    changelist = admin_client.get(reverse("admin:members_organisation_changelist"))
    upload_url = reverse("admin:members_organisation_import_registry")
    assert upload_url in changelist.content.decode()
    assert admin_client.get(upload_url).status_code == 200
