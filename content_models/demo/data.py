"""The demo content as data. Facts from the clinic's sciatica article, in our own words.

Extra items are marked "(demo)" in their titles so nobody mistakes them for reviewed
clinical content.
"""

import datetime

REVIEWED = datetime.date(2026, 9, 1)
REVIEWER = ("Dr Aiko Sato", "Lic. Ac., MBAcC")

QIGONG_IMAGE = {
    "key": "qigong",
    "title": "Generated placeholder for 'Qigong exercise to treat lack of essence "
    "and pulses'",
    "work_title": "Qigong exercise to treat lack of essence and pulses",
    "creator": "",
    "source_name": "Wellcome Collection",
    "source_url": "https://wellcomecollection.org/search/works?query=Qigong%20"
    "exercise%20to%20treat%20lack%20of%20essence%20and%20pulses",
    "license": "CC-BY-4.0",
}

SYMPTOMS = [
    # slug, title, description, body location, red flag
    ("lower-back-pain", "Lower back pain",
     "Aching or sharp pain low in the back, above the buttocks.", "lower back", False),
    ("buttock-or-leg-pain", "Pain in the buttock or leg",
     "Pain felt deep in one buttock or along the leg.", "buttock, leg", False),
    ("radiating-hip-pain", "Hip pain that spreads down the leg",
     "Pain starting at the hip and travelling down the back of one thigh, "
     "sometimes as far as the foot.", "hip, thigh", False),
    ("burning-or-tingling-in-the-leg", "Burning or tingling in the leg",
     "A burning, tingling or 'pins and needles' feeling running down the leg.",
     "leg", False),
    ("leg-weakness-or-numbness", "Weakness or numbness in the leg or foot",
     "The leg or foot feels weak or numb, or is hard to move.", "leg, foot", False),
    ("saddle-numbness", "Numbness around the genitals or buttocks",
     "Loss of feeling in the area that would touch a saddle.", "groin", True),
    ("loss-of-bladder-or-bowel-control", "Loss of bladder or bowel control",
     "Being unable to hold or to pass urine or stools as usual.", "pelvis", True),
    ("neck-stiffness", "Neck stiffness (demo)",
     "The neck is hard to turn. Demo symptom.", "neck", False),
    ("shoulder-pain-at-night", "Shoulder pain at night (demo)",
     "Shoulder pain that wakes you. Demo symptom.", "shoulder", False),
    ("band-like-head-pain", "Band-like head pain (demo)",
     "A pressing band around the head. Demo symptom.", "head", False),
]  # fmt: skip

TREATMENTS = [
    {
        "slug": "traditional-japanese-acupuncture",
        "title": "Traditional Japanese Acupuncture",
        "tradition": "Traditional Japanese Medicine",
        "also_called": "TJA\nJapanese acupuncture",
        "summary": "A gentle style of acupuncture using very fine needles, "
        "often with little or no sensation, aimed at easing pain and restoring "
        "balance.",
        "traditional_view": "<p>Traditional Japanese Medicine sees the body's energy, "
        "<b>Qi</b>, and blood flowing along channels called <b>meridians</b>. Pain is "
        "read as a sign that this flow has stalled somewhere: where Qi and blood "
        "stagnate, the tissues and nerves nearby are poorly fed and become sore or "
        "inflamed.</p><p>The practitioner feels for these places along the "
        "meridians. Needling aims to free the flow again and to keep it "
        "moving.</p>",
        "biomedical_mechanism": "<p>Research suggests acupuncture acts through the "
        "nervous system. It may lead the brain to:</p><ul>"
        "<li>release the body's own painkillers, such as endorphins;</li>"
        "<li>raise levels of serotonin and noradrenaline;</li>"
        "<li>turn down the way pain signals are processed;</li>"
        "<li>increase blood flow to the painful area.</li></ul>",
        "what_to_expect": "<p>Sessions last about an hour. Most people find the "
        "treatment relaxing; the needles are very fine and often barely felt.</p>",
        "safety": "<p>Side effects are usually mild: small bruises or brief "
        "tiredness. Tell your practitioner if you are pregnant, take blood "
        "thinners or have a pacemaker.</p>",
        "references": [
            (
                "Vickers AJ et al. Acupuncture for chronic pain: update of an individual "
                "patient data meta-analysis. J Pain. 2018;19(5):455-474.",
                "https://doi.org/10.1016/j.jpain.2017.11.005",
            ),
        ],
        "image": "qigong",
    },
    {
        "slug": "massage-therapy",
        "title": "Massage therapy (demo)",
        "tradition": "Manual therapy",
        "summary": "Demo treatment: hands-on work on muscles and soft tissue to "
        "ease tension and pain.",
        "traditional_view": "",
        "biomedical_mechanism": "<p>May reduce muscle tension and improve local "
        "circulation.</p>",
    },
    {
        "slug": "moxibustion",
        "title": "Moxibustion (demo)",
        "tradition": "Traditional Japanese Medicine",
        "summary": "Demo treatment: gentle warmth from burning mugwort near "
        "acupuncture points.",
        "traditional_view": "<p>Warms the meridians and moves Qi and blood.</p>",
        "biomedical_mechanism": "<p>Local warmth increases blood flow.</p>",
    },
]

CONDITIONS = [
    {
        "slug": "sciatica",
        "title": "Sciatica",
        "medical_term": "Lumbar radiculopathy",
        "also_called": "Sciatic nerve pain\nLumbar radicular pain",
        "summary": "Sciatica is pain, tingling or numbness caused by irritation or "
        "inflammation of the nerves leaving the lower back. It often runs from the "
        "buttock down one leg and can be very disabling.",
        "search_description": "Sciatica (lumbar radiculopathy): symptoms, warning "
        "signs, causes, and how Traditional Japanese Acupuncture may help.",
        "overview": "<p>Sciatica is a common nerve condition. The nerves that leave "
        "the spine in the <b>lower back</b> become squeezed or inflamed, and the "
        "pain follows them into the buttock and leg.</p><p>Read how "
        '<a linktype="page" id="{treatment:traditional-japanese-acupuncture}">'
        "Traditional Japanese Acupuncture</a> may help.</p>",
        "codes": [
            ("icd-10", "M54.3", "Sciatica"),
            ("icd-10-cm", "M54.16", "Radiculopathy, lumbar region"),
            ("snomed-ct", "23056005", "Sciatica"),
        ],
        "symptoms": [
            ("lower-back-pain", ""),
            ("buttock-or-leg-pain", "worse when sitting"),
            ("radiating-hip-pain", "down the back of one thigh, to the foot"),
            ("burning-or-tingling-in-the-leg", ""),
            ("leg-weakness-or-numbness", "or difficulty moving the leg or foot"),
        ],
        "red_flags": [
            "you have numbness around your genitals or buttocks",
            "you cannot control your bladder or bowels",
            "both legs become weak or numb",
            "the pain follows a fall or accident",
        ],
        "causes": [
            ("Sudden trauma", "An injury, a fall or a sudden strain on the back."),
            ("Postural imbalance", "Years of uneven posture build up strain."),
            ("Dehydration", "Discs between the vertebrae lose water and cushion less."),
            (
                "Ageing",
                "Normal wear of the spine with age narrows the space for nerves.",
            ),
        ],
        "treatments": [
            (
                "traditional-japanese-acupuncture",
                "<p>The traditional view reads sciatica as Qi and blood stuck along "
                "the <b>Bladder meridian</b>, which runs beside the sciatic nerve "
                "from the lower back down the back of the leg. Fine needles are "
                "placed along it in the lower back and buttock to ease the pain and "
                "get the circulation going again.</p>",
            ),
            (
                "massage-therapy",
                "<p>Demo: to relax the muscles around the lower back.</p>",
            ),
        ],
        "references": [
            (
                "NICE. Low back pain and sciatica in over 16s: assessment and "
                "management (NG59). 2016, updated 2020.",
                "https://www.nice.org.uk/guidance/ng59",
            ),
        ],
        "image": "qigong",
    },
    {
        "slug": "tension-type-headache",
        "title": "Tension-type headache (demo)",
        "medical_term": "Tension-type headache",
        "summary": "Demo condition: a common headache felt as a tight band around "
        "the head.",
        "codes": [("icd-10", "G44.2", "Tension-type headache")],
        "symptoms": [("band-like-head-pain", ""), ("neck-stiffness", "often")],
        "red_flags": ["the headache is sudden and the worst you have ever had"],
        "causes": [("Stress", "")],
        "treatments": [
            (
                "traditional-japanese-acupuncture",
                "<p>Demo: needles in the neck and shoulders, where the tension "
                "sits.</p>",
            )
        ],
    },
    {
        "slug": "frozen-shoulder",
        "title": "Frozen shoulder (demo)",
        "medical_term": "Adhesive capsulitis",
        "summary": "Demo condition: the shoulder becomes painful and stiff over "
        "months.",
        "codes": [("icd-10", "M75.0", "Adhesive capsulitis of shoulder")],
        "symptoms": [("shoulder-pain-at-night", "")],
        "causes": [("Unknown", "Often no clear cause is found.")],
        "treatments": [
            ("moxibustion", "<p>Demo: warmth around the stiff shoulder.</p>")
        ],
    },
    {
        "slug": "neck-pain",
        "title": "Neck pain (demo)",
        "medical_term": "Cervicalgia",
        "summary": "Demo condition: pain and stiffness in the neck.",
        "codes": [("icd-10", "M54.2", "Cervicalgia")],
        "symptoms": [("neck-stiffness", "")],
        "treatments": [
            ("massage-therapy", "<p>Demo: gentle work on the neck muscles.</p>")
        ],
    },
]

CASE_STUDIES = [
    {
        "slug": "mr-k-sciatica",
        "title": "Mr. K.: six months of sciatica",
        "patient_label": "Mr. K.",
        "age_band": "40-49",
        "age_note": "45",
        "sex": "male",
        "condition": "sciatica",
        "summary": "A man in his mid-forties with sciatica for more than six months "
        "had about 60% less pain after one session of acupuncture and was largely "
        "in remission after four.",
        "presenting_complaint": "Severe sciatic pain for more than six months, with "
        "lower back and buttock pain worse when sitting, and burning and tingling "
        "from the buttock to the foot. For the last month, the pain and tingling "
        "had spread down the back of the thigh and calf of one leg.",
        "duration": "more than six months",
        "onset": "sudden, with no obvious cause",
        "findings": "<p>On palpation, a point of stagnation in the lower back and "
        "buttock along the Bladder meridian, which runs beside the sciatic "
        "nerve.</p>",
        "treatments": ["traditional-japanese-acupuncture"],
        "sessions": 4,
        "outcomes": [
            (1, "Pain (self-reported)", "reduced by about 60%"),
            (4, "Symptoms", "largely in remission"),
        ],
        "adverse_events": "None reported.",
        "consent": {"web": True, "print": True, "syndication": True},
    },
    {
        "slug": "ms-t-frozen-shoulder",
        "title": "Ms. T.: frozen shoulder (demo)",
        "patient_label": "Ms. T.",
        "age_band": "50-59",
        "sex": "female",
        "condition": "frozen-shoulder",
        "summary": "Demo case study, web only: shoulder pain eased over eight sessions.",
        "presenting_complaint": "Demo: shoulder pain at night.",
        "treatments": ["moxibustion"],
        "sessions": 8,
        "outcomes": [(8, "Night pain", "much reduced")],
        "consent": {"web": True, "print": False, "syndication": False},
    },
]

CLINIC = {
    "clinic_name": "Meridian Demo Clinic",
    "address": "1 Example Street\nExampletown EX1 2MP",
    "phone": "+44 20 7946 0000",
    "email": "reception@clinic.example",
    "website": "https://clinic.example",
    "leaflet_disclaimer": "This leaflet gives general information. It does not "
    "replace advice from your doctor or practitioner about your own health.",
    "feed_title": "Meridian Demo Clinic — patient information",
    "text_license": "CC-BY-4.0",
    "syndication_terms": "You may republish our text under CC BY 4.0. Show the "
    "attribution block with a link to the original page, keep every image credit, "
    "and do not change clinical facts.",
}
