from django.urls import path
from django.utils.translation import gettext_lazy as _

from services.views import experts

app_name = "services"

urlpatterns = [
    # The expert roster and the competence exchange
    path(_("experts/"), experts.ExpertListView.as_view(), name="expert-list"),
    path(_("competence-exchange/"), experts.offer_list, name="offer-list"),
    path(_("competence-exchange/offer/"), experts.offer_create, name="offer-create"),
]
