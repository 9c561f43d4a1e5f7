"""Adoptions, derivations and comments."""

import pytest
from django.urls import reverse

from practices.actions import adopt_practice, derive_practice, start_revision
from practices.models import Adoption, Licence, Practice
from tests.pages import assert_refused
from tests.practices.factories import AttachmentFactory, CommentFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _organisation(user):
    return user.roles.get().organisation


# Adoptions ---------------------------------------------------------------------------------


def test_referent_records_an_adoption_listed_and_counted_on_the_practice(client, official_referent):
    practice = PracticeFactory(title="Bibliobus")
    organisation = _organisation(official_referent)
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-adopt", args=[practice.slug]),
        {"organisation": organisation.pk, "note": "Due frazioni servite."},
        follow=True,
    )

    assert Adoption.objects.get().organisation == organisation
    assert "Adottata da 1 organizzazione" in response.text
    assert "Due frazioni servite." in response.text


def test_an_organisation_adopts_a_practice_once(official_referent, refused):
    practice = PracticeFactory()
    organisation = _organisation(official_referent)
    adopt_practice(practice=practice, organisation=organisation, by=official_referent)

    with refused("already_adopted"):
        adopt_practice(practice=practice, organisation=organisation, by=official_referent)


def test_an_organisation_cannot_adopt_its_own_practice(official_referent, refused):
    practice = PracticeFactory(organisation=_organisation(official_referent))

    with refused("own_practice"):
        adopt_practice(practice=practice, organisation=practice.organisation, by=official_referent)


def test_only_a_referent_of_the_adopting_organisation_records_it(
    official_referent, base_user, refused
):
    with refused("not_a_referent"):
        adopt_practice(
            practice=PracticeFactory(), organisation=_organisation(official_referent), by=base_user
        )


def test_a_draft_cannot_be_adopted(official_referent, refused):
    with refused("not_published"):
        adopt_practice(
            practice=PracticeFactory(draft=True),
            organisation=_organisation(official_referent),
            by=official_referent,
        )


# Derivations -------------------------------------------------------------------------------


@pytest.mark.parametrize("licence", [Licence.CC_BY, Licence.CC_BY_SA, Licence.CC0])
def test_open_licences_can_be_derived_into_a_prefilled_draft(official_referent, licence):
    origin = PracticeFactory(licence=licence, title="Leggere in ospedale", tags=["salute"])

    derived = derive_practice(
        origin=origin, organisation=_organisation(official_referent), by=official_referent
    )

    assert derived.status == Practice.Status.DRAFT
    assert derived.derived_from == origin
    assert derived.body == origin.body
    assert list(derived.tags.names()) == ["salute"]
    assert derived.licence == licence
    assert derived.attribution() == (
        f"Derivata da «Leggere in ospedale» di {origin.organisation.name}, "
        f"licenza {origin.get_licence_display()}."
    )


def test_all_rights_reserved_practice_cannot_be_derived(client, official_referent, refused):
    origin = PracticeFactory(licence=Licence.ALL_RIGHTS_RESERVED)
    client.force_login(official_referent)

    assert "Deriva una nuova pratica" not in client.get(origin.get_absolute_url()).text
    with refused("not_derivable"):
        derive_practice(
            origin=origin, organisation=_organisation(official_referent), by=official_referent
        )
    assert not Practice.objects.filter(derived_from=origin).exists()


def test_derivative_of_a_share_alike_practice_must_stay_share_alike(client, official_referent):
    origin = PracticeFactory(licence=Licence.CC_BY_SA)
    derived = derive_practice(
        origin=origin, organisation=_organisation(official_referent), by=official_referent
    )
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-edit", args=[derived.slug]),
        {
            "kind": "practice",
            "title": derived.title,
            "summary": derived.summary,
            "licence": Licence.CC_BY,
        },
    )

    assert "deve mantenere la licenza CC BY-SA" in str(response.context["form"].errors["licence"])
    derived.refresh_from_db()
    assert derived.licence == Licence.CC_BY_SA


def test_derive_button_starts_a_draft_and_the_origin_lists_it_once_published(
    client, official_referent
):
    origin = PracticeFactory(title="Origine")
    client.force_login(official_referent)

    response = client.post(
        reverse("practices:practice-derive", args=[origin.slug]),
        {"organisation": _organisation(official_referent).pk},
    )

    derived = Practice.objects.get(derived_from=origin)
    assert response["Location"] == reverse("practices:practice-edit", args=[derived.slug])
    assert derived.title not in client.get(origin.get_absolute_url()).text
    derived.status = Practice.Status.PUBLISHED
    derived.save()
    assert derived.title in client.get(origin.get_absolute_url()).text


def _download(client, attachment):
    url = reverse("practices:attachment-download", args=[attachment.practice.slug, attachment.pk])
    return client.get(url)


def test_a_derived_practice_starts_with_the_origins_attachments_credited_to_it(
    client, official_referent
):
    origin = PracticeFactory(title="Origine", licence=Licence.CC_BY_SA)
    AttachmentFactory(practice=origin, caption="Modulo di iscrizione")
    AttachmentFactory(practice=origin, caption="Locandina")
    client.force_login(official_referent)
    client.post(
        reverse("practices:practice-derive", args=[origin.slug]),
        {"organisation": _organisation(official_referent).pk},
    )

    derived = Practice.objects.get(derived_from=origin)
    copies = list(derived.attachments.all())
    assert [copy.caption for copy in copies] == ["Modulo di iscrizione", "Locandina"]
    for copy in copies:
        response = _download(client, copy)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = client.get(derived.get_absolute_url()).text
    assert "Allegati della pratica originale: Modulo di iscrizione; Locandina." in page


def test_removing_a_derived_practices_attachment_keeps_the_origins_file(client, official_referent):
    origin = PracticeFactory()
    original = AttachmentFactory(practice=origin, caption="Locandina")
    derived = derive_practice(
        origin=origin, organisation=_organisation(official_referent), by=official_referent
    )
    copy = derived.attachments.get()
    client.force_login(official_referent)

    client.post(reverse("practices:attachment-remove", args=[derived.slug, copy.pk]))

    assert not derived.attachments.exists()
    assert original.file.storage.exists(original.file.name)
    client.logout()
    response = _download(client, original)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_revision_of_a_derived_practice_keeps_the_attribution_of_its_attachments(
    official_referent,
):
    origin = PracticeFactory()
    AttachmentFactory(practice=origin, caption="Locandina")
    derived = derive_practice(
        origin=origin, organisation=_organisation(official_referent), by=official_referent
    )
    derived.status = Practice.Status.PUBLISHED
    derived.save()

    revision = start_revision(practice=derived, by=official_referent)

    assert [copy.caption for copy in revision.attachments_from_origin()] == ["Locandina"]


# Comments ----------------------------------------------------------------------------------


def test_registered_person_comments_and_the_referents_are_told(
    client, base_user, official_referent, mailoutbox, committing
):
    practice = PracticeFactory(organisation=_organisation(official_referent))
    client.force_login(base_user)

    with committing():
        response = client.post(
            reverse("practices:comment-add", args=[practice.slug]),
            {"body": "Come avete trovato i volontari?"},
            follow=True,
        )

    assert "Come avete trovato i volontari?" in response.text
    assert [message.to for message in mailoutbox] == [[official_referent.email]]
    assert "Come avete trovato i volontari?" in mailoutbox[0].body


def test_visitors_cannot_comment(client):
    practice = PracticeFactory()

    response = client.post(reverse("practices:comment-add", args=[practice.slug]), {"body": "x"})

    assert response.status_code == 302
    assert not practice.comments.exists()


def test_author_edits_their_own_comment_and_nobody_else_can(client, base_user, other_referent):
    comment = CommentFactory(author=base_user)
    url = reverse("practices:comment-edit", args=[comment.practice.slug, comment.pk])

    client.force_login(other_referent)
    assert_refused(client.post(url, {"body": "Vandalo"}), "Solo chi ha scritto un commento")
    client.force_login(base_user)
    client.post(url, {"body": "Corretto"})

    comment.refresh_from_db()
    assert comment.body == "Corretto"
    assert comment.edited_at is not None


def test_staff_hide_a_comment_and_visitors_no_longer_see_it(client, staff, base_user):
    comment = CommentFactory(body="Pubblicità non richiesta")
    url = reverse("practices:comment-hide", args=[comment.practice.slug, comment.pk])

    shown = CommentFactory(practice=comment.practice, body="Grazie, la proviamo anche noi")
    client.force_login(base_user)
    assert_refused(client.post(url), "Solo la segreteria della Rete")
    client.force_login(staff)
    client.post(url, {"hidden": "1"})
    client.logout()

    response = client.get(comment.practice.get_absolute_url())
    assert response.status_code == 200
    assert shown.body in response.text
    assert "Pubblicità non richiesta" not in response.text


def test_a_practice_with_the_longest_title_can_still_be_derived(official_referent):
    origin = PracticeFactory(title="L" * 200)

    derived = derive_practice(
        origin=origin, organisation=_organisation(official_referent), by=official_referent
    )

    assert len(derived.title) <= 200
    assert derived.title.startswith("LLL")
