"""What leaves the CMS, read as a partner site or a printer would: over HTTP from the
live server, with no session.

    listing = api_json(clinic.url, "/api/v1/conditions/")
    items = rss_items(clinic.url, "/api/v1/conditions/export/rss/")
    text = pdf_text(leaflet_bytes)
    codes = qr_codes(leaflet_bytes)          # what its QR codes say
"""

import json
import subprocess
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.exporters.leaflet_pdf import pdf_text  # noqa: F401  (re-exported)

MEDIA_RSS = "{http://search.yahoo.com/mrss/}"


def fetch(base_url, path):
    """``(status, content type, body)`` of a GET, whatever the status."""
    request = urllib.request.Request(base_url + path)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def api_json(base_url, path):
    status, _, body = fetch(base_url, path)
    return status, json.loads(body)


def api_slugs(base_url, resource):
    status, listing = api_json(base_url, f"/api/v1/{resource}/")
    assert status == 200, listing
    return [item["slug"] for item in listing["results"]]


def rss_items(base_url, path):
    """The feed's items by title: ``{title: {"link", "credit", "xml"}}``."""
    status, content_type, body = fetch(base_url, path)
    assert status == 200, body[:500]
    channel = ET.fromstring(body).find("channel")
    items = {}
    for item in channel.iter("item"):
        copyright = item.find(f"{MEDIA_RSS}content/{MEDIA_RSS}copyright")
        items[item.findtext("title")] = {
            "link": item.findtext("link"),
            "credit": copyright.text if copyright is not None else None,
            "xml": ET.tostring(item, encoding="unicode"),
        }
    return {"channel_link": channel.findtext("link"), "items": items}


def qr_codes(pdf, dpi=100):
    """The text of every QR code in ``pdf``: each page rendered to an image by
    poppler's ``pdftoppm`` and decoded by zxing-cpp, as a phone camera would."""
    import zxingcpp
    from PIL import Image

    found = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "leaflet.pdf")
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                str(source),
                str(Path(folder, "page")),
            ],
            check=True,
        )
        for rendered in sorted(Path(folder).glob("page*.png")):
            with Image.open(rendered) as image:
                codes = zxingcpp.read_barcodes(
                    image, formats=zxingcpp.BarcodeFormat.QRCode
                )
            found += [code.text for code in codes]
    return found
