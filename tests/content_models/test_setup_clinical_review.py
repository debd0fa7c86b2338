"""`manage.py setup_clinical_review` prepares sign-off on a site without demo data."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from tests.factories import make_condition


def test_the_command_sets_the_workflow_on_the_content_folders(site_tree, capsys):
    call_command("setup_clinical_review")
    call_command("setup_clinical_review")  # a second run changes nothing
    page = make_condition(publish=False)
    assert page.get_workflow().name == "Clinical review"
    assert "workflow set on" in capsys.readouterr().out


def test_the_command_explains_when_there_are_no_folders(db):
    Page.objects.filter(depth__gt=1).delete()
    with pytest.raises(CommandError, match="no Conditions, Treatments"):
        call_command("setup_clinical_review")
