from django.contrib.auth import views as auth_views
from django.http import Http404

LoginView = auth_views.LoginView
PasswordResetView = auth_views.PasswordResetView
PasswordResetDoneView = auth_views.PasswordResetDoneView
PasswordResetConfirmView = auth_views.PasswordResetConfirmView
PasswordResetCompleteView = auth_views.PasswordResetCompleteView


def signup(request):
    raise Http404


invite = join = signup
