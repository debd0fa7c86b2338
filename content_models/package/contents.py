"""What a content package holds: every model of every installed app, less what is
derived or transient, and the media files its rows point to.

    exported_models()          # [Locale, Collection, User, …, Page, ConditionPage, …]
    EXCLUDED["wagtailsearch"]  # why the search index is left out
    media_of(exported_models())   # {storage name: (file field, owning row)}

Leaving out is the exception and each exclusion says why, so a model added later is
in the next backup without anyone remembering to list it.
"""

from django.apps import apps
from django.db import models

# App labels or model labels (lower case) that a package leaves out, and why.
EXCLUDED = {
    "contenttypes.contenttype": "made by migrate; rows name content types by natural key",
    "auth.permission": "made by migrate; rows name permissions by natural key",
    "sessions": "logins do not outlive a restore",
    "axes": "login attempts and lockouts, not content",
    "django_tasks_database": "the background task queue",
    "wagtailsearch": "the search index; rebuilt after import (update_index)",
    "wagtailcore.referenceindex": "rebuilt after import (rebuild_references_index)",
    "wagtailcore.uploadedfile": "uploads still in progress",
    "wagtailadmin.editingsession": "who has an editor open right now",
    "wagtailimages.rendition": "resized images; made again on demand",
    "content_models.creditedrendition": "resized images; made again on demand",
    "content_models.publication": "the publication store; rebuilt after import",
    "content_models.publicationevent": "the publication store; rebuilt after import",
    "content_models.publicationdependency": "the publication store; rebuilt after import",
    "content_models.storestate": "the publication store; rebuilt after import",
    "webhooks.webhookdelivery": "deliveries of the old store's events",
}

# Models a freshly migrated database already has rows of (data migrations and
# Wagtail's initial site). An import replaces them; anything else there is content.
SEEDED_BY_MIGRATIONS = frozenset(
    {
        "auth.group",
        "auth.group_permissions",
        "content_models.license",
        "wagtailcore.collection",
        "wagtailcore.groupapprovaltask",
        "wagtailcore.groupapprovaltask_groups",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.grouppagepermission",
        "wagtailcore.locale",
        "wagtailcore.page",
        "wagtailcore.site",
        "wagtailcore.task",
        "wagtailcore.workflow",
        "wagtailcore.workflowpage",
        "wagtailcore.workflowtask",
    }
)


def is_excluded(model):
    meta = model._meta
    return meta.label_lower in EXCLUDED or meta.app_label in EXCLUDED


def exported_models():
    """Every concrete model a package holds (many-to-many tables included), ordered
    so that a row's parents and the rows it points to load before it."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not is_excluded(model)
    ]
    return loading_order(candidates)


def loading_order(candidates):
    """``candidates`` with each model after those it points to (cycles broken)."""
    chosen = set(candidates)
    ordered, visiting, done = [], set(), set()

    def visit(model):
        if model in done or model in visiting:
            return
        visiting.add(model)
        for target in points_to(model):
            if target in chosen:
                visit(target)
        visiting.discard(model)
        done.add(model)
        ordered.append(model)

    for model in sorted(candidates, key=lambda model: model._meta.label_lower):
        visit(model)
    return ordered


def points_to(model):
    targets = [parent._meta.concrete_model for parent in model._meta.parents]
    for field in model._meta.local_fields:
        if field.is_relation and field.remote_field.model is not None:
            targets.append(field.remote_field.model._meta.concrete_model)
    return targets


def file_fields(model):
    return [
        field
        for field in model._meta.local_concrete_fields
        if isinstance(field, models.FileField)
    ]


def media_of(models):
    """``{storage name: (file field, owning row)}`` for every file rows point to."""
    media = {}
    for model in models:
        for field in file_fields(model):
            rows = model._base_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for pk, name in rows.values_list("pk", field.attname).iterator():
                media.setdefault(name, (field, f"{model._meta.verbose_name} #{pk}"))
    return media


def field_label(field):
    """``"content_models.creditedimage.file"``: how a manifest names a file field."""
    return f"{field.model._meta.label_lower}.{field.name}"


def field_named(label):
    app_label, model_name, field_name = label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)
