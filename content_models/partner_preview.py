"""The editor's "Partner site" preview: the saved draft on the partner's front end.

    class ExportPreviewMixin(PartnerPreviewMixin): ...   # so every page with exports

When ``MERIDIAN_PREVIEW["FRONTEND_URL"]`` is set (``content_models.preview_tokens``),
the preview offers the mode "Partner site". Its URL carries a fresh token, bound to
the page and its latest revision, with which the front end reads the draft from the
API (``GET /api/v1/{resource}/{slug}/?preview_token=…``).

- In the preview panel (an iframe in the editor) the mode serves a small page of
  this admin: a link that opens the partner's URL in a new tab, and that URL framed
  below it. A page of our own, not a redirect, so the editor always gets the link
  and an explanation; the framed partner page shows only if the partner allows
  this admin to frame it (``Content-Security-Policy: frame-ancestors``).
- "Preview in new tab" (no iframe) redirects straight to the partner's URL.

The front end reads saved revisions, so unsaved edits are not shown (the page says
so), a page never saved cannot be previewed there, and a case study needs the
patient's consent to the web, as on the published site.
"""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from .preview_tokens import front_end_preview_url, front_end_url_template, max_age
from .preview_tokens import refusal as consent_refusal

MODE = "partner-site"
LABEL = "Partner site"
TEMPLATE = "content_models/admin/partner_preview.html"


class PartnerPreviewMixin:
    @property
    def preview_modes(self):
        modes = list(super().preview_modes)
        if front_end_url_template():
            modes.append((MODE, LABEL))
        return modes

    def serve_preview(self, request, mode_name):
        if mode_name != MODE:
            return super().serve_preview(request, mode_name)
        refusal = self.partner_preview_refusal()
        context = {"page": self, "refusal": refusal}
        if not refusal:
            context["url"] = url = front_end_preview_url(self)
            context["minutes"] = max_age() // 60
            if not getattr(request, "in_preview_panel", False):
                return HttpResponseRedirect(url)
        return TemplateResponse(request, TEMPLATE, context)

    def partner_preview_refusal(self):
        """Why the partner site cannot show this page's draft, or an empty string."""
        if not front_end_url_template():
            return (
                "The partner-site preview is not set up: MERIDIAN_PREVIEW"
                "['FRONTEND_URL'] is empty."
            )
        if self.pk is None:
            return (
                "Save a draft first: the partner site reads saved drafts, and this "
                "page has never been saved."
            )
        refusal = consent_refusal(self)
        if refusal:
            return (
                f"No partner-site preview: {refusal}. Record consent on the "
                "Consent tab first."
            )
        return ""
