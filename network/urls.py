"""Addresses of the directory and of members' self-service, under /<lang>/network/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from network import two_factor, views
from network.auth import MemberPasswordSetView
from network.forms import NetworkPasswordResetForm

app_name = "network"

urlpatterns = [
    path("", views.directory_page, name="directory"),
    path("societies/<slug:slug>/", views.society_page, name="society"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.my_data, name="my_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("confirm/<str:token>/", views.confirm_details, name="confirm"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/enrol/", two_factor.enrol, name="two_factor_enrol"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="network/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="network:directory"), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="network/password_reset.html",
            form_class=NetworkPasswordResetForm,
            email_template_name="network/email/password_reset.txt",
            subject_template_name="network/email/password_reset_subject.txt",
            success_url=reverse_lazy("network:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="network/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        MemberPasswordSetView.as_view(
            template_name="network/password_set.html",
            success_url=reverse_lazy("network:password_set_done"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="network/password_set_done.html"
        ),
        name="password_set_done",
    ),
]
