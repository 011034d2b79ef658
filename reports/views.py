from django.http import Http404


def results(request, public_id):
    raise Http404


targets = result_json = results


def history(request):
    raise Http404


sample = history
