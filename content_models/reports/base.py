"""What every Meridian report shares: a description above the listing, a dated
download name, and a viewset giving it two URLs and an entry in the Reports menu.

    class ReviewsDueView(ReportMixin, PageReportView): ...
    reviews_due_viewset = ReportViewSet("reviews-due", view_class=ReviewsDueView, …)
"""

from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from .. import governance


class ReportMixin:
    """A report's shared furniture: a description above the listing, a dated filename."""

    template_name = "content_models/reports/report.html"
    description = ""
    export_name = ""

    def get_filename(self):
        return f"{self.export_name}-{governance.today():%Y-%m-%d}"

    @classmethod
    def user_may_view(cls, user):
        policy = policy_registry.get_by_type(cls.model)
        return policy.user_has_any_permission(user, cls.any_permission_required)


class ReportViewSet(ViewSet):
    """A report's two URLs (listing, results fragment) and its Reports menu item."""

    view_class = None
    menu_hook = "register_reports_menu_item"

    @cached_property
    def url_prefix(self):
        return f"reports/{self.name}"

    @cached_property
    def url_namespace(self):
        return f"meridian_{self.name.replace('-', '_')}"

    @cached_property
    def menu_item_class(self):
        view_class = self.view_class

        class ReportMenuItem(MenuItem):
            def is_shown(self, request):
                return view_class.user_may_view(request.user)

        return ReportMenuItem

    def get_urlpatterns(self):
        urls = {
            "index_url_name": self.get_url_name("index"),
            "index_results_url_name": self.get_url_name("index_results"),
        }
        return [
            path("", self.view_class.as_view(**urls), name="index"),
            path(
                "results/",
                self.view_class.as_view(results_only=True, **urls),
                name="index_results",
            ),
        ]
