"""``{% load credits %}`` then ``{{ image|credit_html }}``: the shared credit line."""

from django import template

from ..credits import credit_for

register = template.Library()


@register.filter
def credit_html(image):
    return credit_for(image).html if image else ""
