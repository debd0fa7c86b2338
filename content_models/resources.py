"""The resources Meridian publishes, each declared once; everything else derives.

    >>> RESOURCES["conditions"].model
    <class 'content_models.conditions.ConditionPage'>
    >>> [resource.name for resource in RESOURCES]
    ['conditions', 'symptoms', 'treatments', 'case-studies']
    >>> resource_of(sciatica).noun
    'condition'

The API router, listing filters, the index, exporters, background renders, the
publication store and the demo all read this registry: adding a fifth resource is one
:class:`Resource` here, plus its serializer (``api.serializers``) and its filters
(``api.filters``), which declare which resource they serve.

Models are named by label and looked up lazily, so page modules may import this one.
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Resource:
    """One kind of page partners can read, in the clinic's words."""

    name: str  # URL segment and key everywhere: "case-studies"
    noun: str  # "case study", for messages
    model_label: str  # "content_models.CaseStudyPage"
    index_label: str  # the folder page that holds them
    index_title: str  # that folder's title in a new site
    # Whether a clinician reviews it on a cycle (ReviewedContent).
    reviewed: bool = False
    # Whether it reaches a channel only with the patient's consent for that channel.
    needs_consent: bool = False
    # Rich-text fields its representation shows (paths through links included).
    rich_text_fields: tuple = field(default_factory=tuple)
    # Paths to the other pages its representation shows (a title, a link): when one
    # of them changes, this item is rendered again.
    shows: tuple = field(default_factory=tuple)
    # Image fields it shows, with their credit and licence.
    image_fields: tuple = field(default_factory=tuple)

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def index_model(self):
        return apps.get_model(self.index_label)

    def __str__(self):
        return self.name


class ResourceRegistry:
    """An ordered, read-only mapping of resource name to :class:`Resource`."""

    def __init__(self, *resources):
        self._by_name = {resource.name: resource for resource in resources}

    def __iter__(self):
        return iter(self._by_name.values())

    def __getitem__(self, name):
        return self._by_name[name]

    def __contains__(self, name):
        return name in self._by_name

    def names(self):
        return tuple(self._by_name)

    def reviewed(self):
        return tuple(resource for resource in self if resource.reviewed)

    def for_index(self, model):
        """The resource whose folder page is ``model``, or None."""
        return next((r for r in self if model is r.index_model), None)

    def for_model(self, model):
        """The resource a page class (or any subclass of it) is published as, or None."""
        for resource in self:
            if issubclass(model, resource.model):
                return resource
        return None


RESOURCES = ResourceRegistry(
    Resource(
        "conditions",
        noun="condition",
        model_label="content_models.ConditionPage",
        index_label="content_models.ConditionIndexPage",
        index_title="Conditions",
        reviewed=True,
        rich_text_fields=("overview", "treatment_links__how_used"),
        shows=("symptom_links__symptom", "treatment_links__treatment", "case_studies"),
        image_fields=("hero_image",),
    ),
    Resource(
        "symptoms",
        noun="symptom",
        model_label="content_models.SymptomPage",
        index_label="content_models.SymptomIndexPage",
        index_title="Symptoms",
        shows=("condition_links__condition",),
    ),
    Resource(
        "treatments",
        noun="treatment",
        model_label="content_models.TreatmentPage",
        index_label="content_models.TreatmentIndexPage",
        index_title="Treatments",
        reviewed=True,
        rich_text_fields=(
            "traditional_view",
            "biomedical_mechanism",
            "what_to_expect",
            "safety",
            "condition_links__how_used",
        ),
        shows=("condition_links__condition",),
        image_fields=("hero_image",),
    ),
    Resource(
        "case-studies",
        noun="case study",
        model_label="content_models.CaseStudyPage",
        index_label="content_models.CaseStudyIndexPage",
        index_title="Case studies",
        reviewed=True,
        needs_consent=True,
        rich_text_fields=("findings",),
        shows=("condition", "treatments_given"),
    ),
)


def resource_of(page_or_model):
    """The :class:`Resource` of a page (or page class), or None."""
    model = page_or_model if isinstance(page_or_model, type) else type(page_or_model)
    return RESOURCES.for_model(model)


def resource_name(page_or_model):
    """The resource name of a page or page class: "conditions"…, or "" for others."""
    resource = resource_of(page_or_model) if page_or_model is not None else None
    return resource.name if resource else ""
