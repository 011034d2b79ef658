from django.http import Http404


def dashboard(request):
    raise Http404


start = dashboard
