"""The API keeps no state of its own: the publication store lives beside the content
(``content_models.publishing``)."""
