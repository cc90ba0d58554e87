"""Resident panels: public pages, applying, running the panel and its draw, taking seats."""

import re
from datetime import date

from babel.lists import format_list
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts import services as accounts
from app.authz import can, permission_required, require
from app.extensions import db
from app.i18n import local_moment
from app.panels import bp, forms, jobs, services
from app.panels.models import (
    ApplicationStatus,
    Panel,
    PanelMeeting,
    PanelState,
    Recommendation,
    Route,
    SeatStatus,
    SelectionQuestion,
)

PER_PAGE = 20


@bp.app_template_global()
def power_meaning(power: str) -> str:
    return str(forms.POWER_MEANINGS[power])


@bp.app_template_global()
def power_label(power: str) -> str:
    return str(forms.POWER_LABELS[power])


@bp.app_template_global()
def panel_state_label(state: str) -> str:
    return str(STATE_LABELS[state])


STATE_LABELS = {
    PanelState.DRAFT: _l("Being set up"),
    PanelState.RECRUITING: _l("Looking for members"),
    PanelState.SELECTING: _l("Choosing members"),
    PanelState.ACTIVE: _l("Meeting"),
    PanelState.CLOSED: _l("Finished"),
}


ACTION_LABELS = {
    PanelState.RECRUITING: _l("Open for applications"),
    PanelState.ACTIVE: _l("Confirm the members and start meeting"),
    PanelState.CLOSED: _l("Close the panel"),
}
APPLICATION_LABELS = {
    ApplicationStatus.APPLIED: _l("Waiting for the draw"),
    ApplicationStatus.SELECTED: _l("Offered a seat"),
    ApplicationStatus.RESERVE: _l("On the reserve list"),
    ApplicationStatus.NOT_SELECTED: _l("Not selected"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}
ROUTE_LABELS = {
    Route.SELECTED: _l("Drawn by lot"),
    Route.RESERVE: _l("From the reserve list"),
    Route.APPOINTED: _l("Appointed"),
}
SEAT_LABELS = {
    SeatStatus.OFFERED: _l("Offered"),
    SeatStatus.ACCEPTED: _l("Accepted"),
    SeatStatus.DECLINED: _l("Declined"),
}
for _name, _labels in {
    "decision_label": forms.DECISION_LABELS,
    "progress_label": forms.PROGRESS_LABELS,
    "agreed_label": forms.AGREED_LABELS,
}.items():
    bp.add_app_template_global(lambda value, labels=_labels: str(labels.get(value, value)), _name)


NEED_LABELS = (
    ("needs_bsl", _l("British Sign Language")),
    ("needs_childcare", _l("Childcare")),
    ("needs_travel", _l("Help with travel")),
    ("needs_step_free", _l("Step-free access")),
)


def _labeller(labels: dict):
    return lambda value: str(labels.get(value, value))


for _name, _function in {
    "panel_action_label": _labeller(ACTION_LABELS),
    "application_status_label": _labeller(APPLICATION_LABELS),
    "member_route_label": _labeller(ROUTE_LABELS),
    "seat_status_label": _labeller(SEAT_LABELS),
}.items():
    bp.add_app_template_global(_function, _name)


@bp.app_template_global()
def needs_list(application) -> str:
    needs = [str(label) for attribute, label in NEED_LABELS if getattr(application, attribute)]
    if application.interpreter_language:
        needs.append(_("Interpreter: %(language)s", language=application.interpreter_language))
    return format_list(needs, locale=get_locale()) if needs else ""


@bp.app_template_global()
def answer_labels(application, labels: dict) -> str:
    return ", ".join(labels[a.value_id] for a in application.answers if a.value_id in labels)


def load_panel(panel_id: int, permission: str = "panels.view") -> Panel:
    panel = db.session.get(Panel, panel_id)
    if panel is None or not can("panels.view", current_user, panel):
        abort(404)
    require(permission, panel)
    return panel


def details_from(form: forms.PanelForm) -> services.PanelDetails:
    return services.PanelDetails(
        name=form.name.data,
        remit=form.remit.data,
        locality=form.locality.data,
        capability_focus=int(form.capability_focus.data) if form.capability_focus.data else None,
        power=form.power.data,
        target_size=form.target_size.data,
        reserve_size=form.reserve_size.data,
        one_per_household=form.one_per_household.data,
        term_starts_on=form.term_starts_on.data,
        term_ends_on=form.term_ends_on.data,
    )


@bp.route("/")
def index():
    page = db.paginate(services.panels_list(), per_page=PER_PAGE, max_per_page=PER_PAGE)
    mine = (
        list(db.session.scalars(services.panels_convened_by(current_user)))
        if current_user.is_authenticated
        else []
    )
    return render_template("panels/index.html", page=page, mine=mine)


@bp.route("/new", methods=["GET", "POST"])
@permission_required("panels.create")
def new():
    form = forms.PanelForm()
    if form.validate_on_submit():
        panel = services.create_panel(current_user, details_from(form))
        db.session.commit()
        flash(_("The panel has been set up. Add its selection questions next."), "success")
        return redirect(url_for("panels.questions", panel_id=panel.id))
    return render_template("panels/edit.html", form=form, panel=None), 400 if form.errors else 200


@bp.route("/<int:panel_id>")
def detail(panel_id: int):
    panel = load_panel(panel_id)
    return render_template(
        "panels/detail.html",
        panel=panel,
        application=services.application_of(panel, current_user),
        seat=services.seat_of(panel, current_user),
        applicants=services.applicant_count(panel),
        asks=services.asks(panel),
    )


@bp.route("/<int:panel_id>/edit", methods=["GET", "POST"])
@permission_required("panels.create")
def edit(panel_id: int):
    panel = load_panel(panel_id, "panels.convene")
    form = forms.PanelForm(obj=panel if request.method == "GET" else None)
    if request.method == "GET":
        form.capability_focus.data = str(panel.capability_focus or "")
    if form.validate_on_submit():
        try:
            services.update_panel(panel, current_user, details_from(form))
        except services.InvalidTransition:
            abort(409)
        db.session.commit()
        flash(_("The panel has been saved."), "success")
        return redirect(url_for("panels.detail", panel_id=panel.id))
    return render_template("panels/edit.html", form=form, panel=panel), 400 if form.errors else 200


@bp.route("/<int:panel_id>/state", methods=["POST"])
@permission_required("panels.create")
def change_state(panel_id: int):
    panel = load_panel(panel_id, "panels.convene")
    try:
        target = PanelState(request.form.get("to", ""))
        services.move(panel, target, current_user)
    except (ValueError, services.InvalidTransition):
        abort(409)
    db.session.commit()
    flash(_("The panel is now: %(state)s.", state=panel_state_label(panel.state)), "success")
    return redirect(url_for("panels.detail", panel_id=panel.id))


@bp.route("/<int:panel_id>/questions", methods=["GET", "POST"])
@permission_required("panels.create")
def questions(panel_id: int):
    panel = load_panel(panel_id, "panels.convene")
    form = forms.QuestionForm()
    if form.validate_on_submit():
        try:
            services.add_question(
                panel, current_user, form.name.data, form.why.data, form.parsed_values
            )
        except services.DuplicateQuestion:
            form.name.errors.append(_("This panel already asks that question"))
        except services.InvalidTransition:
            abort(409)
        else:
            db.session.commit()
            flash(_("The question has been added."), "success")
            return redirect(url_for("panels.questions", panel_id=panel.id))
    return render_template(
        "panels/questions.html",
        panel=panel,
        form=form,
        problems=services.targets_that_do_not_add_up(panel),
    ), 400 if form.errors else 200


@bp.route("/<int:panel_id>/questions/<int:question_id>/remove", methods=["POST"])
@permission_required("panels.create")
def remove_question(panel_id: int, question_id: int):
    panel = load_panel(panel_id, "panels.convene")
    question = db.session.get(SelectionQuestion, question_id)
    if question is None or question.panel_id != panel.id:
        abort(404)
    try:
        services.remove_question(panel, current_user, question)
    except services.InvalidTransition:
        abort(409)
    db.session.commit()
    flash(_("The question has been removed."), "success")
    return redirect(url_for("panels.questions", panel_id=panel.id))


@bp.route("/<int:panel_id>/apply", methods=["GET", "POST"])
@permission_required("panels.take_part")
def apply(panel_id: int):
    panel = load_panel(panel_id)
    if services.application_of(panel, current_user):
        flash(_("You have already asked to join this panel."), "info")
        return redirect(url_for("panels.detail", panel_id=panel.id))
    require("panels.apply", panel, status=409)
    form = forms.application_form(panel)()
    if form.validate_on_submit():
        details = services.ApplicationDetails(
            lives_or_works_here=form.lives_or_works_here.data,
            needs_bsl=form.needs_bsl.data,
            interpreter_language=form.interpreter_language.data
            if form.needs_interpreter.data
            else None,
            needs_childcare=form.needs_childcare.data,
            needs_travel=form.needs_travel.data,
            needs_step_free=form.needs_step_free.data,
            household=form.household.data if panel.one_per_household else None,
            answers={
                q.id: int(getattr(form, f"question_{q.id}").data)
                for q in panel.questions
                if getattr(form, f"question_{q.id}").data
            },
        )
        try:
            services.apply(panel, current_user, details)
        except services.AlreadyApplied:
            flash(_("You have already asked to join this panel."), "info")
            return redirect(url_for("panels.detail", panel_id=panel.id))
        db.session.commit()
        return render_template("panels/applied.html", panel=panel)
    return render_template("panels/apply.html", panel=panel, form=form), 400 if form.errors else 200


@bp.route("/<int:panel_id>/applications")
@permission_required("panels.create")
def applications(panel_id: int):
    panel = load_panel(panel_id, "panels.convene")
    page = db.paginate(services.applications(panel), per_page=50, max_per_page=50)
    users = accounts.users_by_id([a.user_id for a in page.items])
    labels = {v.id: v.label for q in panel.questions for v in q.values}
    return render_template(
        "panels/applications.html", panel=panel, page=page, users=users, labels=labels
    )


@bp.route("/<int:panel_id>/selection", methods=["GET", "POST"])
def selection(panel_id: int):
    panel = load_panel(panel_id)
    form = forms.SelectionForm()
    if request.method == "POST":
        require("panels.convene", panel)
        if form.validate_on_submit():
            try:
                run = services.start_selection(panel, current_user, form.algorithm.data)
            except services.SelectionAlreadyRunning:
                flash(
                    _("A draw for this panel is already running. Its result will appear here."),
                    "info",
                )
                return redirect(url_for("panels.selection", panel_id=panel.id))
            except services.TargetsDoNotAddUp as problem:
                flash(
                    _(
                        "These questions’ targets do not add up to the number of seats: %(names)s",
                        names=", ".join(problem.categories),
                    ),
                    "error",
                )
                return redirect(url_for("panels.questions", panel_id=panel.id))
            except services.NotEnoughApplicants as problem:
                flash(ngettext_seats(problem), "error")
                return redirect(url_for("panels.selection", panel_id=panel.id))
            except services.InvalidTransition:
                abort(409)
            db.session.commit()
            jobs.dispatch(run.id)
            flash(
                _("The draw has started. This page shows its result when it is ready."), "success"
            )
            return redirect(url_for("panels.selection", panel_id=panel.id))
    run = services.latest_run(panel)
    return render_template(
        "panels/selection.html",
        panel=panel,
        run=run,
        form=form,
        application=services.application_of(panel, current_user),
        applicants=services.applicant_count(panel),
    ), 400 if form.errors else 200


def ngettext_seats(problem: services.NotEnoughApplicants) -> str:
    return ngettext(
        "There is %(num)d applicant for %(seats)d seats: "
        "a draw needs at least as many applicants as seats.",
        "There are %(num)d applicants for %(seats)d seats: "
        "a draw needs at least as many applicants as seats.",
        problem.applicants,
        seats=problem.seats,
    )


@bp.route("/<int:panel_id>/offer", methods=["POST"])
@permission_required("panels.take_part")
def answer_offer(panel_id: int):
    panel = load_panel(panel_id)
    seat = services.seat_of(panel, current_user)
    require("panels.answer_offer", seat, status=404)
    accept = request.form.get("answer") == "accept"
    try:
        services.answer_offer(seat, current_user, accept)
    except services.InvalidTransition:
        abort(409)
    db.session.commit()
    if accept:
        flash(_("Welcome to the panel. You will hear about its first meeting."), "success")
    else:
        flash(_("You have declined the seat. Thank you for letting us know."), "success")
    return redirect(url_for("panels.detail", panel_id=panel.id))


@bp.route("/<int:panel_id>/members", methods=["GET", "POST"])
@permission_required("panels.take_part")
def members(panel_id: int):
    panel = load_panel(panel_id)
    seat = services.seat_of(panel, current_user)
    is_member = seat is not None and seat.status == SeatStatus.ACCEPTED
    if not (can("panels.convene", current_user, panel) or is_member):
        abort(403)
    form = forms.PersonForm()
    if request.method == "POST":
        require("panels.convene", panel)
        if form.validate_on_submit():
            person = accounts.user_by_email(form.email.data)
            if person is None:
                form.email.errors.append(_("There is no account with that email address"))
            else:
                try:
                    services.appoint(panel, person, current_user)
                except services.AlreadyAMember:
                    form.email.errors.append(_("That person already has a seat on this panel"))
                else:
                    db.session.commit()
                    flash(
                        _("%(name)s has been appointed to the panel.", name=person.display_name),
                        "success",
                    )
                    return redirect(url_for("panels.members", panel_id=panel.id))
    return render_template(
        "panels/members.html", panel=panel, members=services.members(panel), form=form
    ), 400 if form.errors else 200


@bp.route("/<int:panel_id>/conveners", methods=["POST"])
@permission_required("panels.appoint_conveners")
def add_convener(panel_id: int):
    panel = load_panel(panel_id)
    form = forms.PersonForm()
    person = accounts.user_by_email(form.email.data or "") if form.validate_on_submit() else None
    if person is None:
        flash(_("There is no account with that email address"), "error")
    else:
        services.add_convener(panel, person, current_user)
        db.session.commit()
        flash(_("%(name)s is now a convener of this panel.", name=person.display_name), "success")
    return redirect(url_for("panels.detail", panel_id=panel.id))


# Meetings ---------------------------------------------------------------------------


@bp.route("/<int:panel_id>/meetings", methods=["GET", "POST"])
def meetings(panel_id: int):
    panel = load_panel(panel_id)
    form = forms.MeetingForm()
    if request.method == "POST":
        require("panels.convene", panel)
        if form.validate_on_submit():
            services.add_meeting(panel, current_user, meeting_details(form))
            db.session.commit()
            flash(_("The meeting has been arranged and members have been told."), "success")
            return redirect(url_for("panels.meetings", panel_id=panel.id))
    return render_template(
        "panels/meetings.html", panel=panel, meetings=services.meetings(panel), form=form
    ), 400 if form.errors else 200


def meeting_details(form: forms.MeetingForm) -> services.MeetingDetails:
    def moment(time_of_day):
        return local_moment(form.day.data, time_of_day)

    return services.MeetingDetails(
        starts_at=moment(form.starts.data),
        ends_at=moment(form.ends.data),
        venue=form.venue.data,
        accessibility=form.accessibility.data or "",
        agenda=form.agenda.data,
        papers=form.papers.data or "",
    )


@bp.route("/<int:panel_id>/meetings/<int:meeting_id>", methods=["GET", "POST"])
def meeting(panel_id: int, meeting_id: int):
    panel = load_panel(panel_id)
    item = db.session.get(PanelMeeting, meeting_id)
    if item is None or item.panel_id != panel.id:
        abort(404)
    seated = [m for m in services.members(panel) if m.status == SeatStatus.ACCEPTED]
    form = forms.meeting_minutes_form(seated)(
        data={
            "minutes": item.minutes or "",
            "attended": [str(u) for u in services.attendance(item)],
        }
    )
    if request.method == "POST":
        require("panels.convene", panel)
        if form.validate_on_submit():
            attended = {int(uid) for uid in form.attended.data or []}
            services.publish_minutes(item, current_user, form.minutes.data, attended)
            db.session.commit()
            flash(_("The minutes have been published."), "success")
            return redirect(url_for("panels.meeting", panel_id=panel.id, meeting_id=item.id))
    return render_template(
        "panels/meeting.html",
        panel=panel,
        meeting=item,
        form=form,
        attended=services.attendance(item),
        seated=seated,
    ), 400 if form.errors else 200


# Asks, advice, answers ----------------------------------------------------------------


@bp.route("/<int:panel_id>/asks/new", methods=["GET", "POST"])
@permission_required("panels.take_part")
def new_ask(panel_id: int):
    panel = load_panel(panel_id, "panels.ask")
    form = forms.AskForm()
    if request.method == "GET":
        form.question.data = (request.args.get("question") or "")[:300]
        form.background.data = request.args.get("background") or ""
    if form.validate_on_submit():
        services.put_ask(
            panel,
            current_user,
            services.AskDetails(
                form.question.data,
                form.background.data,
                form.decision.data,
                form.advice_needed_by.data,
                form.answer_by.data,
            ),
        )
        db.session.commit()
        flash(_("Your question has been put to the panel."), "success")
        return redirect(url_for("panels.detail", panel_id=panel.id))
    return render_template("panels/ask.html", panel=panel, form=form), 400 if form.errors else 200


@bp.route("/<int:panel_id>/advice/new", methods=["GET", "POST"])
@permission_required("panels.take_part")
def new_advice(panel_id: int):
    panel = load_panel(panel_id, "panels.advise")
    asks = services.asks(panel)
    form = forms.advice_form(asks)()
    if form.validate_on_submit():
        ask = next((a for a in asks if str(a.id) == form.ask.data), None)
        drafts = [
            services.RecommendationDraft(
                form[f"text_{n}"].data,
                int(form[f"capability_{n}"].data),
                [int(x) for x in re.findall(r"\d+", form[f"stories_{n}"].data or "")],
            )
            for n in range(1, forms.RECOMMENDATION_SLOTS + 1)
            if (form[f"text_{n}"].data or "").strip()
        ]
        services.record_advice(
            panel,
            current_user,
            ask,
            services.AdviceDetails(
                summary=form.summary.data,
                agreed_how=form.agreed_how.data,
                votes_for=form.votes_for.data,
                votes_against=form.votes_against.data,
                votes_abstained=form.votes_abstained.data,
                minority_view=form.minority_view.data,
                answer_due_on=form.answer_due_on.data,
                recommendations=drafts,
            ),
        )
        db.session.commit()
        flash(_("The panel's advice has been published."), "success")
        return redirect(url_for("panels.outcomes", panel_id=panel.id))
    return render_template(
        "panels/advice.html", panel=panel, form=form, slots=range(1, forms.RECOMMENDATION_SLOTS + 1)
    ), 400 if form.errors else 200


def load_recommendation(recommendation_id: int, permission: str) -> Recommendation:
    item = db.session.get(Recommendation, recommendation_id)
    if item is None:
        abort(404)
    load_panel(item.advice.panel_id)
    require(permission, item)
    return item


@bp.route("/recommendations/<int:recommendation_id>/answer", methods=["GET", "POST"])
@permission_required("panels.take_part")
def answer(recommendation_id: int):
    item = load_recommendation(recommendation_id, "panels.answer")
    panel = db.session.get(Panel, item.advice.panel_id)
    form = forms.AnswerForm(obj=item if request.method == "GET" and item.decision else None)
    if form.validate_on_submit():
        services.answer(
            item,
            current_user,
            form.decision.data,
            form.reasons.data,
            form.next_steps.data,
            form.by_when.data,
        )
        db.session.commit()
        flash(_("Your answer has been published and the panel has been told."), "success")
        return redirect(url_for("panels.outcomes", panel_id=panel.id))
    return render_template(
        "panels/answer.html", panel=panel, recommendation=item, form=form
    ), 400 if form.errors else 200


@bp.route("/recommendations/<int:recommendation_id>/progress", methods=["GET", "POST"])
@permission_required("panels.take_part")
def progress(recommendation_id: int):
    item = load_recommendation(recommendation_id, "panels.answer")
    panel = db.session.get(Panel, item.advice.panel_id)
    form = forms.ProgressForm()
    if form.validate_on_submit():
        try:
            services.update_progress(item, current_user, form.status.data, form.note.data)
        except services.PanelError:
            abort(409)
        db.session.commit()
        flash(_("The progress has been published."), "success")
        return redirect(url_for("panels.outcomes", panel_id=panel.id))
    return render_template(
        "panels/progress.html", panel=panel, recommendation=item, form=form
    ), 400 if form.errors else 200


@bp.route("/outcomes")
@bp.route("/<int:panel_id>/outcomes")
def outcomes(panel_id: int | None = None):
    """You said, we did: every recommendation, its answer and its progress."""
    panel = load_panel(panel_id) if panel_id else None
    form = forms.OutcomeFilterForm(request.args)
    if not form.validate():
        return render_template(
            "panels/outcomes.html", panel=panel, form=form, page=None, figures=None, today=None
        ), 400
    today = date.today()
    filters = services.OutcomeFilters(
        panel_id=panel.id if panel else None,
        capability=int(form.capability.data) if form.capability.data else None,
        locality=form.locality.data or None,
        status=form.status.data or None,
    )
    page = db.paginate(services.outcomes(filters, today), per_page=PER_PAGE, max_per_page=PER_PAGE)
    return render_template(
        "panels/outcomes.html",
        panel=panel,
        form=form,
        page=page,
        figures=services.headline_figures(filters, today),
        today=today,
        args={k: v for k, v in request.args.items() if k != "page"},
    )
