"""Dates and times in the admin, in the editor's time zone.

Wagtail shows the admin in each editor's language and time zone (Account > Preferences:
WAGTAILADMIN_PERMITTED_LANGUAGES, and every time zone, WAGTAIL_USER_TIME_ZONES being unset).
Its spreadsheet exports do not: an Excel file gets times in UTC without saying so, a CSV file
the database's UTC value, and a CSV file's headings come in the browser's language. The Hub's
reports and exports (search statistics, profiles to confirm, contact points) write times in
the editor's time zone instead, the CSV with its UTC offset (ISO 8601), with headings in the
editor's language, a datetime column's naming the zone.
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin


class LocalTimeExportMixin:
    """For a view with SpreadsheetExportMixin: datetimes in the editor's time zone, and the
    headings of datetime columns naming it, in the editor's language. The zone and language
    are those Wagtail activated for the request: a CSV export is written after the view has
    returned (streamed), outside them."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        self.export_zone = timezone.get_current_timezone()
        self.export_language = translation.get_language()
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def get_preprocess_function(self, field, value, export_format):
        if not isinstance(value, datetime.datetime) or field in self.custom_field_preprocess:
            return super().get_preprocess_function(field, value, export_format)
        zone = self.export_zone

        def in_zone(moment):
            return timezone.localtime(moment, zone) if timezone.is_aware(moment) else moment

        if export_format == SpreadsheetExportMixin.FORMAT_XLSX:
            return lambda moment: in_zone(moment).replace(tzinfo=None)
        return lambda moment: in_zone(moment).isoformat(sep=" ", timespec="minutes")

    def get_heading(self, queryset, field):
        with translation.override(self.export_language):
            heading = super().get_heading(queryset, field)
        model = getattr(queryset, "model", None)  # a report's rows may be a list
        if model is None:
            return heading
        try:
            model_field = model._meta.get_field(field)
        except FieldDoesNotExist:  # a dotted path or a method: not a datetime of the model
            return heading
        if isinstance(model_field, models.DateTimeField):
            return f"{heading} ({self.export_zone})"
        return heading
