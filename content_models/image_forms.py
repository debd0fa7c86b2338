"""The form staff add and edit images with: licence and source are asked at upload.

    WAGTAILIMAGES_IMAGE_FORM_BASE = "content_models.image_forms.CreditedImageForm"

Wagtail builds every image form from this base: "Add an image", the image edit view,
the edit form of each file in a multiple upload, and the upload tab of the image
chooser in the page editor. An image without a licence or a source cannot be used on
a page (``images.validate_image_for_page``), so the form asks for them at once rather
than letting the page editor be refused later. The model fields stay optional: images
loaded in code, and older ones, may still lack them, and the page check catches them.

In a multiple upload Wagtail first validates each file with title and collection
only; as the licence and source are missing the file is kept as an upload, not an
image, and the image is created only when its edit form (licence and source
included) is completed.
"""

from wagtail.images.forms import BaseImageForm

# Asked at upload: field name → (help text, message when left empty).
REQUIRED_AT_UPLOAD = {
    "license": (
        "The licence the source publishes the image under, as stated on the "
        "source's page. It decides where the image may appear: images under a "
        "non-commercial licence stay out of syndicated feeds, and images under a "
        "no-derivatives licence are never cropped.",
        "Choose the image's licence. If it is not in the list, ask an administrator "
        "to add it as a licence snippet.",
    ),
    "source_name": (
        "Where the image comes from, e.g. 'Wellcome Collection'. For the clinic's "
        "own photographs, the clinic's name.",
        "Say where the image comes from.",
    ),
    "source_url": (
        "The page of the work at its source, where readers can check the credit "
        "and the licence. For the clinic's own photographs, the clinic's website.",
        "Give the address of the image's page at its source.",
    ),
}


class CreditedImageForm(BaseImageForm):
    """Wagtail's image form with the licence and the source required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Partial forms (bulk actions) leave these fields out; leave those alone.
        for name, (help_text, required_message) in REQUIRED_AT_UPLOAD.items():
            field = self.fields.get(name)
            if field is not None:
                field.required = True
                field.help_text = help_text
                field.error_messages["required"] = required_message
