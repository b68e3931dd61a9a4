"""Django's JSON serialisation, datetimes and times kept to the microsecond (format `hub-json`).

Django's own JSON encoder cuts them to milliseconds (ECMA-262's date format), so a backup
restored with it moves every timestamp: a signed link bound to one (a contact's
confirmation link, network.auth.confirm_token) no longer matches. The files it writes are
plain Django JSON fixtures, read back by the standard `json` deserializer.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils.timezone import is_aware

__all__ = ["Deserializer", "Serializer"]


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and not is_aware(o):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
