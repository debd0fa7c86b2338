"""Re-exports every model so Django's app registry sees them (one module per family)."""

from .case_studies import CaseStudyIndexPage, CaseStudyOutcome, CaseStudyPage
from .clinical_review import ClinicalReviewTask, ReviewerProfile
from .conditions import (
    ConditionCode,
    ConditionIndexPage,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
)
from .consent import ConsentWithdrawal
from .home import HomePage
from .images import CreditedImage, CreditedRendition
from .licenses import License
from .publishing.models import (
    Publication,
    PublicationDependency,
    PublicationEvent,
    StoreState,
)
from .settings import ClinicSettings
from .symptoms import SymptomIndexPage, SymptomPage
from .treatments import TreatmentIndexPage, TreatmentPage

__all__ = [
    "CaseStudyIndexPage",
    "CaseStudyOutcome",
    "CaseStudyPage",
    "ClinicSettings",
    "ClinicalReviewTask",
    "ConsentWithdrawal",
    "ConditionCode",
    "ConditionIndexPage",
    "ConditionPage",
    "ConditionSymptom",
    "ConditionTreatment",
    "CreditedImage",
    "CreditedRendition",
    "HomePage",
    "License",
    "Publication",
    "PublicationDependency",
    "PublicationEvent",
    "StoreState",
    "ReviewerProfile",
    "SymptomIndexPage",
    "SymptomPage",
    "TreatmentIndexPage",
    "TreatmentPage",
]
