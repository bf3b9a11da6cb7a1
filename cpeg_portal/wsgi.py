"""WSGI entry point, as gunicorn serves it: ``gunicorn cpeg_portal.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpeg_portal.settings")

application = get_wsgi_application()
