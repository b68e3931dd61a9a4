"""Validators every input shares (the admin's forms through model validation, and imports).

Web addresses are http or https only: Django's URLField also takes ftp and ftps, and an
address that is not validated at all (an import) can be `javascript:...`, a live link on a
public page.
"""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ["http", "https"]

web_address = URLValidator(
    schemes=WEB_SCHEMES, message=_("Enter a web address starting with http:// or https://.")
)
