"""Addresses of the directory and of members' self-service, under /<lang>/network/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from network import views
from network.auth import MemberPasswordResetForm, MemberPasswordSetView

app_name = "network"

urlpatterns = [
    path("", views.directory_page, name="directory"),
    path("societies/<slug:slug>/", views.society_page, name="society"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.my_data, name="my_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("confirm/<str:token>/", views.confirm_details, name="confirm"),
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
            email_template_name="network/email/password_reset.txt",
            subject_template_name="network/email/password_reset_subject.txt",
            success_url=reverse_lazy("network:password_reset_done"),
            form_class=MemberPasswordResetForm,
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
