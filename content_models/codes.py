"""Clinical codes (ICD-10, ICD-10-CM, SNOMED CT) and the format each system requires."""

import re

from django.core.exceptions import ValidationError


class CodeSystem:
    ICD10 = "icd-10"
    ICD10CM = "icd-10-cm"
    SNOMED_CT = "snomed-ct"

    CHOICES = [
        (ICD10, "ICD-10 (WHO)"),
        (ICD10CM, "ICD-10-CM (US clinical modification)"),
        (SNOMED_CT, "SNOMED CT"),
    ]


# ICD codes: a letter, two characters, then the subdivision after a dot (WHO ICD-10
# has one digit, ICD-10-CM up to four characters). SNOMED CT ids are digits only.
CODE_PATTERNS = {
    CodeSystem.ICD10: (re.compile(r"^[A-Z]\d{2}(\.\d)?$"), "like M54.3"),
    CodeSystem.ICD10CM: (
        re.compile(r"^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$"),
        "like M54.16",
    ),
    CodeSystem.SNOMED_CT: (re.compile(r"^\d{6,18}$"), "6 to 18 digits, like 23056005"),
}


def validate_clinical_code(system, code):
    """Raise ValidationError on ``code`` when it is not in ``system``'s format."""
    pattern, example = CODE_PATTERNS.get(system, (None, None))
    if pattern is None:
        raise ValidationError({"system": f"Unknown coding system '{system}'."})
    if not pattern.match(code or ""):
        label = dict(CodeSystem.CHOICES)[system]
        raise ValidationError(
            {"code": f"'{code}' is not a valid {label} code: expected {example}."}
        )
