"""Reports in the admin (clinical governance, broken links) and a dashboard panel.

    @hooks.register("register_admin_viewset")
    def register_reviews_due_report():
        return reviews_due_viewset          # Reports › Reviews due

    ReviewsDuePanel.is_shown_to(user)       # dashboard, for clinical reviewers

``reviews_due`` lists pages whose clinical review is overdue, due soon or was never
done; ``image_licences`` lists images with a missing, NC or ND licence or no source;
``broken_links`` lists pages whose latest revision has broken internal links.
"""

from .broken_links import broken_links_viewset
from .image_licences import image_licences_viewset
from .reviews_due import ReviewsDuePanel, reviews_due_viewset

__all__ = [
    "ReviewsDuePanel",
    "broken_links_viewset",
    "image_licences_viewset",
    "reviews_due_viewset",
]
