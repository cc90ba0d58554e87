"""The card deck, teams, their log books and their destination checks."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import content
from app.authz import can, permission_required, require
from app.deck import bp, forms, services
from app.deck.models import LogEntry, Team, TeamInvitation
from app.extensions import db
from app.i18n import bcp47
from app.stories.routes import consent_from

PER_PAGE = 20


@bp.app_template_global()
def audience_label(audience: str) -> str:
    return str(forms.AUDIENCE_LABELS.get(audience, audience))


@bp.app_template_global()
def setting_label(setting: str) -> str:
    return str(forms.SETTING_LABELS.get(setting, setting))


@bp.app_template_global()
def rating_label(rating: str) -> str:
    return str(forms.RATING_LABELS.get(rating, rating))


@bp.app_template_global()
def current_user_teams() -> list[Team]:
    return services.teams_of(current_user) if current_user.is_authenticated else []


def load_team(team_id: int, permission: str = "deck.member") -> Team:
    """A team, for its members only: to anyone else it does not exist."""
    team = db.session.get(Team, team_id)
    if team is None or not can("deck.member", current_user, team):
        abort(404)
    require(permission, team)
    return team


def load_entry(entry_id: int) -> tuple[LogEntry, Team]:
    entry = db.session.get(LogEntry, entry_id)
    if entry is None:
        abort(404)
    return entry, load_team(entry.team_id)


@bp.route("/")
def index():
    form = forms.CardFilterForm(request.args)
    if not form.validate():
        return render_template("deck/index.html", form=form, cards=[]), 400
    capability = int(form.capability.data) if form.capability.data else None
    return render_template(
        "deck/index.html",
        form=form,
        cards=services.filtered_cards(capability, form.audience.data or None),
    )


@bp.route("/cards/<card_id>")
def card(card_id: str):
    found = services.card(card_id) or abort(404)
    return render_template(
        "deck/card.html", card=found, capability=content.capability(found["capability"])
    )


@bp.route("/draw")
def draw():
    team_id = request.args.get("team", type=int)
    capabilities = services.least_logged(load_team(team_id)) if team_id else None
    return redirect(url_for("deck.card", card_id=services.draw(capabilities)["id"]))


@bp.route("/print")
def print_deck():
    return render_template("deck/print.html", cards=services.cards())


@bp.route("/teams")
@permission_required("deck.take_part")
def teams():
    return render_template(
        "deck/teams.html",
        teams=services.teams_of(current_user),
        invitations=services.invitations_for(current_user),
    )


@bp.route("/teams/new", methods=["GET", "POST"])
@permission_required("deck.create_team")
def new_team():
    form = forms.TeamForm()
    if form.validate_on_submit():
        team = services.create_team(
            current_user, form.name.data, form.community.data, form.locality.data
        )
        db.session.commit()
        flash(_("Your team has been set up. Invite the people you work with."), "success")
        return redirect(url_for("deck.team", team_id=team.id))
    return render_template("deck/team_form.html", form=form), 400 if form.errors else 200


@bp.route("/teams/<int:team_id>")
@permission_required("deck.take_part")
def team(team_id: int):
    found = load_team(team_id)
    counts = services.counts_by_capability(found)
    return render_template(
        "deck/team.html",
        team=found,
        counts=counts,
        most=max(counts.values()) or 1,
        next_steps=services.open_next_steps(found),
        movement=services.movement(found),
        groups=services.destination(),
        invite_form=forms.InviteForm(),
        today=date.today(),
    )


@bp.route("/teams/<int:team_id>/invite", methods=["POST"])
@permission_required("deck.take_part")
def invite(team_id: int):
    found = load_team(team_id, "deck.own")
    form = forms.InviteForm()
    if not form.validate_on_submit():
        flash(_("Enter the email address of the person to invite"), "error")
    else:
        try:
            services.invite(found, current_user, form.email.data)
        except services.AlreadyInvited:
            flash(_("That person has already been invited or is already in the team."), "error")
        else:
            db.session.commit()
            flash(_("The invitation has been sent."), "success")
    return redirect(url_for("deck.team", team_id=found.id))


@bp.route("/invitations/<int:invitation_id>", methods=["POST"])
@permission_required("deck.take_part")
def answer_invitation(invitation_id: int):
    invitation = db.session.get(TeamInvitation, invitation_id)
    if not can("deck.answer_invitation", current_user, invitation):
        abort(404)
    accept = request.form.get("answer") == "accept"
    try:
        services.answer_invitation(invitation, current_user, accept)
    except services.DeckError:
        abort(409)
    db.session.commit()
    if accept:
        flash(_("You have joined the team."), "success")
        return redirect(url_for("deck.team", team_id=invitation.team_id))
    flash(_("You have declined the invitation."), "success")
    return redirect(url_for("deck.teams"))


@bp.route("/teams/<int:team_id>/leave", methods=["POST"])
@permission_required("deck.take_part")
def leave(team_id: int):
    found = load_team(team_id)
    try:
        services.leave(found, current_user)
    except services.LastOwner:
        flash(
            _("You are the team's only owner. Make someone else an owner before you leave."),
            "error",
        )
        return redirect(url_for("deck.team", team_id=found.id))
    db.session.commit()
    flash(_("You have left the team."), "success")
    return redirect(url_for("deck.teams"))


def entry_form(team: Team, entry: LogEntry | None = None) -> forms.EntryForm:
    form = forms.EntryForm(obj=entry if request.method == "GET" else None)
    form.next_owner.choices = {"": _("Nobody yet")} | {
        str(m.user_id): m.user.display_name for m in team.members
    }
    if request.method == "GET":
        form.card_id.data = (entry.card_id if entry else request.args.get("card")) or ""
        form.capability.data = str(entry.capability) if entry else ""
        form.next_owner.data = str(entry.next_owner_id or "") if entry else ""
        if entry is None:
            form.entry_date.data = date.today()
    return form


def entry_details(form: forms.EntryForm, team: Team) -> services.EntryDetails:
    owner_id = int(form.next_owner.data) if form.next_owner.data else None
    return services.EntryDetails(
        entry_date=form.entry_date.data,
        setting=form.setting.data,
        card_id=(form.card_id.data or "").strip() or None,
        capability=int(form.capability.data) if form.capability.data else None,
        did=form.did.data,
        learned=form.learned.data,
        next_step=form.next_step.data,
        next_owner=next((m.user for m in team.members if m.user_id == owner_id), None),
        next_due=form.next_due.data,
    )


def save_entry(form, found: Team, entry: LogEntry | None):
    try:
        if entry is None:
            services.add_entry(found, current_user, entry_details(form, found), date.today())
        else:
            services.update_entry(entry, current_user, entry_details(form, found), date.today())
    except services.UnknownCard:
        form.card_id.errors.append(_("There is no card with that code"))
    except services.DueInThePast:
        form.next_due.errors.append(_("The date for what next cannot be in the past"))
    else:
        db.session.commit()
        flash(_("The log book has been updated."), "success")
        return redirect(url_for("deck.log", team_id=found.id))
    return None


@bp.route("/teams/<int:team_id>/log")
@permission_required("deck.take_part")
def log(team_id: int):
    found = load_team(team_id)
    capability = request.args.get("capability", type=int)
    if capability is not None and capability not in range(1, 11):
        abort(400)
    page = db.paginate(
        services.entries(found, capability), per_page=PER_PAGE, max_per_page=PER_PAGE
    )
    return render_template("deck/log.html", team=found, page=page, capability=capability)


@bp.route("/teams/<int:team_id>/log.csv")
@permission_required("deck.take_part")
def log_csv(team_id: int):
    found = load_team(team_id)
    capability = request.args.get("capability", type=int)
    return Response(
        services.export_csv(found, capability),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="log-book-{found.id}.csv"'},
    )


@bp.route("/teams/<int:team_id>/log/new", methods=["GET", "POST"])
@permission_required("deck.take_part")
def new_entry(team_id: int):
    found = load_team(team_id)
    form = entry_form(found)
    if form.validate_on_submit() and (done := save_entry(form, found, None)):
        return done
    return render_template("deck/entry_form.html", team=found, form=form, entry=None), (
        400 if form.errors else 200
    )


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@permission_required("deck.take_part")
def edit_entry(entry_id: int):
    entry, found = load_entry(entry_id)
    require("deck.edit_entry", entry)
    form = entry_form(found, entry)
    if form.validate_on_submit() and (done := save_entry(form, found, entry)):
        return done
    return render_template("deck/entry_form.html", team=found, form=form, entry=entry), (
        400 if form.errors else 200
    )


@bp.route("/entries/<int:entry_id>/done", methods=["POST"])
@permission_required("deck.take_part")
def next_done(entry_id: int):
    entry, found = load_entry(entry_id)
    services.mark_next_done(entry)
    db.session.commit()
    flash(_("Marked as done."), "success")
    return redirect(url_for("deck.team", team_id=found.id))


@bp.route("/entries/<int:entry_id>/story", methods=["GET", "POST"])
@permission_required("deck.take_part")
def entry_story(entry_id: int):
    entry, found = load_entry(entry_id)
    require("deck.edit_entry", entry)
    form = forms.StoryFromEntryForm()
    if form.validate_on_submit():
        story_id = services.offer_as_story(
            entry, current_user, form.title.data, consent_from(form), bcp47(str(get_locale()))
        )
        db.session.commit()
        return redirect(url_for("stories.sent", story_id=story_id))
    return render_template("deck/entry_story.html", team=found, entry=entry, form=form), (
        400 if form.errors else 200
    )


@bp.route("/teams/<int:team_id>/check", methods=["GET", "POST"])
@permission_required("deck.take_part")
def check(team_id: int):
    found = load_team(team_id)
    groups = services.destination()
    form = forms.check_form(groups)()
    if form.validate_on_submit():
        ratings = form.ratings()
        if not ratings:
            flash(_("Rate at least one statement that applies to your team."), "error")
        else:
            services.record_check(found, current_user, ratings)
            db.session.commit()
            flash(_("Your destination check has been saved."), "success")
            return redirect(url_for("deck.team", team_id=found.id, _anchor="destination"))
    return render_template("deck/check.html", team=found, form=form, groups=groups), (
        400 if form.errors else 200
    )
