from django.http import Http404


def resume(request, public_id):
    raise Http404


dimension_page = answer = review = submit = resume
