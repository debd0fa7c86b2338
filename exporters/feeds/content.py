"""The HTML body of a feed entry, one layout per resource.

    >>> from exporters.feeds.content import EntryBody, rich_text_sources
    >>> html_by_key = RichTextRenderer(base).render_many(rich_text_sources(resource, pages))
    >>> body = EntryBody(resource, html_by_key, url_of=canonical_url_of_page)
    >>> html, related_pages, image = body.build(page)

Rich text arrives already rendered by the shared ``RichTextRenderer`` (sanitised, with
absolute links, every entry's internal links resolved in one query); everything else is
escaped here with ``format_html``. Related pages come from the prefetched, public-only
relations, so building a body makes no query.
"""

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe

# Rich-text fields in the order they appear in an entry, with their headings.
RICH_TEXT_FIELDS = {
    "conditions": [("overview", "")],
    "treatments": [
        ("what_to_expect", "What to expect"),
        ("traditional_view", "The traditional view"),
        ("biomedical_mechanism", "The biomedical explanation"),
        ("safety", "Safety and contraindications"),
    ],
    "case-studies": [("findings", "Findings")],
}


def rich_text_sources(resource, pages):
    """Every rich-text value of ``pages``, keyed ``(page pk, field)``, for one batch."""
    return {
        (page.pk, name): getattr(page, name)
        for page in pages
        for name, _ in RICH_TEXT_FIELDS[resource]
    }


def section(heading, html):
    if not heading:
        return html
    return format_html("<h2>{}</h2>\n{}", heading, html)


def html_list(heading, items, ordered=False):
    """``items`` are safe HTML strings; nothing is written when there are none."""
    if not items:
        return ""
    rows = format_html_join("", "<li>{}</li>", ((item,) for item in items))
    tag = "ol" if ordered else "ul"
    return section(heading, format_html(f"<{tag}>{{}}</{tag}>", rows))


def with_note(html, note):
    """``html`` followed by ``: note`` (escaped), or ``html`` alone."""
    return format_html("{}: {}", html, note) if note else html


def figure(image):
    """The image with its credit line as caption (``image``: a FeedImage)."""
    return format_html(
        '<figure><img src="{}" alt="" width="{}" height="{}">'
        "<figcaption>{}</figcaption></figure>",
        image.url,
        image.width,
        image.height,
        image.credit.html,
    )


def references(stream):
    return html_list(
        "References",
        [
            format_html('<a href="{}">{}</a>', ref.value["url"], ref.value["citation"])
            if ref.value["url"]
            else format_html("{}", ref.value["citation"])
            for ref in stream
        ],
    )


class EntryBody:
    """Lays out one page of ``resource``; ``url_of(page)`` gives canonical URLs."""

    def __init__(self, resource, html_by_key, url_of):
        self.resource = resource
        self.html_by_key = html_by_key
        self.url_of = url_of

    def build(self, page):
        """``(html, related public pages, hero image or None)`` for ``page``."""
        layout = {
            "conditions": self.condition,
            "treatments": self.treatment,
            "case-studies": self.case_study,
        }[self.resource]
        parts, related, image = layout(page)
        return "\n".join(str(part) for part in parts if part), related, image

    def rich_text(self, page):
        for name, heading in RICH_TEXT_FIELDS[self.resource]:
            html = self.html_by_key[(page.pk, name)]
            if html:
                # Sanitised by RichTextRenderer, so it is safe as it stands.
                yield section(heading, mark_safe(html))  # noqa: S308

    def linked(self, heading, rows):
        """``rows``: ``(page, note)`` pairs, each a link to the page and its note."""
        return html_list(
            heading,
            [
                with_note(
                    format_html('<a href="{}">{}</a>', self.url_of(page), page.title),
                    note,
                )
                for page, note in rows
            ],
        )

    def condition(self, page):
        symptoms = [(link.symptom, link.note) for link in page.symptom_links.all()]
        treatments = [
            # the per-condition text as plain words after the link
            (link.treatment, strip_tags(link.how_used).strip())
            for link in page.treatment_links.all()
        ]
        causes = [
            with_note(
                format_html("<strong>{}</strong>", cause.value["name"]),
                cause.value["description"],
            )
            for cause in page.causes
        ]
        parts = [
            *self.rich_text(page),
            self.linked("Symptoms", symptoms),
            html_list("Causes", causes),
            html_list(
                "Get urgent help if…",
                [format_html("{}", flag.value) for flag in page.red_flags],
            ),
            self.linked("Treatments", treatments),
            references(page.references),
        ]
        related = [linked for linked, _ in symptoms + treatments]
        return parts, related, page.hero_image

    def treatment(self, page):
        conditions = [link.condition for link in page.public_condition_links]
        parts = [
            *self.rich_text(page),
            self.linked("Used for", [(condition, "") for condition in conditions]),
            references(page.references),
        ]
        return parts, conditions, page.hero_image

    def case_study(self, page):
        treatments = list(page.treatments_given.all())
        facts = [
            ("Patient", page.patient_label),
            ("Age", page.get_age_band_display()),
            ("Sex", page.get_sex_display() if page.sex else ""),
            ("Duration", page.duration),
            ("Onset", page.onset),
            ("Sessions", page.number_of_sessions),
        ]
        outcomes = [
            format_html(
                "After session {}: {}, {}", o.after_session, o.measure, o.result
            )
            for o in page.outcomes.all()
        ]
        parts = [
            section(
                "Presenting complaint",
                format_html("<p>{}</p>", page.presenting_complaint),
            ),
            html_list(
                "",
                [format_html("<strong>{}:</strong> {}", k, v) for k, v in facts if v],
            ),
            *self.rich_text(page),
            self.linked("Treatments given", [(t, "") for t in treatments]),
            html_list("Outcomes", outcomes, ordered=True),
            section("Adverse events", format_html("<p>{}</p>", page.adverse_events))
            if page.adverse_events
            else "",
            # The disclaimer goes wherever the case study goes.
            format_html("<p><em>{}</em></p>", page.disclaimer),
        ]
        related = ([page.condition] if page.condition else []) + treatments
        return parts, related, None
