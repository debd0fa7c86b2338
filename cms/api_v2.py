"""Wagtail's own API v2, mounted for existing Wagtail front ends (and as a baseline).

The pages endpoint is held to Meridian's rule of what is public: Wagtail's own
queryset already drops drafts and view-restricted pages; this one also drops pages
past their expiry date and case studies without consent for the web. Page models
expose only their own fields to v2 (no links to other pages), so a draft or private
page is never named inside another page's relations; API v1 serves those relations
through the public querysets.
"""

from django.db.models import Q
from django.utils import timezone
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from content_models.case_studies import CaseStudyPage
from content_models.public import public_case_studies


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        not_expired = Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        withheld = CaseStudyPage.objects.exclude(
            pk__in=public_case_studies().values("pk")
        )
        return (
            super()
            .get_base_queryset()
            .filter(not_expired)
            .exclude(pk__in=withheld.values("pk"))
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
