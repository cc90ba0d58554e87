"""Hearings and walkabouts: finding them, arranging them, taking part, the record."""

from datetime import UTC, date, datetime

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from flask_login import current_user

from app.accounts import services as accounts
from app.accounts.models import Role
from app.audit import as_utc
from app.authz import can, permission_required, require
from app.extensions import db
from app.hearings import bp, calendar, forms, services
from app.hearings.models import (
    Commitment,
    Event,
    EventState,
    Heard,
    Invitation,
    Kind,
    RegistrationStatus,
    Stop,
)
from app.i18n import language_name, local_moment
from app.panels import services as panel_services
from app.panels.models import Panel
from app.stories.forms import current_language_tag

PER_PAGE = 20

for _name, _labels in {
    "event_kind_label": forms.KIND_LABELS,
    "seniority_label": forms.SENIORITY_LABELS,
    "commitment_label": forms.COMMITMENT_LABELS,
}.items():
    bp.add_app_template_global(lambda value, labels=_labels: str(labels.get(value, value)), _name)


INVITATION_LABELS = {
    "invited": _l("Not answered yet"),
    "accepted": _l("Coming"),
    "declined": _l("Not coming"),
}
NEED_LABELS = (
    ("needs_bsl", _l("British Sign Language")),
    ("needs_step_free", _l("Step-free access")),
    ("needs_hearing_loop", _l("Hearing loop")),
)


@bp.app_template_global()
def invitation_status_label(status: str) -> str:
    return str(INVITATION_LABELS.get(status, status))


@bp.app_template_global()
def registration_needs(registration) -> str:
    needs = [str(label) for attribute, label in NEED_LABELS if getattr(registration, attribute)]
    if registration.interpreter_language:
        needs.append(_("Interpreter: %(language)s", language=registration.interpreter_language))
    if registration.other_needs:
        needs.append(registration.other_needs)
    return "; ".join(needs)


@bp.app_template_global()
def event_state_label(state: str) -> str:
    return str(STATE_LABELS[state])


STATE_LABELS = {
    EventState.DRAFT: _l("Being arranged"),
    EventState.PUBLISHED: _l("Coming up"),
    EventState.HELD: _l("Held: record being written"),
    EventState.RECORD_PUBLISHED: _l("Record published"),
    EventState.CANCELLED: _l("Cancelled"),
}


def load_event(event_id: int, permission: str = "hearings.view") -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not can("hearings.view", current_user, event):
        abort(404)
    require(permission, event)
    return event


def filters_from(form: forms.FilterForm) -> services.Filters:
    return services.Filters(
        kind=form.kind.data or None,
        locality=form.locality.data or None,
        capability=int(form.capability.data) if form.capability.data else None,
    )


@bp.route("/")
def index():
    form = forms.FilterForm(request.args)
    if not form.validate():
        return render_template("hearings/index.html", form=form, page=None, records=[]), 400
    now = datetime.now(UTC)
    page = db.paginate(
        services.upcoming(filters_from(form), now), per_page=PER_PAGE, max_per_page=PER_PAGE
    )
    records = list(db.session.scalars(services.past_records().limit(5)))
    args = {k: v for k, v in request.args.items() if k in ("kind", "locality", "capability") and v}
    return render_template("hearings/index.html", form=form, page=page, records=records, args=args)


@bp.route("/calendar.ics")
def feed():
    form = forms.FilterForm(request.args)
    if not form.validate():
        abort(400)
    events = list(
        db.session.scalars(services.upcoming(filters_from(form), datetime.now(UTC)).limit(500))
    )
    body = calendar.calendar_for(
        events, current_app.config["PUBLIC_URL"].rstrip("/"), _("Hearings and walkabouts")
    )
    return Response(body, mimetype="text/calendar")


@bp.route("/records")
def records():
    page = db.paginate(services.past_records(), per_page=PER_PAGE, max_per_page=PER_PAGE)
    return render_template("hearings/records.html", page=page)


@bp.route("/mine")
@permission_required("hearings.take_part")
def mine():
    return render_template(
        "hearings/mine.html",
        hosted=list(db.session.scalars(services.hosted_by(current_user).limit(50))),
        invitations=services.invitations_for(current_user),
        commitments=services.commitments_owned_by(current_user),
        today=date.today(),
    )


def details_from(form: forms.EventForm) -> services.EventDetails:
    def moment(time_of_day):
        return local_moment(form.day.data, time_of_day)

    return services.EventDetails(
        kind=form.kind.data,
        title=form.title.data,
        theme=form.theme.data,
        capability_focus=int(form.capability_focus.data) if form.capability_focus.data else None,
        locality=form.locality.data,
        starts_at=moment(form.starts.data),
        ends_at=moment(form.ends.data),
        venue=form.venue.data,
        step_free=form.step_free.data,
        hearing_loop=form.hearing_loop.data,
        accessible_toilet=form.accessible_toilet.data,
        quiet_space=form.quiet_space.data,
        parking=form.parking.data,
        public_transport=form.public_transport.data or "",
        languages=form.languages.data or "",
        interpreters=form.interpreters.data or "",
        capacity=form.capacity.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required("hearings.create")
def new():
    form = forms.EventForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(current_user, details_from(form))
        except services.InThePast:
            form.day.errors.append(_("The event must be in the future"))
        else:
            db.session.commit()
            flash(_("The event has been saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("hearings.detail", event_id=event.id))
    return render_template("hearings/edit.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def edit(event_id: int):
    event = load_event(event_id, "hearings.host")
    form = forms.EventForm(obj=event if request.method == "GET" else None)
    if request.method == "GET":
        local_start, local_end = localise(event.starts_at), localise(event.ends_at)
        form.day.data, form.starts.data, form.ends.data = (
            local_start.date(),
            local_start.time(),
            local_end.time(),
        )
        form.capability_focus.data = str(event.capability_focus or "")
    if form.validate_on_submit():
        try:
            services.update_event(event, current_user, details_from(form))
        except services.InThePast:
            form.day.errors.append(_("The event must be in the future"))
        except services.CapacityTooSmall as problem:
            form.capacity.errors.append(
                _(
                    "%(count)s people have already registered: "
                    "there must be at least that many places",
                    count=problem.registered,
                )
            )
        except services.InvalidTransition:
            abort(409)
        else:
            db.session.commit()
            flash(_("The event has been saved."), "success")
            return redirect(url_for("hearings.detail", event_id=event.id))
    return render_template(
        "hearings/edit.html", form=form, event=event
    ), 400 if form.errors else 200


def localise(moment: datetime) -> datetime:
    return to_user_timezone(as_utc(moment))


@bp.route("/<int:event_id>")
def detail(event_id: int):
    event = load_event(event_id)
    registration = services.registration_of(event, current_user)
    invitation = services.invitation_of(event, current_user)
    show_record = can("hearings.view_record", current_user, event)
    return render_template(
        "hearings/detail.html",
        event=event,
        registration=registration,
        invitation=invitation,
        leaders=services.leaders_by_seniority(event),
        counts=services.counts_by_status(event),
        heard=services.heard(event) if show_record else [],
        commitments=services.commitments(event) if show_record else [],
        show_record=show_record,
        answer_form=forms.InvitationAnswerForm(),
        today=date.today(),
        panels=list(db.session.scalars(panel_services.open_to_questions()))
        if show_record
        and current_user.is_authenticated
        and current_user.has_role(Role.COMMISSIONER)
        else [],
    )


@bp.route("/<int:event_id>/to-panel", methods=["POST"])
@permission_required("hearings.take_part")
def theme_to_panel(event_id: int):
    """A theme heard at an event becomes a question put to a resident panel."""
    event = load_event(event_id, "hearings.view_record")
    panel = db.session.get(Panel, request.form.get("panel", type=int) or 0)
    if panel is None or not can("panels.ask", current_user, panel):
        abort(404 if panel is None else 403)
    return redirect(
        url_for(
            "panels.new_ask",
            panel_id=panel.id,
            question=event.title,
            background=event.key_themes or event.theme,
        )
    )


@bp.route("/<int:event_id>.ics")
def event_calendar(event_id: int):
    event = load_event(event_id)
    body = calendar.calendar_for([event], current_app.config["PUBLIC_URL"].rstrip("/"), event.title)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
    )


@bp.route("/<int:event_id>/state", methods=["POST"])
@permission_required("hearings.take_part")
def change_state(event_id: int):
    event = load_event(event_id, "hearings.host")
    try:
        target = EventState(request.form.get("to", ""))
        if target == EventState.CANCELLED:
            abort(400)
        services.move(event, target, current_user)
    except services.InThePast:
        flash(_("An event that has already started cannot be published."), "error")
        return redirect(url_for("hearings.detail", event_id=event.id))
    except (ValueError, services.InvalidTransition):
        abort(409)
    db.session.commit()
    flash(_("The event is now: %(state)s.", state=event_state_label(event.state)), "success")
    return redirect(url_for("hearings.detail", event_id=event.id))


@bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def cancel(event_id: int):
    event = load_event(event_id, "hearings.host")
    form = forms.CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel(event, current_user, form.reason.data)
        except services.InvalidTransition:
            abort(409)
        db.session.commit()
        flash(
            _("The event has been cancelled and everyone invited or registered has been told."),
            "success",
        )
        return redirect(url_for("hearings.detail", event_id=event.id))
    return render_template(
        "hearings/cancel.html", event=event, form=form
    ), 400 if form.errors else 200


@bp.route("/<int:event_id>/co-hosts", methods=["POST"])
@permission_required("hearings.take_part")
def add_co_host(event_id: int):
    event = load_event(event_id, "hearings.host")
    form = forms.PersonForm()
    person = accounts.user_by_email(form.email.data or "") if form.validate_on_submit() else None
    if person is None:
        flash(_("There is no account with that email address"), "error")
    else:
        services.add_co_host(event, person, current_user)
        db.session.commit()
        flash(_("%(name)s is now a co-host.", name=person.display_name), "success")
    return redirect(url_for("hearings.invitations", event_id=event.id))


@bp.route("/<int:event_id>/invitations", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def invitations(event_id: int):
    event = load_event(event_id, "hearings.host")
    form = forms.InviteForm()
    if form.validate_on_submit():
        person = accounts.user_by_email(form.email.data)
        if person is None:
            form.email.errors.append(_("There is no account with that email address"))
        else:
            try:
                services.invite(
                    event, current_user, person, form.role_title.data, form.seniority.data
                )
            except services.NotAFormalLeader:
                form.email.errors.append(
                    _(
                        "Only people with the commissioner or staff role "
                        "can be invited as formal leaders"
                    )
                )
            except services.AlreadyInvited:
                form.email.errors.append(_("That person has already been invited"))
            else:
                db.session.commit()
                flash(_("%(name)s has been invited.", name=person.display_name), "success")
                return redirect(url_for("hearings.invitations", event_id=event.id))
    return render_template(
        "hearings/invitations.html",
        event=event,
        form=form,
        invitations=services.invitations(event),
        co_host_form=forms.PersonForm(),
    ), 400 if form.errors else 200


@bp.route("/invitations/<int:invitation_id>", methods=["POST"])
@permission_required("hearings.take_part")
def answer_invitation(invitation_id: int):
    invitation = db.session.get(Invitation, invitation_id)
    require("hearings.answer_invitation", invitation, status=404)
    form = forms.InvitationAnswerForm()
    if not form.validate_on_submit():
        abort(400)
    accept = request.form.get("answer") == "accept"
    try:
        services.answer_invitation(invitation, current_user, accept, form.message.data)
    except services.InvalidTransition:
        abort(409)
    db.session.commit()
    flash(_("Thank you. The host has your answer."), "success")
    return redirect(url_for("hearings.detail", event_id=invitation.event_id))


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def register(event_id: int):
    event = load_event(event_id)
    existing = services.registration_of(event, current_user)
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        flash(_("You have already registered for this event."), "info")
        return redirect(url_for("hearings.detail", event_id=event.id))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        needs = services.Needs(
            needs_bsl=form.needs_bsl.data,
            needs_step_free=form.needs_step_free.data,
            needs_hearing_loop=form.needs_hearing_loop.data,
            interpreter_language=form.interpreter_language.data
            if form.needs_interpreter.data
            else None,
            other_needs=form.other_needs.data,
        )
        try:
            registration = services.register(event, current_user, needs)
        except services.NotOpen:
            abort(409)
        except services.AlreadyRegistered:
            flash(_("You have already registered for this event."), "info")
            return redirect(url_for("hearings.detail", event_id=event.id))
        db.session.commit()
        return render_template("hearings/registered.html", event=event, registration=registration)
    if event.state != EventState.PUBLISHED or as_utc(event.starts_at) <= datetime.now(UTC):
        abort(409)
    return render_template(
        "hearings/register.html", event=event, form=form
    ), 400 if form.errors else 200


@bp.route("/<int:event_id>/register/cancel", methods=["POST"])
@permission_required("hearings.take_part")
def cancel_registration(event_id: int):
    event = load_event(event_id)
    registration = services.registration_of(event, current_user)
    if registration is None:
        abort(404)
    try:
        services.cancel_registration(registration, current_user)
    except services.InvalidTransition:
        abort(409)
    db.session.commit()
    flash(_("Your place has been cancelled."), "success")
    return redirect(url_for("hearings.detail", event_id=event.id))


@bp.route("/<int:event_id>/attendees", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def attendees(event_id: int):
    event = load_event(event_id, "hearings.host")
    if request.method == "POST":
        if not forms.FlaskForm().validate_on_submit():
            abort(400)
        services.mark_attendance(
            event,
            current_user,
            {int(x) for x in request.form.getlist("registration") if x.isdigit()},
            {int(x) for x in request.form.getlist("invitation") if x.isdigit()},
        )
        db.session.commit()
        flash(_("Attendance has been saved."), "success")
        return redirect(url_for("hearings.attendees", event_id=event.id))
    return render_template(
        "hearings/attendees.html",
        event=event,
        coming=services.registrations(event, RegistrationStatus.REGISTERED),
        waiting=services.registrations(event, RegistrationStatus.WAITING),
        invitations=services.invitations(event),
    )


@bp.route("/<int:event_id>/route", methods=["GET", "POST"])
def route(event_id: int):
    event = load_event(event_id)
    if event.kind != Kind.WALKABOUT:
        abort(404)
    form = forms.StopForm()
    if request.method == "POST":
        require("hearings.host", event)
        if form.validate_on_submit():
            services.add_stop(event, current_user, form.name.data, form.look_at.data)
            db.session.commit()
            flash(_("The stop has been added."), "success")
            return redirect(url_for("hearings.route", event_id=event.id))
    return render_template(
        "hearings/route.html", event=event, form=form, observation_form=forms.ObservationForm()
    ), 400 if form.errors else 200


@bp.route("/stops/<int:stop_id>/observations", methods=["POST"])
@permission_required("hearings.take_part")
def observe(stop_id: int):
    stop = db.session.get(Stop, stop_id)
    if stop is None:
        abort(404)
    event = load_event(stop.event_id, "hearings.host")
    form = forms.ObservationForm()
    if not form.validate_on_submit():
        flash(_("Write what you saw and heard"), "error")
    else:
        services.observe(stop, current_user, form.note.data)
        db.session.commit()
        flash(_("Your observation has been saved."), "success")
    return redirect(url_for("hearings.route", event_id=event.id, _anchor=f"stop-{stop.id}"))


@bp.route("/<int:event_id>/record", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def record(event_id: int):
    """The hosts' page for writing the record: what was heard, commitments, themes."""
    event = load_event(event_id, "hearings.host")
    heard_form, commitment_form = (
        forms.HeardForm(prefix="heard", lang=current_language_tag()),
        forms.CommitmentForm(prefix="commitment", capability=event.capability_focus),
    )
    themes_form = forms.ThemesForm(prefix="themes", obj=event if request.method == "GET" else None)
    which = request.form.get("part")
    if request.method == "POST":
        if event.state not in (EventState.PUBLISHED, EventState.HELD):
            abort(409)
        if which == "heard" and heard_form.validate_on_submit():
            services.add_heard(
                event, current_user, heard_form.text.data, int(heard_form.capability.data),
                heard_form.is_testimony.data, heard_form.speaker_name.data,
                heard_form.speaker_consent.data, lang=heard_form.lang.data,
            )  # fmt: skip
            return saved(event, _("What was heard has been added to the record."))
        if which == "commitment" and commitment_form.validate_on_submit():
            owner = accounts.user_by_email(commitment_form.owner_email.data)
            if owner is None:
                commitment_form.owner_email.errors.append(
                    _("There is no account with that email address")
                )
            else:
                services.add_commitment(
                    event,
                    current_user,
                    commitment_form.text.data,
                    int(commitment_form.capability.data),
                    owner,
                    commitment_form.due_on.data,
                )
                return saved(event, _("The commitment has been added to the record."))
        if which == "themes" and themes_form.validate_on_submit():
            event.key_themes = themes_form.key_themes.data.strip()
            return saved(event, _("The key themes have been saved."))
    errors = heard_form.errors or commitment_form.errors or themes_form.errors
    return render_template(
        "hearings/record.html",
        event=event,
        heard_form=heard_form,
        commitment_form=commitment_form,
        themes_form=themes_form,
        heard=services.heard(event),
        commitments=services.commitments(event),
        today=date.today(),
        form=heard_form
        if heard_form.errors
        else commitment_form
        if commitment_form.errors
        else themes_form,
    ), 400 if errors else 200


def saved(event: Event, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("hearings.record", event_id=event.id))


@bp.route("/heard/<int:heard_id>/story", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def testimony_to_story(heard_id: int):
    item = db.session.get(Heard, heard_id)
    if item is None or not item.is_testimony:
        abort(404)
    event = load_event(item.event_id, "hearings.host")
    form = forms.StoryFromTestimonyForm()
    if form.validate_on_submit():
        story_id = services.testimony_to_story(
            item, current_user, form.title.data, form.first_name.data
        )
        db.session.commit()
        flash(_("The testimony has been sent to the moderators as a story."), "success")
        return redirect(url_for("stories.detail", story_id=story_id))
    return render_template("hearings/testimony_story.html", event=event, item=item, form=form), (
        400 if form.errors else 200
    )


@bp.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
@permission_required("hearings.take_part")
def commitment(commitment_id: int):
    item = db.session.get(Commitment, commitment_id)
    if item is None:
        abort(404)
    event = load_event(item.event_id)
    require("hearings.update_commitment", item)
    form = forms.CommitmentUpdateForm()
    if form.validate_on_submit():
        try:
            services.update_commitment(item, current_user, form.status.data, form.note.data)
        except services.InvalidTransition:
            abort(409)
        db.session.commit()
        flash(_("The commitment has been updated."), "success")
        return redirect(url_for("hearings.detail", event_id=event.id, _anchor="commitments"))
    return render_template("hearings/commitment.html", event=event, commitment=item, form=form), (
        400 if form.errors else 200
    )


@bp.route("/<int:event_id>/summary")
def summary(event_id: int):
    event = load_event(event_id, "hearings.view_record")
    return render_template(
        "hearings/summary.html",
        event=event,
        heard=services.heard(event),
        commitments=services.commitments(event),
        leaders=services.leaders_by_seniority(event),
        today=date.today(),
        language_name=language_name,
    )
