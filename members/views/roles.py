"""People's roles in organisations and the registration of new organisations. (Being built.)"""

from django.http import Http404


def organisation_register(request):
    raise Http404


def role_request(request, slug):
    raise Http404


def organisation_people(request, slug):
    raise Http404


def role_approve(request, pk):
    raise Http404


def role_reject(request, pk):
    raise Http404


def role_leave(request, pk):
    raise Http404
