from django.shortcuts import render

from members.models import Organisation


def baseline(request):
    """Twelve organisations by primary key, an indexed SELECT, rendered by a small template."""
    organisations = Organisation.objects.filter(pk__gt=0).order_by("pk")[:12]
    return render(request, "benchmark/baseline.html", {"organisations": organisations})
