"""Account forms; every label, hint and message is translatable."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import content
from app.accounts.models import Role
from app.accounts.services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, is_common_password
from app.i18n import languages

EMAIL_MAX = 254
NAME_MAX = 60
INVALID_CHOICE = _l("Choose one of the options in the list")


def role_label(role: str) -> str:
    return str(ROLE_LABELS[role])


ROLE_LABELS = {
    "resident": _l("Resident"),
    Role.COMMUNITY_LEADER.value: _l("Community leader"),
    Role.COMMISSIONER.value: _l("Commissioner"),
    Role.STAFF.value: _l("Staff"),
    Role.MODERATOR.value: _l("Moderator"),
    Role.TRANSLATOR.value: _l("Translator"),
    Role.ADMIN.value: _l("Administrator"),
}


def not_common(_form, field) -> None:
    if field.data and is_common_password(field.data):
        raise ValidationError(
            _l("This password is too common and easy to guess. Choose a less common one.")
        )


def email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=EMAIL_MAX, message=_l("Email address must be 254 characters or fewer")),
            Email(
                _l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def display_name_field() -> StringField:
    return StringField(
        _l("Display name"),
        description=_l(
            "The name other people see next to what you publish. "
            "It does not have to be your real name. Up to 60 characters."
        ),
        validators=[
            DataRequired(_l("Enter a display name")),
            Length(max=NAME_MAX, message=_l("Display name must be 60 characters or fewer")),
        ],
        render_kw={"autocomplete": "nickname"},
    )


def new_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Password"),
        description=_l(
            "At least 10 characters. A few unrelated words together make a strong password."
        ),
        validators=[
            DataRequired(_l("Enter a password")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Password must be at least 10 characters"),
            ),
            Length(
                max=MAX_PASSWORD_LENGTH,
                message=_l("Password must be 128 characters or fewer"),
            ),
            not_common,
        ],
        render_kw={"autocomplete": "new-password"},
    )


def current_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Current password"),
        validators=[InputRequired(_l("Enter your current password"))],
        render_kw={"autocomplete": "current-password"},
    )


def language_choices() -> list[tuple[str, str]]:
    return [("", str(_l("Follow my browser's setting")))] + [
        (lang.code, lang.name) for lang in languages()
    ]


def locality_choices() -> list[tuple[str, str]]:
    return [("", str(_l("Prefer not to say")))] + [
        (loc["slug"], str(loc["name"])) for loc in content.localities()
    ]


class SignUpForm(FlaskForm):
    email = email_field()
    display_name = display_name_field()
    password = new_password_field()
    accept_privacy = BooleanField(
        _l("I have read the privacy notice and agree to my information being used as it says"),
        validators=[DataRequired(_l("You must accept the privacy notice to create an account"))],
    )


class SignInForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password"))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device for 30 days"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))


class ProfileForm(FlaskForm):
    display_name = display_name_field()
    locale = SelectField(
        _l("Preferred language"), choices=language_choices, invalid_choice_message=INVALID_CHOICE
    )
    locality = SelectField(
        _l("Where you live or work"),
        description=_l("We use this to show you what is happening near you."),
        choices=locality_choices,
        invalid_choice_message=INVALID_CHOICE,
    )


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    new_password = new_password_field(_l("New password"))


class DeleteAccountForm(FlaskForm):
    password = current_password_field(_l("Your password"))
    keep_published = BooleanField(
        _l("Keep my published stories on the site, without my name"),
        description=_l(
            "Other people may be learning from what you shared. If you tick this, your "
            "published stories stay, with no name and nothing linking them to you. "
            "Everything else you wrote is deleted."
        ),
    )
    confirm = BooleanField(
        _l("I understand that my account and personal information will be erased"),
        validators=[DataRequired(_l("Confirm that you want to delete your account"))],
    )


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Search by the start of an email address or display name"),
        validators=[Length(max=EMAIL_MAX, message=_l("Search must be 254 characters or fewer"))],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(
        _l("Roles"),
        description=_l("Everyone is a resident. Tick each further role this person holds."),
        choices=lambda: [(role.value, role_label(role.value)) for role in Role],
        invalid_choice_message=INVALID_CHOICE,
    )
