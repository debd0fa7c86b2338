"""A condition with a long overview and six symptoms, to make leaflets break pages.

    condition = make_heel_pain()          # after the demo content is loaded

Modelled on the leaflet staff found wanting (plantar heel pain): an overview longer
than a page in large print, a list of six symptoms with notes, a hero image and links
whose addresses must be printed. Test data, not demo data.
"""

from django.utils.text import slugify

from content_models.conditions import ConditionSymptom, ConditionTreatment
from content_models.treatments import TreatmentPage
from tests.factories import make_condition, make_image, make_symptom, make_treatment

LONG_URL = (
    "https://guidance.example.org/musculoskeletal/foot-and-ankle/plantar-heel-pain/"
    "patient-decision-aid-for-stretching-footwear-and-insoles-2026-edition"
)

SYMPTOMS = [
    ("Heel pain with the first steps", "worst in the morning"),
    ("Pain after resting", "eases once you walk a little"),
    ("Tenderness under the heel", "on the inner side"),
    ("Stiffness in the arch", ""),
    ("Pain after long standing", "worse at the end of the day"),
    ("Aching along the sole", "may spread towards the toes"),
]

OVERVIEW_PARAGRAPHS = [
    "Plantar heel pain is the most common cause of pain under the heel in adults. "
    "A thick band of tissue, the plantar fascia, runs from the heel bone to the base "
    "of the toes and supports the arch of the foot. When it is overloaded it becomes "
    "irritated where it joins the heel.",
    "The pain is usually sharp with the first steps of the day or after sitting, then "
    "settles to a dull ache as the tissue warms up. It often returns after a long day "
    "on your feet. Most people have it in one foot, but both can be affected.",
    "It is common between the ages of 40 and 60, in people who stand or walk for long "
    "hours at work, in runners who increase their distance quickly and in people who "
    "have recently put on weight. Flat feet, high arches and tight calf muscles all "
    "change the way load passes through the sole.",
    "Most heel pain of this kind gets better on its own within a year, and sooner "
    "with simple care: resting from the activities that bring it on, stretching the "
    "calf and the sole every day, wearing cushioned shoes with a supportive arch, and "
    "losing weight if you need to. Painkillers can help you keep moving.",
    "If the pain lasts longer than a few months despite this, a physiotherapist or "
    "podiatrist can look at the way you walk, suggest insoles and show you exercises "
    "that load the tissue gradually. Injections and shock-wave treatment are offered "
    "to a few people whose pain does not settle.",
    "A decision aid that compares stretching, footwear and insoles is published "
    f'<a href="{LONG_URL}">by the guideline group</a>. Read also how '
    '<a linktype="page" id="{tja}">Traditional Japanese Acupuncture</a> may help, '
    "and keep a short diary of when the pain is worst to bring to your appointment.",
]

RED_FLAGS = ["your heel is red, hot and swollen, or you feel feverish"]

HOW_USED = (
    "<p>Fine needles are placed in the calf and around the heel and ankle to ease the "
    "pain and relax the tight tissue, usually once a week for four to six weeks, "
    "alongside daily stretching.</p>"
)

# A second treatment with long explanations: boxes that must be able to break.
WARM_NEEDLING = {
    "title": "Warm needle acupuncture (test)",
    "tradition": "Traditional Japanese Medicine",
    "summary": "Acupuncture with gentle warmth added at the needle.",
    "traditional_view": "".join(
        f"<p>{text}</p>"
        for text in [
            "In the traditional view, cold and damp settle in tissues that are "
            "overworked and poorly nourished, and the flow of Qi and blood through "
            "them slows. The heel and the sole, far from the trunk and pressed on all "
            "day, are thought to be especially open to this.",
            "Warmth is used to disperse the cold and to get the circulation moving "
            "again. A small amount of dried mugwort is lit on the handle of a fine "
            "needle, so that gentle heat travels down into the point without the "
            "skin becoming hot.",
            "Points are chosen along the channels that pass through the calf, the "
            "ankle and the sole, and at tender places around the heel itself. The "
            "practitioner checks the pulse and the tissues at each visit and changes "
            "the points as the picture changes.",
        ]
    ),
    "biomedical_mechanism": "<p>Studies of warmth and needling suggest that "
    "they may:</p><ul>"
    "<li>increase blood flow in the treated tissue;</li>"
    "<li>relax tight muscles in the calf;</li>"
    "<li>lower the sensitivity of nerve endings around the heel;</li>"
    "<li>lead the brain to release its own painkillers;</li>"
    "<li>reduce the stiffness felt with the first steps.</li></ul>",
}

CAUSES = [
    ("Overload", "Long hours standing or walking on hard floors."),
    ("Sudden increase in activity", "Running further or more often than before."),
    ("Footwear", "Flat, worn or unsupportive shoes."),
    ("Tight calf muscles", "They pull on the heel and the sole with every step."),
    ("Body weight", "Extra weight increases the load on the sole."),
]


def make_heel_pain(slug="heel-pain", title="Plantar heel pain (test)", **fields):
    """A published long condition linking the demo's acupuncture treatment."""
    acupuncture = TreatmentPage.objects.get(slug="traditional-japanese-acupuncture")
    overview = "".join(f"<p>{text}</p>" for text in OVERVIEW_PARAGRAPHS)
    values = {
        "title": title,
        "medical_term": "Plantar fasciopathy",
        "summary": "Pain under the heel, worst with the first steps of the day, "
        "caused by strain where the plantar fascia joins the heel bone.",
        "overview": overview.replace("{tja}", str(acupuncture.pk)),
        "red_flags": [("red_flag", text) for text in RED_FLAGS],
        "causes": [("cause", {"name": n, "description": d}) for n, d in CAUSES],
        "hero_image": make_image(title="Heel (test)", description="A heel."),
    }
    values.update(fields)
    condition = make_condition(slug=slug, publish=False, **values)
    # The factory links symptoms without notes; the leaflet should show notes.
    condition.symptom_links = [
        ConditionSymptom(
            symptom=make_symptom(title=name, slug=f"{slug}-{slugify(name)}"),
            note=note,
            sort_order=i,
        )
        for i, (name, note) in enumerate(SYMPTOMS)
    ]
    condition.treatment_links = [
        ConditionTreatment(treatment=acupuncture, how_used=HOW_USED, sort_order=0),
        ConditionTreatment(
            treatment=make_treatment(slug=f"{slug}-warm-needling", **WARM_NEEDLING),
            how_used="<p>Used when the heel feels cold and stiff in the morning.</p>",
            sort_order=1,
        ),
    ]
    condition.save_revision().publish()
    condition.refresh_from_db()
    return condition
