"""What a page says about itself to search engines and to the previews of shared links: the
`{% capture %}` tag that lets base.html reuse a block's text (the title in og:title), and the
schema.org JSON-LD of a news post and of an organisation."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.lib.structured_data import absolute_url, json_ld

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The rendered text is already escaped by the template that made it.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}...{% endcapture %}` renders its content into `name` without
    showing it; blocks inside stay blocks that child templates fill in."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def absolute(path):
    """The public address of a path of the portal, for og:url and og:image."""
    return absolute_url(path)


@register.simple_tag
def og_locale():
    return "en_GB" if get_language() == "en" else "it_IT"


@register.simple_tag
def news_json_ld(news, image_url=""):
    data = {
        "@type": "NewsArticle",
        "headline": news.title,
        "description": news.summary,
        "datePublished": news.published_at,
        "dateModified": news.updated_at,
        "url": absolute_url(news.get_absolute_url()),
        "inLanguage": "it",
        "publisher": {"@type": "Organization", "name": "Rete delle Reti"},
    }
    if news.author:
        data["author"] = {"@type": "Person", "name": news.author.get_full_name()}
    if image_url:
        data["image"] = absolute_url(image_url)
    return json_ld(data)


@register.simple_tag
def organisation_json_ld(organisation, logo_url=""):
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute_url(organisation.get_absolute_url()),
    }
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.email:
        data["email"] = organisation.email
    if organisation.isil_code:
        data["identifier"] = organisation.isil_code
    if organisation.municipality or organisation.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": organisation.address,
            "addressLocality": organisation.municipality,
            "addressCountry": "IT",
        }
    if logo_url:
        data["logo"] = absolute_url(logo_url)
    return json_ld(data)
