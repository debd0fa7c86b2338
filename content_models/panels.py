"""Read-only editor panels: the stored readability score and the consent history.

    content_panels = [ReadabilityPanel(), FieldPanel("summary"), ...]
    consent_panels = [ConsentStatusPanel(), ...]

Both show what was stored when the page was last saved; neither is a form field.
"""

from wagtail.admin.panels import Panel

from .readability import TARGET_READING_AGE


class ReadabilityPanel(Panel):
    """'Reading age 12 (target 9–11)', from the score stored at the last save."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content_models/panels/readability.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["score"] = page.readability if page.pk else None
            context["target"] = TARGET_READING_AGE
            return context


class ConsentStatusPanel(Panel):
    """Every recorded withdrawal of consent, with who recorded it (staff only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content_models/panels/consent_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["withdrawals"] = (
                page.consent_withdrawals.select_related("recorded_by")
                if page.pk
                else []
            )
            context["withdrawn_on"] = page.consent_withdrawn_on
            return context
