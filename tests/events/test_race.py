"""Two people taking the last seat of an event at the same moment."""

import threading

import pytest
from django.db import connection

from events import actions
from events.models import Registration
from tests.events.factories import make_event
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_people_racing_for_the_last_seat_exactly_one_gets_it():
    event = make_event(capacity=1)
    people = [UserFactory(), UserFactory()]
    start = threading.Barrier(2)
    outcomes = []

    def register(person):
        try:
            start.wait()
            outcomes.append(actions.register(event=event, person=person).status)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["confirmed", "waiting"]
    assert Registration.objects.filter(status="confirmed").count() == 1
