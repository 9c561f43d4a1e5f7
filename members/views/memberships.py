"""Applying for official or package membership and seeing an organisation's. (Being built.)"""

from django.http import Http404


def membership_apply(request, slug):
    raise Http404


def membership_list(request, slug):
    raise Http404
