"""A person's notifications and their email settings."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.authz import permission_required
from app.extensions import db
from app.notifications import bp, services
from app.notifications.forms import EmailSettingsForm

PER_PAGE = 30


@bp.app_context_processor
def unread_notifications() -> dict:
    """The unread count for the header: one indexed COUNT per page for signed-in people."""
    if not (current_user and current_user.is_authenticated):
        return {"unread_notifications": 0}
    return {"unread_notifications": services.unread_count(current_user.id)}


@bp.app_template_global()
def describe_notification(notification) -> str:
    return services.describe(notification)


@bp.app_template_global()
def notification_path(notification) -> str:
    return services.path_for(notification)


@bp.route("/")
@permission_required("notifications.own")
def index():
    page = db.paginate(services.for_user(current_user.id), per_page=PER_PAGE, max_per_page=PER_PAGE)
    return render_template("notifications/index.html", page=page)


@bp.route("/read", methods=["POST"])
@permission_required("notifications.own")
def mark_read():
    services.mark_all_read(current_user.id)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@permission_required("notifications.own")
def settings():
    choices = services.email_choices(current_user.id)
    form = EmailSettingsForm(data={"kinds": [k for k, on in choices.items() if on]})
    if form.validate_on_submit():
        services.set_email_choices(current_user.id, set(form.kinds.data))
        db.session.commit()
        flash(_("Your email settings have been saved."), "success")
        return redirect(url_for("notifications.settings"))
    status = 400 if form.errors else 200
    return render_template("notifications/settings.html", form=form), status
