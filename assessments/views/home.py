from django.shortcuts import render

from ..models import QuestionBank


def home(request):
    bank = QuestionBank.objects.for_new_assessments()
    context = {"bank": bank}
    if bank is not None:
        context["levels"] = bank.levels.all()
        context["dimensions"] = bank.dimensions.all()
    return render(request, "assessments/home.html", context)
