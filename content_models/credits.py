"""The one credit formatter: TASL (Title, Author, Source, Licence) for every channel.

    >>> credit = credit_for(image)
    >>> credit.text
    '"Qigong exercise to treat lack of essence and pulses". Wellcome Collection. CC BY 4.0'
    >>> credit.html   # the same line with links to the source and the licence

The API, HTML captions, leaflets and feeds all call this; none formats credits itself.
"""

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .licenses import LicenseRef
from .web_urls import web_url


@dataclass(frozen=True)
class Credit:
    title: str
    creator: str
    source_name: str
    source_url: str
    license: LicenseRef | None
    modifications: str
    text: str
    html: SafeString

    @property
    def license_name(self):
        """The licence as the credit line names it ("CC BY 4.0"), or ""."""
        return self.license.short_name if self.license else ""

    @property
    def license_url(self):
        return (self.license.url or "") if self.license else ""

    def as_dict(self):
        """The credit as the API and JSON Feed publish it."""
        return {
            "text": self.text,
            "html": str(self.html),
            "title": self.title,
            "creator": self.creator or None,
            "source": {"name": self.source_name, "url": self.source_url or None},
            "license": self.license.as_dict() if self.license else None,
            "modifications": self.modifications or None,
        }


def _link(text, url, rel=None):
    if not url:
        return format_html("{}", text)
    if rel:
        return format_html('<a href="{}" rel="{}">{}</a>', url, rel, text)
    return format_html('<a href="{}">{}</a>', url, text)


def credit_for(image):
    """Return the :class:`Credit` for a CreditedImage (its licence already fetched).

    Only web addresses are linked or published, even for an image not yet saved.
    """
    license = LicenseRef.of(image.license)
    source_url = web_url(image.source_url)
    title = image.work_title or image.title
    license_name = license.short_name if license else ""
    license_url = (license.url or "") if license else ""

    text_parts = [f'"{title}"' + (f" by {image.creator}" if image.creator else "")]
    html_parts = [
        format_html(
            '"{}"{}',
            _link(title, source_url),
            f" by {image.creator}" if image.creator else "",
        )
    ]
    if image.source_name:
        text_parts.append(image.source_name)
        html_parts.append(format_html("{}", image.source_name))
    if license_name:
        text_parts.append(license_name)
        html_parts.append(_link(license_name, license_url, rel="license"))
    if image.modifications:
        text_parts.append(image.modifications[:1].upper() + image.modifications[1:])
        html_parts.append(format_html("{}", text_parts[-1]))

    if image.credit_override:
        text = image.credit_override
        html = format_html("{}", text)
    else:
        text = ". ".join(text_parts)
        html = format_html_join(". ", "{}", ((part,) for part in html_parts))

    return Credit(
        title=title,
        creator=image.creator,
        source_name=image.source_name,
        source_url=source_url,
        license=license,
        modifications=image.modifications,
        text=text,
        html=html,
    )
