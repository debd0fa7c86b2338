"""The admin: subscriptions (the secret shown once, rotation) and the delivery log.

    /admin/webhooks/subscriptions/              list, add, edit, delete
    /admin/webhooks/subscriptions/secret/7/     the new secret, the first visit only
    /admin/webhooks/subscriptions/rotate/7/     a new secret (the old one signs a day)
    /admin/webhooks/deliveries/                 the log: status, attempts, last error
    /admin/webhooks/deliveries/resend/42/       send a delivery again

Registered as one "Webhooks" menu group in ``wagtail_hooks``.
"""

import json

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timeuntil
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy

from . import delivery as sending
from .conf import webhook_settings
from .dispatch import queue
from .forms import SubscriptionForm
from .models import WebhookDelivery, WebhookSubscription
from .panels import SigningSecretPanel

SUBSCRIPTIONS = "webhook_subscriptions"  # the viewsets' names: URL namespaces
DELIVERIES = "webhook_deliveries"


def _every_or(values):
    return ", ".join(values) or "all"


# ---------------------------------------------------------------- subscriptions


class SubscriptionCreateView(generic.CreateView):
    success_message = (
        "Webhook subscription '%(object)s' created: copy its signing secret now, "
        "it is shown only once."
    )

    def get_success_url(self):
        return reverse(f"{SUBSCRIPTIONS}:secret", args=[self.object.pk])


class SubscriptionPageMixin(
    generic.PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin
):
    """A page about one subscription, for staff who may change subscriptions."""

    model = WebhookSubscription
    permission_required = "change"
    header_icon = "key"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.subscription = get_object_or_404(WebhookSubscription, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.subscription)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(f"{SUBSCRIPTIONS}:index"),
                "label": "Webhook subscriptions",
            },
            {"url": self.edit_url, "label": str(self.subscription)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def edit_url(self):
        return reverse(f"{SUBSCRIPTIONS}:edit", args=[self.subscription.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subscription=self.subscription,
            edit_url=self.edit_url,
            rotate_url=reverse(
                f"{SUBSCRIPTIONS}:rotate_secret", args=[self.subscription.pk]
            ),
            **kwargs,
        )


class SigningSecretView(SubscriptionPageMixin, TemplateView):
    """The secret in full on the first visit after it was made; masked ever after."""

    page_title = "Signing secret"
    template_name = "webhooks/signing_secret.html"

    def get(self, request, *args, **kwargs):
        secret = self.subscription.reveal_secret()
        response = self.render_to_response(self.get_context_data(secret=secret))
        add_never_cache_headers(response)
        return response


class RotateSecretView(SubscriptionPageMixin, TemplateView):
    page_title = "Rotate signing secret"
    template_name = "webhooks/rotate_secret.html"

    def get_context_data(self, **kwargs):
        grace = webhook_settings().rotation_grace_seconds
        return super().get_context_data(grace=_duration(grace), **kwargs)

    def post(self, request, *args, **kwargs):
        self.subscription.rotate_secret()
        messages.success(
            request,
            f"New signing secret for '{self.subscription}': copy it now, it is shown "
            "only once.",
        )
        return redirect(f"{SUBSCRIPTIONS}:secret", pk=self.subscription.pk)


def _duration(seconds):
    hours = seconds / 3600
    return f"{hours:g} hours" if hours != 1 else "hour"


class SubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link"
    menu_label = "Subscriptions"
    add_view_class = SubscriptionCreateView
    copy_view_enabled = False  # a copy would share the secret
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("resources"),
            FieldPanel("kinds"),
            FieldPanel("active"),
            SigningSecretPanel(heading="Signing secret"),
        ],
        base_form_class=SubscriptionForm,
    )
    list_display = [
        "name",
        "url",
        Column("resources", accessor=lambda s: _every_or(s.resources)),
        Column("kinds", label="Events", accessor=lambda s: _every_or(s.kinds)),
        BooleanColumn("active"),
    ]
    search_fields = ["name", "url"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("secret/<int:pk>/", SigningSecretView.as_view(), name="secret"),
            path("rotate/<int:pk>/", RotateSecretView.as_view(), name="rotate_secret"),
        ]


# ---------------------------------------------------------------- deliveries


class DeliveryPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are written by the sender alone: staff may look, and resend."""

    ACTIONS = frozenset({"view", "resend"})

    def user_has_permission(self, user, action):
        return action in self.ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) & self.ACTIONS)


def resend_url(delivery):
    return reverse(f"{DELIVERIES}:resend", args=[delivery.pk])


class DeliveryIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("resend"):
            buttons.append(
                Button("Resend", url=resend_url(instance), icon_name="resubmit")
            )
        return buttons


class DeliveryInspectView(generic.InspectView):
    def get_payload_display_value(self):
        pretty = json.dumps(json.loads(self.object.payload), indent=2)
        return format_html("<pre>{}</pre>", pretty)

    def get_next_attempt_at_display_value(self):
        at = self.object.next_attempt_at
        return f"{at:%Y-%m-%d %H:%M:%S} UTC (in {timeuntil(at)})" if at else "-"

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("resend"):
            buttons.append(
                Button("Resend", url=resend_url(self.object), icon_name="resubmit")
            )
        return buttons


class ResendView(
    generic.PermissionCheckedMixin, generic.base.WagtailAdminTemplateMixin, TemplateView
):
    """GET asks; POST makes the delivery due now, with a fresh set of attempts."""

    model = WebhookDelivery
    permission_required = "resend"
    page_title = "Resend webhook delivery"
    header_icon = "resubmit"
    template_name = "webhooks/resend.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.delivery = get_object_or_404(
            WebhookDelivery.objects.select_related("subscription"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return str(self.delivery)

    @property
    def inspect_url(self):
        return reverse(f"{DELIVERIES}:inspect", args=[self.delivery.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delivery=self.delivery,
            resend_url=resend_url(self.delivery),
            inspect_url=self.inspect_url,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        delivery = sending.resend(self.delivery)
        if queue([delivery.pk]):
            messages.success(request, f"Delivery {delivery} queued to be sent again.")
        else:
            # No task queue (the immediate backend): staff asked, so try now, for at
            # most the timeout; a failure is retried by deliver_webhooks as usual.
            claimed = sending.claim(delivery.pk)
            if claimed is not None:
                sending.attempt(claimed)
                delivery = claimed
            if delivery.status == WebhookDelivery.Status.DELIVERED:
                messages.success(
                    request, f"Delivery {delivery} sent (HTTP {delivery.status_code})."
                )
            else:
                messages.warning(
                    request,
                    f"Delivery {delivery} not delivered yet: "
                    f"{delivery.last_error or 'it is being sent'}.",
                )
        following = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            following, allowed_hosts={request.get_host()}
        ):
            following = self.inspect_url
        return redirect(following)


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "resubmit"
    menu_label = "Deliveries"
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    # Never edited (the permission policy refuses add and change); the generic views
    # still need a form to be named.
    form_fields = ["status"]
    list_display = [
        "__str__",
        "subscription",
        "status",
        "attempts",
        "status_code",
        DateColumn("next_attempt_at", label="Next attempt"),
        DateColumn("created_at", label="Created"),
    ]
    list_filter = ["status", "subscription", "resource", "kind"]
    inspect_view_fields = [
        "subscription",
        "sequence",
        "kind",
        "resource",
        "slug",
        "message_id",
        "status",
        "attempts",
        "status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("resend/<int:pk>/", ResendView.as_view(), name="resend"),
        ]


class WebhooksViewSetGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link"
    menu_order = 900
    items = (
        SubscriptionViewSet(SUBSCRIPTIONS, url_prefix="webhooks/subscriptions"),
        DeliveryViewSet(DELIVERIES, url_prefix="webhooks/deliveries"),
    )
