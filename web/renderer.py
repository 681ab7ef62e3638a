from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Django's renderer with the web app's field layout: label without a colon, errors under the input."""

    field_template_name = "web/_field.html"
