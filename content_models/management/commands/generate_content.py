"""``python manage.py generate_content --conditions N`` — synthetic benchmark content.

Deterministic (same N, same content), published, and made in bulk: N conditions, each
with an ordered symptom list, two treatments with notes, a clinical code, a credited
image and rich text that links to its treatments, and one revision, live and latest.
Titles start with "Generated".
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from content_models.bulk import bulk_add_children, bulk_add_revisions
from content_models.codes import CodeSystem
from content_models.conditions import (
    ConditionCode,
    ConditionPage,
    ConditionSymptom,
    ConditionTreatment,
)
from content_models.demo.placeholder import placeholder_png
from content_models.demo.tree import ensure_site_tree
from content_models.images import CreditedImage
from content_models.licenses import License
from content_models.symptoms import SymptomPage
from content_models.treatments import TreatmentPage

SYMPTOM_POOL = 60
TREATMENT_POOL = 12
IMAGE_POOL = 8
SYMPTOMS_PER_CONDITION = 4
# Pages added per bulk insert: one INSERT holds every specific row of a chunk, and
# SQLite caps the variables of one statement (20,000 conditions at once is too many).
CHUNK = 1000
WORDS = (
    "ache stiffness swelling tingling weakness numbness burning cramp tension "
    "tenderness fatigue spasm pressure throbbing soreness"
).split()
PLACES = "back neck shoulder hip knee ankle wrist elbow jaw foot hand head".split()


class Command(BaseCommand):
    help = "Create N synthetic published conditions for benchmarks (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--conditions", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, conditions, seed, **options):
        if conditions < 1:
            raise CommandError("--conditions must be 1 or more.")
        started = time.perf_counter()
        rng = random.Random(seed)
        with transaction.atomic():
            _, indexes = ensure_site_tree()
            images = self.images()
            symptoms = self.pool(
                indexes["symptoms"], SymptomPage, "symptom", SYMPTOM_POOL
            )
            treatments = self.pool(
                indexes["treatments"], TreatmentPage, "treatment", TREATMENT_POOL
            )
            created = self.conditions(
                indexes["conditions"], conditions, rng, symptoms, treatments, images
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {created} conditions in {time.perf_counter() - started:.1f} s."
            )
        )

    def images(self):
        license = License.objects.get(spdx_id="CC-BY-4.0")
        images = []
        for n in range(1, IMAGE_POOL + 1):
            work = f"Generated work {n}"
            image = CreditedImage.objects.filter(work_title=work).first()
            if image is None:
                image = CreditedImage(
                    title=f"Generated placeholder {n}",
                    file=placeholder_png(work, size=(640, 427)),
                    work_title=work,
                    creator=f"Generated Artist {n}",
                    source_name="Generated Collection",
                    source_url=f"https://collection.example/works/{n}",
                    license=license,
                )
                image.save()
            images.append(image)
        return images

    def pool(self, index, model, noun, size):
        existing = {
            p.slug: p
            for p in model.objects.filter(slug__startswith=f"generated-{noun}-")
        }
        missing = []
        for n in range(1, size + 1):
            slug = f"generated-{noun}-{n:03d}"
            if slug in existing:
                continue
            words = f"{WORDS[n % len(WORDS)]} in the {PLACES[n % len(PLACES)]}"
            fields = {"title": f"Generated {noun} {n}: {words}", "slug": slug}
            if model is SymptomPage:
                fields.update(
                    description=f"Synthetic {words}.", is_red_flag=n % 15 == 0
                )
            else:
                fields.update(
                    summary=f"Synthetic treatment {n}.",
                    traditional_view=f"<p>Traditional view {n}.</p>",
                    biomedical_mechanism=f"<p>Biomedical mechanism {n}.</p>",
                )
            missing.append(model(**fields))
        bulk_add_children(index, missing)
        return sorted(
            model.objects.filter(slug__startswith=f"generated-{noun}-"),
            key=lambda p: p.slug,
        )

    def conditions(self, index, count, rng, symptoms, treatments, images):
        taken = set(
            ConditionPage.objects.filter(
                slug__startswith="generated-condition-"
            ).values_list("slug", flat=True)
        )
        pages, plans = [], []
        for n in range(1, count + 1):
            slug = f"generated-condition-{n:05d}"
            chosen_symptoms = rng.sample(symptoms, SYMPTOMS_PER_CONDITION)
            chosen_treatments = rng.sample(treatments, 2)
            if slug in taken:
                continue
            links = "".join(
                f'<li><a linktype="page" id="{t.id}">{t.title}</a></li>'
                for t in chosen_treatments
            )
            pages.append(
                ConditionPage(
                    title=f"Generated condition {n}",
                    slug=slug,
                    medical_term=f"Synthetic syndrome {n}",
                    summary=f"A synthetic condition for benchmarks, number {n}.",
                    overview=f"<p>Generated overview {n}.</p><ul>{links}</ul>",
                    causes=[("cause", {"name": "Synthetic", "description": ""})],
                    red_flags=[("red_flag", "you have a synthetic emergency")],
                    hero_image=images[n % len(images)],
                    last_reviewed="2026-01-15",
                    next_review_due="2029-01-15",
                    reviewed_by_name="Generated Reviewer",
                )
            )
            plans.append((chosen_symptoms, chosen_treatments, n))
        for start in range(0, len(pages), CHUNK):
            bulk_add_children(index, pages[start : start + CHUNK])

        symptom_links, treatment_links, codes = [], [], []
        for page, (chosen_symptoms, chosen_treatments, n) in zip(
            pages, plans, strict=True
        ):
            symptom_links += [
                ConditionSymptom(condition=page, symptom=s, sort_order=i, note="")
                for i, s in enumerate(chosen_symptoms)
            ]
            treatment_links += [
                ConditionTreatment(condition=page, treatment=t, sort_order=i)
                for i, t in enumerate(chosen_treatments)
            ]
            codes.append(
                ConditionCode(
                    condition=page,
                    system=CodeSystem.ICD10,
                    code=f"R{n % 100:02d}.{n % 10}",
                    sort_order=0,
                )
            )
        ConditionSymptom.objects.bulk_create(symptom_links, batch_size=500)
        ConditionTreatment.objects.bulk_create(treatment_links, batch_size=500)
        ConditionCode.objects.bulk_create(codes, batch_size=500)
        for start in range(0, len(pages), CHUNK):
            bulk_add_revisions(pages[start : start + CHUNK])
        return len(pages)
