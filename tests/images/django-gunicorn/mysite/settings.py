"""The smallest Django settings that serve a view: no database, no static files."""
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "only-for-local-tests")
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "mysite.urls"
INSTALLED_APPS = []
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {}
USE_TZ = True
