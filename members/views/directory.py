"""The public directory of organisations and an organisation's page. (Being built.)"""

from django.http import Http404
from django.views import View


class OrganisationListView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class OrganisationDetailView(View):
    def get(self, request, *args, **kwargs):
        raise Http404


def organisation_edit(request, slug):
    raise Http404


def organisation_libraries(request, slug):
    raise Http404
