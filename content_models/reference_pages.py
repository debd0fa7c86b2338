"""The HTML pages: a redirect to the front end, or a reference rendering of what is public.

    class ConditionPage(ReferenceItem, PatientInformationPage): ...
    class FolderPage(ReferenceFolder, Page): ...
    class HomePage(ReferenceHome, Page): ...

A page URL (``/conditions/sciatica/``) shows nothing the API would not. When Wagtail
routes a request to a page, the page is looked up the way the API looks it up: an
item through the publication store (``publishing.serve.item``), so drafts, expired
and view-restricted pages and case studies without web consent are a 404, before
any password form or login redirect; a folder or the home page must be live and
public. Then:

- with ``MERIDIAN_FRONTEND_URL`` set, the visitor is sent (302) to the page's
  canonical URL on the front end (``content_models.canonical``);
- otherwise they get a plain reference rendering built from the stored public
  representation (the API's detail JSON; a folder lists its resource's public items
  from their stored listing entries), whose rich text is already sanitised. HTML
  taken from it is cleaned once more here (:func:`clean_html`) and links go only to
  http(s) URLs, so a page is safe even if a stored body predates a sanitiser fix.

Staff previews are untouched: Wagtail renders them through ``serve_preview`` with
the page's own template (``content_models/<page>.html``), never through ``serve``.
The admin sets its own rules, so preview responses carry no content security policy.
"""

import json
from urllib.parse import urlsplit

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from wagtail.url_routing import RouteResult

from .canonical import canonical_url
from .resources import RESOURCES, resource_name
from .web_urls import WEB_SCHEMES


def clean_html(html):
    """HTML from a representation, cleaned once more as rich text is."""
    from .richtext import sanitise  # it imports the pages

    return sanitise(str(html or ""))


def safe_href(url):
    """``url`` if its scheme is http(s), else "" (never a ``javascript:`` link).

    Only the scheme is checked: these are URLs the representation already holds,
    and a host such as ``http://clinic/`` is as good a link as any."""
    url = str(url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in WEB_SCHEMES else ""


class ReferencePage:
    """A page served from its public representation; subclasses say how to find it.

    ``public_reference(request)`` returns the template context, or None when the
    page is not public; ``reference_template`` names the template.
    """

    reference_template = ""

    def public_reference(self, request):
        raise NotImplementedError(
            "return the context of the public representation, or None if not public"
        )

    def route(self, request, path_components):
        if path_components:  # a page below this one
            return super().route(request, path_components)
        super().route(request, path_components)  # a 404 unless live
        reference = self.public_reference(request)
        if reference is None:
            raise Http404("No public page here.")
        # Found once here, so Wagtail's view-restriction hooks never see the page.
        return RouteResult(self, kwargs={"reference": reference})

    def serve(self, request, *args, reference=None, **kwargs):
        request.is_preview = False
        reference = reference or self.public_reference(request)
        if reference is None:
            raise Http404("No public page here.")
        if settings.MERIDIAN_FRONTEND_URL and (url := canonical_url(self)):
            return HttpResponseRedirect(url)
        context = {"page": self, "request": request, **reference}
        return TemplateResponse(request, self.reference_template, context)

    def serve_preview(self, request, mode_name):
        # Previews belong to the admin, whose pages set their own policy (or none).
        return csp_exempt()(super().serve_preview)(request, mode_name)


class ReferenceItem(ReferencePage):
    """A condition, symptom, treatment or case study: its stored detail JSON."""

    @property
    def reference_template(self):
        return f"content_models/reference/{resource_name(self)}.html"

    def public_reference(self, request):
        from .publishing import serve  # the store imports the page modules

        publication = serve.item(resource_name(self), self.slug)
        if publication is None or publication.page_id != self.pk:
            return None
        return {"item": json.loads(publication.body)}


class ReferenceFolder(ReferencePage):
    """A folder: the public items of its resource, from their stored listing entries."""

    reference_template = "content_models/reference/folder.html"
    reference_per_page = 50

    def public_reference(self, request):
        from .public import live_and_public, public_for_channel
        from .publishing import serve

        if not live_and_public(type(self).objects.filter(pk=self.pk)).exists():
            return None
        resource = RESOURCES.for_index(type(self))
        # The API's listing: the web channel, consent and review rules included.
        ids = public_for_channel(resource).order_by("title", "pk")
        paginator = Paginator(ids.values_list("pk", flat=True), self.reference_per_page)
        listed = paginator.get_page(request.GET.get("page"))
        stored, _ = serve.items(list(listed), "compact")
        entries = [json.loads(stored[pk]) for pk in listed if pk in stored]
        return {"entries": entries, "listed": listed}


class ReferenceHome(ReferencePage):
    """The home page: links to its public folders."""

    reference_template = "content_models/reference/home.html"

    def public_reference(self, request):
        from .public import live_and_public

        if not live_and_public(type(self).objects.filter(pk=self.pk)).exists():
            return None
        folders = live_and_public(self.get_children()).order_by("path")
        return {
            "entries": [
                {"title": folder.title, "url": folder.get_full_url(request)}
                for folder in folders
            ]
        }
