"""`{% fragment "name" key… %}…{% endfragment %}`: a part of a page kept in the pages cache
for everyone who shares its key (portal/lib/pagecache.py), so that it is rendered once per
change of the rows instead of once per request.

The key always holds the content version, the language and the page's address; the tag's
arguments add what else the part depends on, such as the access levels the person opens. A
part that differs from one person to the next does not belong in one. Forms may: their CSRF
token is put back for each person.
"""

from django import template
from django.utils.safestring import mark_safe

from portal.lib.pagecache import kept_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        request = context["request"]
        # What is rendered is already escaped by the template that made it.
        return mark_safe(
            kept_fragment(request, self.name, parts, lambda: self.nodelist.render(context))
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('Usage: {% fragment "name" key… %}…{% endfragment %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
