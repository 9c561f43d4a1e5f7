"""The news on other pages: the home page's section of the latest posts."""

from django import template

from portal.models import News

register = template.Library()

HOME_SHOWN = 3


@register.inclusion_tag("portal/_home_news.html")
def home_news():
    """The latest published posts, the same for everyone (staff included), so that the home
    page can be kept for all alike; a scheduled post shows once its time has come, since the
    content version expires then (`portal.lib.pagecache.scheduled_change`)."""
    return {"news_list": News.objects.published().order_by("-published_at", "-pk")[:HOME_SHOWN]}
