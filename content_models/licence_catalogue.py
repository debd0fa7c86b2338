"""The licences every install starts with, shared by the data migration and the demo.

install_licences(License)   # idempotent; takes the (historical) model class
"""

LICENCES = [
    # spdx_id, name, short name, url, attribution, commercial, derivatives
    (
        "CC0-1.0",
        "CC0 1.0 Universal (Public Domain Dedication)",
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        False,
        True,
        True,
    ),
    (
        "CC-BY-4.0",
        "Attribution 4.0 International",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        True,
        True,
        True,
    ),
    (
        "CC-BY-SA-4.0",
        "Attribution-ShareAlike 4.0 International",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        True,
        True,
        True,
    ),
    (
        "CC-BY-NC-4.0",
        "Attribution-NonCommercial 4.0 International",
        "CC BY-NC 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
        True,
        False,
        True,
    ),
    (
        "CC-BY-NC-ND-4.0",
        "Attribution-NonCommercial-NoDerivatives 4.0 International",
        "CC BY-NC-ND 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
        True,
        False,
        False,
    ),
    (
        "LicenseRef-PDM-1.0",
        "Public Domain Mark 1.0",
        "Public Domain",
        "https://creativecommons.org/publicdomain/mark/1.0/",
        False,
        True,
        True,
    ),
    (
        "LicenseRef-All-Rights-Reserved",
        "All rights reserved — used with permission",
        "All rights reserved, used with permission",
        "",
        True,
        False,
        False,
    ),
]


def install_licences(License):
    for spdx_id, name, short, url, attribution, commercial, derivatives in LICENCES:
        License.objects.update_or_create(
            spdx_id=spdx_id,
            defaults={
                "name": name,
                "short_name": short,
                "url": url,
                "attribution_required": attribution,
                "commercial_use_allowed": commercial,
                "derivatives_allowed": derivatives,
            },
        )
