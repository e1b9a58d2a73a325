"""Django's own German wording for messages that another installed app
translates too.

Django REST framework ships German translations of some of Django's validator
messages, and an app's catalog takes precedence over Django's. Naming the
messages here keeps them in the project's catalog (which takes precedence over
both) with Django's wording, so forms read the same everywhere.
"""

from django.utils.translation import gettext_noop

DJANGO_WORDING = (
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a "
        "corrupted image."
    ),
)
