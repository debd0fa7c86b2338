"""Django's JSON serialization, as a content package writes it.

    PackageSerializer().serialize(Page._base_manager.order_by("pk"), stream=out)

Every row keeps its primary key: rich text, StreamField blocks and the API name
pages and images by id. Content types and permissions are the exception: migrate
makes them, with ids that differ between databases, so rows name them by natural
key (``["content_models", "conditionpage"]``), which Django's own deserializer
resolves. Many-to-many fields are left out of their rows; their tables are exported
as models of their own, so loading one needs no per-row query. Times keep their
microseconds (Django's JSON encoder would cut them to milliseconds).
"""

import datetime

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import Serializer as JSONSerializer


class PackageSerializer(JSONSerializer):
    def __init__(self):
        super().__init__()
        self.permission_keys = None

    def handle_fk_field(self, obj, field):
        target = field.remote_field.model
        if target is ContentType or target is Permission:
            pk = getattr(obj, field.attname)
            self._current[field.name] = (
                None if pk is None else self.natural_key(target, pk)
            )
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime | datetime.time):
            return value.isoformat()
        return super()._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        pass  # the through table is a model of the package

    def natural_key(self, target, pk):
        if target is ContentType:
            return ContentType.objects.get_for_id(pk).natural_key()
        if self.permission_keys is None:
            self.permission_keys = {
                permission.pk: permission.natural_key()
                for permission in Permission.objects.select_related("content_type")
            }
        return self.permission_keys[pk]
