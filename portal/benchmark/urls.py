from django.urls import path

from portal.benchmark.views import baseline
from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("benchmark-baseline/", baseline), *portal_urlpatterns]
