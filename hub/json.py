"""JSON responses that never echo markup: <, > and & are escaped as \\u003c, \\u003e, \\u0026,
so a query string reflected in an API answer cannot become HTML anywhere it lands."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse


def json_response(data, status=200, headers=None):
    text = (
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )
    return HttpResponse(
        text, status=status, headers=headers, content_type="application/json; charset=utf-8"
    )
