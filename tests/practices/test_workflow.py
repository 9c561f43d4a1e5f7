"""The practice workflow through its actions: draft, submit with consent, publish or return,
revise while the published text stays online, feature."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from members.models import ServiceArea
from portal.lib.samples import pdf_bytes
from practices.actions import (
    add_attachment,
    create_practice,
    publish_practice,
    return_practice,
    set_featured,
    start_revision,
    submit_practice,
    update_practice,
)
from practices.models import Practice
from tests.practices.factories import AdoptionFactory, AttachmentFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def _organisation(user):
    return user.roles.get().organisation


def _draft(referent, **data):
    return create_practice(
        organisation=_organisation(referent),
        by=referent,
        data={"title": "Nati per leggere in biblioteca", "summary": "Letture 0-6 anni.", **data},
    )


def test_referent_drafts_a_practice_for_their_organisation(official_referent):
    themes = list(ServiceArea.objects.all()[:2])

    practice = _draft(official_referent, themes=themes, tags=["lettura", "Infanzia"])

    assert practice.status == Practice.Status.DRAFT
    assert practice.slug == "nati-per-leggere-in-biblioteca"
    assert set(practice.themes.all()) == set(themes)
    assert sorted(practice.tags.names()) == ["Infanzia", "lettura"]
    assert practice.tag_text == "Infanzia, lettura"


def test_two_practices_with_the_same_title_get_different_addresses(official_referent):
    assert _draft(official_referent).slug != _draft(official_referent).slug


def test_referent_of_another_organisation_cannot_draft_for_it(
    official_referent, other_referent, refused
):
    with refused("not_a_referent"):
        create_practice(
            organisation=_organisation(official_referent),
            by=other_referent,
            data={"title": "Intrusa", "summary": "No."},
        )
    assert not Practice.objects.exists()


def test_submitting_needs_the_consent_for_recognisable_people(
    official_referent, mailoutbox, refused
):
    practice = _draft(official_referent)

    with refused("no_consent"):
        submit_practice(practice=practice, by=official_referent, consent=False)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.DRAFT
    assert mailoutbox == []


def test_submitting_tells_the_staff(official_referent, staff, mailoutbox, committing):
    practice = _draft(official_referent)

    with committing():
        submit_practice(practice=practice, by=official_referent, consent=True)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.consent_confirmed_at is not None
    assert [message.to for message in mailoutbox] == [[staff.email]]
    assert "Nati per leggere in biblioteca" in mailoutbox[0].subject


def test_staff_publish_and_the_submitter_is_told(official_referent, staff, mailoutbox, committing):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)

    with committing():
        publish_practice(practice=practice, by=staff)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None
    assert [message.to for message in mailoutbox] == [[official_referent.email]]
    assert practice.get_absolute_url() in mailoutbox[0].body


def test_staff_return_with_a_reason_and_the_submitter_reads_it(
    official_referent, staff, mailoutbox, committing
):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)

    with committing():
        return_practice(practice=practice, by=staff, reason="Mancano i risultati misurati.")

    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED
    assert mailoutbox[0].to == [official_referent.email]
    assert "Mancano i risultati misurati." in mailoutbox[0].body


def test_returning_needs_a_reason(official_referent, staff, refused):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)

    with refused("no_reason"):
        return_practice(practice=practice, by=staff, reason="  ")


def test_a_returned_practice_can_be_changed_and_submitted_again(official_referent, staff):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)
    return_practice(practice=practice, by=staff, reason="Aggiungi i risultati.")

    update_practice(practice=practice, by=official_referent, data={"results": "300 bambini."})
    submit_practice(practice=practice, by=official_referent, consent=True)

    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert practice.return_reason == ""


def test_a_submitted_practice_cannot_be_changed(official_referent, refused):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)

    with refused("not_editable"):
        update_practice(practice=practice, by=official_referent, data={"title": "Altro"})


def test_only_staff_publish(official_referent, refused):
    practice = _draft(official_referent)
    submit_practice(practice=practice, by=official_referent, consent=True)

    with refused("not_staff"):
        publish_practice(practice=practice, by=official_referent)


def test_a_draft_cannot_be_published_before_it_is_submitted(official_referent, staff, refused):
    practice = _draft(official_referent)

    with refused("not_submitted"):
        publish_practice(practice=practice, by=staff)


def test_revision_leaves_the_published_text_online_until_staff_approve_it(
    client, official_referent, staff, mailoutbox, committing
):
    published = PracticeFactory(
        organisation=_organisation(official_referent), title="Testo pubblicato"
    )
    AttachmentFactory(practice=published, caption="Vecchio manifesto")
    adoption = AdoptionFactory(practice=published)

    revision = start_revision(practice=published, by=official_referent)
    update_practice(
        practice=revision, by=official_referent, data={"title": "Testo rivisto", "tags": ["bis"]}
    )
    add_attachment(
        practice=revision,
        by=official_referent,
        file=ContentFile(pdf_bytes(), name="nuovo.pdf"),
        caption="Nuovo manifesto",
    )
    submit_practice(practice=revision, by=official_referent, consent=True)

    page = client.get(published.get_absolute_url())
    assert "Testo pubblicato" in page.text
    assert "Testo rivisto" not in page.text
    # The revision is a draft of its own: visitors cannot reach it.
    assert client.get(revision.get_absolute_url()).status_code == 404

    with committing():
        approved = publish_practice(practice=revision, by=staff)

    assert approved.pk == published.pk
    assert not Practice.objects.filter(pk=revision.pk).exists()
    page = client.get(published.get_absolute_url())
    assert "Testo rivisto" in page.text
    assert "Nuovo manifesto" in page.text
    assert "Vecchio manifesto" in page.text
    assert list(approved.tags.names()) == ["bis"]
    assert list(approved.adoptions.all()) == [adoption]
    assert mailoutbox[-1].to == [official_referent.email]


def test_a_second_revision_request_opens_the_same_draft(official_referent):
    published = PracticeFactory(organisation=_organisation(official_referent))

    first = start_revision(practice=published, by=official_referent)

    assert start_revision(practice=published, by=official_referent) == first


def test_another_organisation_cannot_revise_a_practice(official_referent, other_referent, refused):
    published = PracticeFactory(organisation=_organisation(official_referent))

    with refused("not_a_referent"):
        start_revision(practice=published, by=other_referent)


def test_staff_feature_only_published_practices(staff, official_referent, refused):
    published = PracticeFactory()
    draft = PracticeFactory(draft=True)

    set_featured(practice=published, by=staff, featured=True)
    with refused("not_published"):
        set_featured(practice=draft, by=staff, featured=True)
    with refused("not_staff"):
        set_featured(practice=published, by=official_referent, featured=False)

    published.refresh_from_db()
    assert published.is_featured


def test_period_that_ends_before_it_starts_is_refused(official_referent, refused):
    with pytest.raises(ValidationError):
        _draft(
            official_referent,
            started_on=datetime.date(2024, 5, 1),
            ended_on=datetime.date(2024, 1, 1),
        )
