"""Admin registrations: the "Webhooks" menu (subscriptions and the delivery log)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import WebhookDelivery
from .views import DeliveryPermissionPolicy, WebhooksViewSetGroup

register_permission_policy(WebhookDelivery, DeliveryPermissionPolicy(WebhookDelivery))


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksViewSetGroup()
