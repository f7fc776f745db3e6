from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse("hello from django")


def health(request):
    return HttpResponse("ok")


urlpatterns = [path("", index), path("health/", health)]
