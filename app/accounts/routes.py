"""Sign-up, sign-in, passwords, profile, data export and account deletion."""

import json

from babel.lists import format_list
from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app import content
from app.accounts import bp, services
from app.accounts.forms import (
    ROLE_LABELS,
    ChangePasswordForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    ProfileForm,
    ResetPasswordForm,
    SignInForm,
    SignUpForm,
    role_label,
)
from app.authz import permission_required
from app.extensions import db, limiter, login_manager
from app.security import safe_next


def submitted_email() -> str:
    """Rate-limit key for the account being tried, whatever address it comes from."""
    return "account:" + services.normalise_email(request.form.get("email", ""))


def sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def sign_up_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_UP"]


@bp.app_template_global()
def role_labels(roles) -> str:
    """A person's roles as a list in the reader's language, residents first."""
    ordered = sorted(roles, key=lambda role: list(ROLE_LABELS).index(role))
    return format_list([role_label(role) for role in ordered], locale=get_locale())


bp.add_app_template_global(role_label, "role_label")


@login_manager.user_loader
def load_user(session_id: str):
    return services.load_user(session_id)


@bp.before_app_request
def save_language_choice() -> None:
    """Keep a signed-in person's saved language in step with the language switcher."""
    chosen = g.get("chosen_locale")
    if chosen and current_user.is_authenticated and current_user.locale != chosen:
        services.set_preferred_locale(current_user, chosen)
        db.session.commit()


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(sign_up_limit, methods=["POST"])
@limiter.limit(sign_up_limit, methods=["POST"], key_func=submitted_email, scope="sign-up-email")
def sign_up():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = SignUpForm()
    if form.validate_on_submit():
        version = content.page("privacy")["version"]
        try:
            user = services.register(
                form.email.data, form.display_name.data, form.password.data, version
            )
        except services.EmailTaken:
            form.email.errors.append(
                _("An account already exists for this email address. Sign in instead.")
            )
        else:
            db.session.commit()
            login_user(user)
            flash(_("Your account has been created and you are signed in."), "success")
            return redirect(safe_next(url_for("main.index")))
    return render_template("accounts/sign_up.html", form=form), 400 if form.errors else 200


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
@limiter.limit(sign_in_limit, methods=["POST"], key_func=submitted_email, scope="sign-in-email")
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("main.index")))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.record_sign_in(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(url_for("main.index")))
        form.email.errors.append(_("The email address or password is not right. Try again."))
    return render_template("accounts/sign_in.html", form=form), 400 if form.errors else 200


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(sign_up_limit, methods=["POST"])
@limiter.limit(sign_up_limit, methods=["POST"], key_func=submitted_email, scope="reset-email")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(
            form.email.data,
            lambda token: url_for("accounts.reset_password", token=token, _external=True),
        )
        return render_template("accounts/forgot_password_sent.html", email=form.email.data)
    return render_template("accounts/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except services.ResetLinkExpired:
        return render_template("accounts/reset_link_invalid.html", expired=True), 400
    except services.ResetLinkInvalid:
        return render_template("accounts/reset_link_invalid.html", expired=False), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/profile", methods=["GET", "POST"])
@permission_required("accounts.profile")
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(
            current_user, form.display_name.data, form.locale.data, form.locality.data
        )
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form), 400 if form.errors else 200


@bp.route("/profile/password", methods=["GET", "POST"])
@permission_required("accounts.profile")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except services.WrongPassword:
            form.current_password.errors.append(_("Your current password is not right"))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), 400 if form.errors else 200


@bp.route("/profile/my-data.json")
@permission_required("accounts.profile")
def export_data():
    data = services.export_personal_data(current_user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@bp.route("/profile/delete", methods=["GET", "POST"])
@permission_required("accounts.profile")
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(
                current_user, form.password.data, keep_published=form.keep_published.data
            )
        except services.WrongPassword:
            form.password.errors.append(_("Your password is not right"))
        else:
            db.session.commit()
            logout_user()
            return render_template("accounts/deleted.html")
    return render_template("accounts/delete_account.html", form=form), 400 if form.errors else 200
