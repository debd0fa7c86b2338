"""The delivery layer's rules hold for every sequence of edits (Hypothesis, stateful).

After any sequence of the writes staff and the system make — publish, unpublish, a
plain save, consent withdrawal, an image or licence edit, a clinic settings change, a
view restriction, a folder renamed, a page deleted, time passing an expiry, a
collection restricted or moved under a restricted one, an image moved between
collections — then:

- every route serves exactly what a fresh render of the public content says, and
  no route serves an item that is not public (details, JSON-LD, listings), nor an
  image that is not (``/api/v1/images/{id}/``);
- a detail's ETag changed exactly when its body did; a listing's body never changed
  under the same ETag;
- once the background render has run, every stored representation equals a fresh
  render (``publications --check`` finds nothing);
- a partner's copy kept only by replaying the change feed (``/api/v1/changes/``)
  equals the public listings.

Each example runs in a savepoint that is rolled back, over one small linked world.
"""

import datetime
import itertools
from unittest import mock

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from content_models.case_studies import ConsentChannel
from content_models.conditions import ConditionIndexPage
from content_models.consent import withdraw_consent
from content_models.licenses import License
from content_models.public import image_is_public, public_for_channel
from content_models.publishing import maintenance, renderer
from content_models.publishing.tasks import render_due
from content_models.resources import RESOURCES
from content_models.settings import ClinicSettings
from tests.api.test_changes import listed, mirror
from tests.factories import (
    make_case_study,
    make_condition,
    make_image,
    make_symptom,
    make_treatment,
)

pytestmark = pytest.mark.django_db

_words = itertools.count(1)
real_now = timezone.now


@pytest.fixture
def world(site_tree, settings):
    settings.MERIDIAN_API = {**settings.MERIDIAN_API, "ANON_RATE": ""}
    root = Collection.get_first_root_node()
    CollectionViewRestriction.objects.create(
        collection=root.add_child(name="Clinic only"),
        restriction_type="password",
        password="secret",
    )
    image = make_image(collection=root.add_child(name="Photographs"))
    symptoms = [make_symptom(), make_symptom()]
    treatments = [make_treatment(hero_image=image), make_treatment()]
    conditions = [
        make_condition(
            symptoms=symptoms,
            treatments=treatments[:1],
            hero_image=image,
            overview=f'<p>See <a linktype="page" id="{treatments[1].pk}">this</a>.</p>',
        ),
        make_condition(symptoms=symptoms[1:], treatments=treatments),
    ]
    cases = [
        make_case_study(condition=conditions[0], consent=("web", "print")),
        make_case_study(condition=conditions[1]),
    ]
    ClinicSettings.objects.get_or_create(site=site_tree[0].get_site())
    return [*symptoms, *treatments, *conditions, *cases], image


def fresh(resource):
    """``{slug: Rendered}`` of what is public now, rendered from scratch."""
    public = public_for_channel(resource, ConsentChannel.WEB)
    rendered = renderer.render(resource, public)
    slugs = dict(public.values_list("pk", "slug"))
    return {slugs[pk]: item for pk, item in rendered.items()}


def toggle_restriction(model, **target):
    """Remove the password restriction on ``target``, or add one if it has none."""
    restriction = model.objects.filter(**target).first()
    if restriction:
        restriction.delete()
    else:
        model.objects.create(restriction_type="password", password="secret", **target)


class DeliveryRules(RuleBasedStateMachine):
    client = None
    pages = ()
    image = None

    @initialize()
    def open_savepoint(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.seen = {}  # url → (etag, body)
        self.ahead = datetime.timedelta(0)  # how far the test has moved time on
        self.mirror, self.cursor = {}, 0  # a partner's copy, kept by the change feed

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    # ------------------------------------------------------------------- writes

    def page(self, index):
        pk = self.pages[index % len(self.pages)].pk
        return Page.objects.filter(pk=pk).first()

    @rule(index=st.integers(0, 7))
    def publish_a_change(self, index):
        page = self.page(index)
        if page is not None:
            page = page.specific
            page.title = f"Edited {next(_words)}"
            page.save_revision().publish()

    @rule(index=st.integers(0, 7))
    def unpublish(self, index):
        page = self.page(index)
        if page is not None and page.live:
            page.specific.unpublish()

    @rule(index=st.integers(0, 7))
    def plain_save_of_the_live_row(self, index):
        page = self.page(index)
        if page is not None:
            page = page.specific
            if hasattr(page, "consent_web"):
                page.consent_web = not page.consent_web
            else:
                page.title = f"Saved {next(_words)}"
            page.save()

    @rule(index=st.integers(6, 7))
    def withdraw_consent(self, index):
        page = self.page(index)
        if page is not None and not page.specific.consent_withdrawn_on:
            withdraw_consent(page.specific, None)

    @rule()
    def edit_the_image_credit(self):
        self.image.creator = f"Painter {next(_words)}"
        self.image.save()

    @rule()
    def edit_a_licence(self):
        licence = License.objects.get(pk=self.image.license_id)
        licence.name = f"Licence {next(_words)}"
        licence.save()

    @rule()
    def change_clinic_settings(self):
        clinic = ClinicSettings.objects.first()
        clinic.clinic_name = f"Clinic {next(_words)}"
        clinic.save()

    def collection(self, name):
        return Collection.objects.get(name=name)

    @rule(name=st.sampled_from(["Photographs", "Clinic only"]))
    def toggle_a_collection_restriction(self, name):
        toggle_restriction(CollectionViewRestriction, collection=self.collection(name))

    @rule()
    def move_the_photographs_in_or_out_of_clinic_only(self):
        # As Wagtail's collection editor does it: save, then move, in one
        # transaction; what follows its commit runs when the block ends.
        photographs = self.collection("Photographs")
        clinic_only = self.collection("Clinic only")
        if photographs.get_parent() == clinic_only:
            parent = Collection.get_first_root_node()
        else:
            parent = clinic_only
        with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
            photographs.save()
            photographs.move(parent, "sorted-child")

    @rule(name=st.sampled_from(["Photographs", "Clinic only"]))
    def move_the_image_to_a_collection(self, name):
        self.image.collection = self.collection(name)
        self.image.save()

    @rule(index=st.integers(0, 7))
    def toggle_a_view_restriction(self, index):
        page = self.page(index)
        if page is not None:
            toggle_restriction(PageViewRestriction, page=page)

    @rule()
    def rename_the_conditions_folder(self):
        folder = ConditionIndexPage.objects.get()
        folder.slug = f"conditions-{next(_words)}"
        folder.save_revision().publish()

    @rule(index=st.integers(0, 7))
    def delete(self, index):
        page = self.page(index)
        if page is not None:
            page.delete()

    @rule(index=st.integers(0, 7))
    def set_an_expiry_then_let_it_pass(self, index):
        page = self.page(index)
        if page is None or not page.live:
            return
        page = page.specific
        page.expire_at = self.now() + datetime.timedelta(minutes=5)
        page.save_revision().publish()
        self.ahead += datetime.timedelta(minutes=10)

    # --------------------------------------------------------------- the rules

    def now(self):
        return real_now() + self.ahead

    def later(self):
        """Run with the clock moved on by what the test has let pass."""
        return mock.patch("django.utils.timezone.now", side_effect=self.now)

    def get(self, url):
        with self.later():
            return self.client.get(url)

    def remember(self, url, response, exact):
        etag, body = response.headers.get("ETag"), response.content
        before = self.seen.get(url)
        if before is not None:
            assert (before[1] != body) <= (before[0] != etag), url
            if exact:
                assert (before[1] != body) == (before[0] != etag), url
        self.seen[url] = (etag, body)

    @invariant()
    def every_route_serves_exactly_the_public_content(self):
        for resource in RESOURCES:
            with self.later():
                expected = fresh(resource)
            listing = self.get(f"/api/v1/{resource}/?fields=*&limit=100")
            assert listing.status_code == 200
            results = listing.json()["results"]
            assert sorted(item["slug"] for item in results) == sorted(expected)
            self.remember(listing.request["PATH_INFO"] + "*", listing, exact=False)
            compact = self.get(f"/api/v1/{resource}/?limit=100")
            self.remember(compact.request["PATH_INFO"], compact, exact=False)
            for page in resource.model.objects.all():
                url = f"/api/v1/{resource}/{page.slug}/"
                detail, jsonld = self.get(url), self.get(url + "?format=jsonld")
                if page.slug not in expected:
                    assert detail.status_code == jsonld.status_code == 404, url
                    self.seen.pop(url, None)
                    continue
                assert detail.content.decode() == expected[page.slug].body, url
                assert jsonld.content.decode() == expected[page.slug].jsonld, url
                self.remember(url, detail, exact=True)

    @invariant()
    def a_private_image_is_not_served(self):
        self.image.refresh_from_db()
        if not image_is_public(self.image):
            assert self.get(f"/api/v1/images/{self.image.pk}/").status_code == 404

    @invariant()
    def a_mirror_kept_by_the_change_feed_equals_the_listings(self):
        with self.later():
            self.cursor = mirror(self.client, self.mirror, self.cursor, limit=3)
            assert self.mirror == listed(self.client)

    @invariant()
    def after_the_background_render_the_store_matches_fresh_renders(self):
        with self.later():
            render_due.call()
            assert maintenance.check() == []


def test_delivery_rules_hold_for_every_sequence_of_edits(client, world):
    DeliveryRules.client = client
    DeliveryRules.pages, DeliveryRules.image = world
    run_state_machine_as_test(
        DeliveryRules,
        settings=settings(
            max_examples=12,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture,
                HealthCheck.too_slow,
            ],
        ),
    )
