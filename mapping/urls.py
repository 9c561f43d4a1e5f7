from django.urls import path
from django.utils.translation import gettext_lazy as _

from mapping import views
from portal.lib.pagecache import cache_for_visitors

app_name = "mapping"

urlpatterns = [
    path(_("organisations/<slug:slug>/survey/"), views.survey_edit, name="survey-edit"),
    path(_("mapping/"), cache_for_visitors(views.survey_report), name="survey-report"),
    path(_("mapping/report.csv"), views.survey_report_csv, name="survey-report-csv"),
    path(_("mapping/benchmark/<slug:slug>/"), views.system_benchmark, name="system-benchmark"),
    path(
        _("mapping/benchmark/<slug:slug>/benchmark.csv"),
        views.system_benchmark_csv,
        name="system-benchmark-csv",
    ),
    path(_("mapping/map/"), cache_for_visitors(views.network_map), name="network-map"),
    path(_("mapping/invitation/<str:token>/"), views.survey_invited, name="survey-invited"),
]
