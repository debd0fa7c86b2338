"""Clinical codes of a condition as CSV: a plugin Meridian's tests install."""

import csv
import io

from exporters.base import Exporter


class ClinicalCodesCSV(Exporter):
    name = "codes-csv"
    label = "Clinical codes (CSV)"
    media_type = "text/csv; charset=utf-8"
    extension = "csv"
    scope = Exporter.ITEM
    resources = ("conditions",)
    version = "2"

    def render(self, items, context):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["condition", "system", "code", "display"])
        for condition in items:
            for code in condition.clinical_codes.all():
                writer.writerow([condition.slug, code.system, code.code, code.display])
        return out.getvalue().encode()
