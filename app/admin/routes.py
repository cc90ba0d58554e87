"""Administrators find people, grant and revoke roles, and read the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services
from app.accounts.forms import RolesForm, UserSearchForm
from app.accounts.models import User
from app.admin import bp
from app.audit import verb_label
from app.authz import permission_required
from app.extensions import db

PER_PAGE = 25


@bp.app_template_global()
def audit_verb(verb: str) -> str:
    return verb_label(verb)


@bp.route("/users")
@permission_required("accounts.admin")
def users():
    form = UserSearchForm(request.args)
    query = form.q.data if form.validate() else None
    page = db.paginate(services.search_users(query), per_page=PER_PAGE, max_per_page=PER_PAGE)
    status = 200 if not form.errors else 400
    return render_template("admin/users.html", form=form, page=page, query=query), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("accounts.admin")
def user(user_id: int):
    person = db.session.get(User, user_id) or abort(404)
    form = RolesForm(data={"roles": sorted(person.roles - {"resident"})})
    if form.validate_on_submit():
        changed = services.set_roles(person, set(form.roles.data), current_user)
        db.session.commit()
        if changed:
            flash(_("Roles for %(name)s have been saved.", name=person.display_name), "success")
        else:
            flash(
                _("Nothing changed: %(name)s already held these roles.", name=person.display_name),
                "info",
            )
        return redirect(url_for("admin.user", user_id=person.id))
    status = 200 if not form.errors else 400
    return render_template("admin/user.html", person=person, form=form), status


@bp.route("/audit")
@permission_required("audit.view")
def audit():
    page = db.paginate(services.recent_audit_events(), per_page=50, max_per_page=50)
    return render_template("admin/audit.html", page=page)
