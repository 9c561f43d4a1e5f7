"""Forms for people's accounts."""

from django import forms
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from members.models import User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileForm(forms.ModelForm):
    """What a person edits about themselves: name and the language of their e-mails."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
