"""Two staff members accepting two requests at the same moment, with credits for one only."""

import threading

import pytest
from django.db import connection

from members.actions.memberships import credit_balance
from services.actions import ServiceError
from services.actions.requests import accept_request
from services.models import ServiceRequest
from tests.factories import UserFactory
from tests.services.factories import credit_package, make_request


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_acceptances_racing_for_the_last_credits_exactly_one_wins():
    package = credit_package(credits=5)  # recruitment costs 4: enough for one request only
    requests = [
        make_request(package.organisation, slug="reclutamento-personale", files=[])
        for _ in range(2)
    ]
    staff = [UserFactory(is_staff=True) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes = []

    def accept(request, by):
        try:
            start.wait()
            accept_request(request=request, by=by)
            outcomes.append("accepted")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(request, by))
        for request, by in zip(requests, staff, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "not_enough_credits"]
    assert credit_balance(package.organisation) == 1
    statuses = sorted(ServiceRequest.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "submitted"]
