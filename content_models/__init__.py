"""The clinic's content model: conditions, symptoms, treatments, case studies, images.

Each family lives in its own module; ``content_models.models`` re-exports them so Django
and Wagtail find every model.
"""
