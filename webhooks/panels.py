"""The signing secret on the subscription form: masked, with "rotate" beside it."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class SigningSecretPanel(Panel):
    """Never the secret itself: it is shown once, on its own page (``views``)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "webhooks/panels/signing_secret.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            context["masked_secret"] = instance.masked_secret if instance.pk else ""
            context["rotate_url"] = (
                reverse("webhook_subscriptions:rotate_secret", args=[instance.pk])
                if instance.pk
                else ""
            )
            return context
