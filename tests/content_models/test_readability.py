"""Plain language: a reading age for each page, scored on save and shown to editors."""

from django.contrib.auth.models import User
from django.urls import reverse

from content_models.conditions import ConditionPage
from content_models.readability import Readability, readability_of
from tests.factories import make_condition, make_symptom

PLAIN = "Your back hurts. It gets better in a few weeks. Keep moving."
DENSE = (
    "Lumbosacral radiculopathy encompasses heterogeneous pathophysiological "
    "mechanisms, predominantly intervertebral discogenic compression necessitating "
    "multidisciplinary conservative management."
)


def test_short_plain_sentences_read_younger_than_dense_clinical_prose():
    plain, dense = readability_of([PLAIN]), readability_of([DENSE])
    assert plain.reading_age < 11 < dense.reading_age
    assert plain.reading_ease > 60 > dense.reading_ease
    assert not dense.on_target


def test_rich_text_is_scored_as_text_not_markup():
    html = readability_of(["<p>Your back hurts.</p><ul><li>Keep moving</li></ul>"])
    text = readability_of(["Your back hurts. Keep moving."])
    assert html == text


def test_a_page_with_no_patient_text_has_no_score(site_tree):
    symptom = make_symptom(description="")
    assert symptom.readability is None


def test_saving_a_page_stores_its_score(site_tree):
    page = make_condition(summary=DENSE, overview="")
    stored = ConditionPage.objects.get(pk=page.pk)
    assert stored.reading_age == readability_of([DENSE]).reading_age
    dense_age = stored.reading_age
    stored.summary = PLAIN
    stored.save_revision().publish()
    assert ConditionPage.objects.get(pk=page.pk).reading_age < dense_age


def test_the_api_shows_the_stored_score_and_never_computes_one(client, site_tree):
    page = make_condition(slug="gout", summary=PLAIN)
    # A value no text could produce proves the request read it, not scored it.
    ConditionPage.objects.filter(pk=page.pk).update(reading_age=42.0, reading_ease=1.5)
    data = client.get("/api/v1/conditions/gout/").json()
    assert data["readability"] == {
        "reading_ease": 1.5,
        "reading_age": 42.0,
        "target_reading_age": [9, 11],
        "on_target": False,
    }


def test_the_editor_sees_the_reading_age_beside_the_target(client, site_tree):
    page = make_condition(summary=DENSE, overview="")
    client.force_login(User.objects.create_superuser("ed", "ed@x.example", "pw"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content
    html = html.decode()
    age = ConditionPage.objects.get(pk=page.pk).readability.whole_years
    assert f"Reading age {age}</strong>" in html
    assert "(target 9–11)" in html
    assert "Shorter sentences and everyday words" in html


def test_the_target_counts_the_reading_age_as_editors_see_it():
    assert Readability(reading_ease=70.0, reading_age=8.5).on_target  # shown as 9
    assert not Readability(reading_ease=70.0, reading_age=11.5).on_target  # 12


def test_the_dictionary_is_found_only_once_its_file_is_complete(tmp_path, monkeypatch):
    """A second process that sees the folder while the first is still writing the
    file must not read a missing file (found on a fresh machine with two workers)."""
    import nltk

    from content_models import readability

    (tmp_path / "corpora" / "cmudict").mkdir(parents=True)  # folder, no file yet
    monkeypatch.setenv("NLTK_DATA", str(tmp_path))
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    readability._provide_cmudict()
    assert (tmp_path / "corpora" / "cmudict" / "cmudict").stat().st_size > 1_000_000
