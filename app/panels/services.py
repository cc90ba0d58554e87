"""The verbs of panels: setting one up, applying, drawing seats fairly, taking seats."""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.audit import record, utcnow
from app.extensions import db
from app.notifications.services import notify
from app.panels import selection
from app.panels.models import (
    TRANSITIONS,
    Application,
    ApplicationAnswer,
    ApplicationStatus,
    Member,
    Panel,
    PanelConvener,
    PanelState,
    Route,
    RunState,
    SeatStatus,
    SelectionQuestion,
    SelectionRun,
    SelectionValue,
)

#: The value given to applicants who chose not to answer a selection question.
NOT_ANSWERED = "—"


class PanelError(Exception):
    """A request the panel rules refuse."""


class InvalidTransition(PanelError):
    pass


class NotRecruiting(PanelError):
    pass


class AlreadyApplied(PanelError):
    pass


class SelectionAlreadyRunning(PanelError):
    pass


class NotEnoughApplicants(PanelError):
    def __init__(self, applicants: int, seats: int) -> None:
        super().__init__(f"{applicants} < {seats}")
        self.applicants, self.seats = applicants, seats


class TargetsDoNotAddUp(PanelError):
    def __init__(self, categories: list[str]) -> None:
        super().__init__(", ".join(categories))
        self.categories = categories


class AlreadyAMember(PanelError):
    pass


@dataclass
class PanelDetails:
    name: str
    remit: str
    locality: str
    capability_focus: int | None
    power: str
    target_size: int
    reserve_size: int
    one_per_household: bool
    term_starts_on: date
    term_ends_on: date


@dataclass
class ApplicationDetails:
    lives_or_works_here: bool
    needs_bsl: bool = False
    interpreter_language: str | None = None
    needs_childcare: bool = False
    needs_travel: bool = False
    needs_step_free: bool = False
    household: str | None = None
    #: question id -> value id, for the questions the applicant chose to answer
    answers: dict[int, int] | None = None


def _apply_details(panel: Panel, details: PanelDetails) -> None:
    for name, value in details.__dict__.items():
        setattr(panel, name, value.strip() if isinstance(value, str) else value)


def create_panel(actor: User, details: PanelDetails) -> Panel:
    """A new panel in draft, with the person who set it up as its first convener."""
    panel = Panel(created_by_id=actor.id)
    _apply_details(panel, details)
    panel.conveners = [PanelConvener(user_id=actor.id)]
    db.session.add(panel)
    db.session.flush()
    record(actor, "panels.created", panel)
    return panel


def update_panel(panel: Panel, actor: User, details: PanelDetails) -> None:
    if panel.state not in (PanelState.DRAFT, PanelState.RECRUITING):
        raise InvalidTransition(f"cannot change a {panel.state} panel")
    _apply_details(panel, details)
    record(actor, "panels.updated", panel)
    db.session.flush()


def move(panel: Panel, to: PanelState, actor: User) -> None:
    current = PanelState(panel.state)
    if to not in TRANSITIONS[current]:
        raise InvalidTransition(f"{current} -> {to}")
    panel.state = to.value
    record(actor, f"panels.{to.value}", panel, **{"from": current.value})
    db.session.flush()


def add_convener(panel: Panel, user: User, actor: User) -> bool:
    if any(c.user_id == user.id for c in panel.conveners):
        return False
    panel.conveners.append(PanelConvener(user_id=user.id))
    db.session.flush()
    record(actor, "panels.convener_added", panel, user=user.id)
    return True


def add_question(panel: Panel, actor: User, name: str, why: str, values) -> SelectionQuestion:
    """A selection question with its values and their (minimum, maximum) seat targets."""
    if panel.state not in (PanelState.DRAFT, PanelState.RECRUITING):
        raise InvalidTransition("questions are set before selection")
    question = SelectionQuestion(
        name=name.strip(),
        why=why.strip(),
        values=[
            SelectionValue(label=label.strip(), min_seats=low, max_seats=high)
            for label, low, high in values
        ],
    )
    panel.questions.append(question)
    db.session.flush()
    record(actor, "panels.question_added", panel, question=question.id)
    return question


def remove_question(panel: Panel, actor: User, question: SelectionQuestion) -> None:
    if panel.state not in (PanelState.DRAFT, PanelState.RECRUITING):
        raise InvalidTransition("questions are set before selection")
    panel.questions.remove(question)
    db.session.flush()
    record(actor, "panels.question_removed", panel, question=question.id)


def targets_that_do_not_add_up(panel: Panel) -> list[str]:
    """Questions whose minimums need more seats than the panel has, or maximums fewer."""
    problems = []
    for question in panel.questions:
        minimum = sum(v.min_seats for v in question.values)
        maximum = sum(v.max_seats for v in question.values) + panel.target_size
        if minimum > panel.target_size or maximum < panel.target_size:
            problems.append(question.name)
    return problems


def apply(panel: Panel, user: User, details: ApplicationDetails) -> Application:
    """Ask to join a recruiting panel; one application per person per panel."""
    if panel.state != PanelState.RECRUITING:
        raise NotRecruiting()
    if not details.lives_or_works_here:
        raise PanelError("applicants must live or work in the area")
    values = {v.id: q.id for q in panel.questions for v in q.values}
    application = Application(
        panel_id=panel.id,
        user_id=user.id,
        lives_or_works_here=True,
        needs_bsl=details.needs_bsl,
        interpreter_language=(details.interpreter_language or "").strip() or None,
        needs_childcare=details.needs_childcare,
        needs_travel=details.needs_travel,
        needs_step_free=details.needs_step_free,
        household=(details.household or "").strip().lower() or None,
        answers=[
            ApplicationAnswer(question_id=question_id, value_id=value_id)
            for question_id, value_id in (details.answers or {}).items()
            if values.get(value_id) == question_id
        ],
    )
    try:
        with db.session.begin_nested():
            db.session.add(application)
    except IntegrityError:
        raise AlreadyApplied() from None
    record(user, "panels.applied", panel, application=application.id)
    return application


def application_of(panel: Panel, user) -> Application | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Application).where(Application.panel_id == panel.id, Application.user_id == user.id)
    )


def applications(panel: Panel):
    return (
        select(Application)
        .where(Application.panel_id == panel.id)
        .order_by(Application.created_at, Application.id)
    )


def applicant_count(panel: Panel) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Application)
        .where(
            Application.panel_id == panel.id,
            Application.status != ApplicationStatus.WITHDRAWN.value,
        )
    )


def _targets(panel: Panel) -> list[selection.Target]:
    targets = []
    for question in panel.questions:
        targets += [
            selection.Target(question.name, value.label, value.min_seats, value.max_seats)
            for value in question.values
        ]
        targets.append(selection.Target(question.name, NOT_ANSWERED, 0, panel.target_size))
    return targets


def start_selection(panel: Panel, actor: User, algorithm: str = "maximin") -> SelectionRun:
    """Queue a draw of the panel's seats; the draw itself runs outside the request."""
    if panel.state not in (PanelState.RECRUITING, PanelState.SELECTING):
        raise InvalidTransition("a panel is drawn while recruiting or selecting")
    if problems := targets_that_do_not_add_up(panel):
        raise TargetsDoNotAddUp(problems)
    count = applicant_count(panel)
    if count < panel.target_size:
        raise NotEnoughApplicants(count, panel.target_size)
    run = SelectionRun(
        panel_id=panel.id,
        started_by_id=actor.id,
        algorithm=algorithm,
        seed=random.SystemRandom().randrange(1, 2**31),
        seats=panel.target_size,
        reserves=panel.reserve_size,
        one_per_household=panel.one_per_household,
        targets=[t.__dict__ for t in _targets(panel)],
        applicants=count,
    )
    try:
        with db.session.begin_nested():
            db.session.add(run)
    except IntegrityError:
        raise SelectionAlreadyRunning() from None
    if panel.state == PanelState.RECRUITING:
        move(panel, PanelState.SELECTING, actor)
    record(actor, "panels.selection_started", panel, run=run.id, algorithm=algorithm)
    return run


def latest_run(panel: Panel) -> SelectionRun | None:
    return db.session.scalar(
        select(SelectionRun)
        .where(SelectionRun.panel_id == panel.id)
        .order_by(SelectionRun.created_at.desc(), SelectionRun.id.desc())
        .limit(1)
    )


def mark_running(run: SelectionRun) -> bool:
    """Claim a queued run; False if another worker already has it."""
    claimed = db.session.execute(
        SelectionRun.__table__.update()
        .where(SelectionRun.id == run.id, SelectionRun.state == RunState.QUEUED.value)
        .values(state=RunState.RUNNING.value, started_at=utcnow())
    ).rowcount
    db.session.flush()
    db.session.refresh(run)
    return claimed == 1


def _pool(panel: Panel) -> tuple[list[Application], list[selection.Applicant]]:
    rows = list(
        db.session.scalars(
            select(Application).where(
                Application.panel_id == panel.id,
                Application.status != ApplicationStatus.WITHDRAWN.value,
            )
        )
    )
    labels = {v.id: (q.name, v.label) for q in panel.questions for v in q.values}
    pool = []
    for application in rows:
        answers = {q.name: NOT_ANSWERED for q in panel.questions}
        answers.update(
            dict(labels[a.value_id] for a in application.answers if a.value_id in labels)
        )
        pool.append(selection.Applicant(str(application.id), answers, application.household))
    return rows, pool


def execute_run(run: SelectionRun) -> None:
    """Draw the seats and the reserve list, record the outcome and tell everyone."""
    panel = db.session.get(Panel, run.panel_id)
    rows, pool = _pool(panel)
    targets = [selection.Target(**t) for t in run.targets]
    try:
        result = selection.draw(
            targets,
            pool,
            run.seats,
            algorithm=run.algorithm,
            seed=run.seed,
            one_per_household=run.one_per_household,
        )
    except selection.TargetsConflict as conflict:
        _fail(run, panel, "targets_conflict", conflict.categories)
        return
    except selection.NotEnoughApplicants:
        _fail(run, panel, "not_enough_applicants", [])
        return
    by_key = {str(a.id): a for a in rows}
    selected = [by_key[key] for key in result.selected]
    reserves = _draw_reserves(run, panel, rows, pool, set(result.selected))
    for application in rows:
        application.probability = result.probabilities.get(str(application.id))
        application.reserve_rank = None
        application.status = ApplicationStatus.NOT_SELECTED.value
    for application in selected:
        application.status = ApplicationStatus.SELECTED.value
        _offer_seat(panel, application.user_id, Route.SELECTED)
    for rank, application in enumerate(reserves, start=1):
        application.status = ApplicationStatus.RESERVE.value
        application.reserve_rank = rank
    run.filled = _filled(result.selected, pool)
    run.state = RunState.SUCCEEDED.value
    run.finished_at = utcnow()
    record(None, "panels.selection_finished", panel, run=run.id, seats=len(selected))
    db.session.flush()
    _tell_applicants(panel, rows)


def _draw_reserves(run, panel, rows, pool, chosen: set[str]) -> list[Application]:
    """The reserve list: drawn from those left, within the same maximums, in a random order."""
    remaining = [p for p in pool if p.key not in chosen]
    size = min(run.reserves, len(remaining))
    if size == 0:
        return []
    targets = [selection.Target(t["category"], t["value"], 0, t["maximum"]) for t in run.targets]
    try:
        result = selection.draw(
            targets, remaining, size, algorithm=run.algorithm, seed=run.seed + 1
        )
    except (selection.TargetsConflict, selection.NotEnoughApplicants):
        return []
    order = list(result.selected)
    random.Random(run.seed).shuffle(order)
    by_key = {str(a.id): a for a in rows}
    return [by_key[key] for key in order]


def _filled(selected_keys, pool) -> dict:
    chosen = [p for p in pool if p.key in set(selected_keys)]
    counts: dict[str, Counter] = {}
    for person in chosen:
        for category, value in person.answers.items():
            counts.setdefault(category, Counter())[value] += 1
    return {category: dict(values) for category, values in counts.items()}


def _fail(run: SelectionRun, panel: Panel, reason: str, categories: list[str]) -> None:
    run.state = RunState.FAILED.value
    run.failure = reason
    run.conflicts = categories
    run.finished_at = utcnow()
    record(None, "panels.selection_failed", panel, run=run.id, reason=reason)
    db.session.flush()
    for convener in panel.conveners:
        notify(convener.user, "panels.selection_failed", panel, panel=panel.name)


def _tell_applicants(panel: Panel, rows: list[Application]) -> None:
    kinds = {
        ApplicationStatus.SELECTED.value: "panels.selected",
        ApplicationStatus.RESERVE.value: "panels.reserve",
        ApplicationStatus.NOT_SELECTED.value: "panels.not_selected",
    }
    people = {
        u.id: u
        for u in db.session.scalars(select(User).where(User.id.in_([a.user_id for a in rows])))
    }
    for application in rows:
        notify(people[application.user_id], kinds[application.status], panel, panel=panel.name)
    for convener in panel.conveners:
        notify(convener.user, "panels.selection_finished", panel, panel=panel.name)


def _offer_seat(panel: Panel, user_id: int, route: Route) -> Member:
    member = db.session.scalar(
        select(Member).where(Member.panel_id == panel.id, Member.user_id == user_id)
    )
    if member is None:
        member = Member(panel_id=panel.id, user_id=user_id, route=route.value)
        db.session.add(member)
    member.route = route.value
    member.status = SeatStatus.OFFERED.value
    member.answered_at = None
    db.session.flush()
    return member


def seat_of(panel: Panel, user) -> Member | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Member).where(Member.panel_id == panel.id, Member.user_id == user.id)
    )


def answer_offer(member: Member, user: User, accept: bool) -> Member | None:
    """Accept or decline a seat; a decline offers it to the next person on the reserve list.

    Returns the member offered the seat instead, if any.
    """
    if member.status != SeatStatus.OFFERED:
        raise InvalidTransition("the offer has already been answered")
    member.status = (SeatStatus.ACCEPTED if accept else SeatStatus.DECLINED).value
    member.answered_at = utcnow()
    panel = db.session.get(Panel, member.panel_id)
    record(user, "panels.seat_accepted" if accept else "panels.seat_declined", panel)
    db.session.flush()
    return None if accept else offer_to_next_reserve(panel)


def offer_to_next_reserve(panel: Panel) -> Member | None:
    taken = select(Member.user_id).where(Member.panel_id == panel.id)
    nxt = db.session.scalar(
        select(Application)
        .where(
            Application.panel_id == panel.id,
            Application.status == ApplicationStatus.RESERVE.value,
            Application.user_id.not_in(taken),
        )
        .order_by(Application.reserve_rank)
        .limit(1)
    )
    if nxt is None:
        return None
    member = _offer_seat(panel, nxt.user_id, Route.RESERVE)
    notify(db.session.get(User, nxt.user_id), "panels.seat_offered", panel, panel=panel.name)
    return member


def appoint(panel: Panel, user: User, actor: User) -> Member:
    """A convener appoints someone directly: their seat is theirs at once."""
    if seat_of(panel, user) is not None:
        raise AlreadyAMember()
    member = Member(
        panel_id=panel.id,
        user_id=user.id,
        route=Route.APPOINTED.value,
        status=SeatStatus.ACCEPTED.value,
        answered_at=utcnow(),
    )
    db.session.add(member)
    db.session.flush()
    record(actor, "panels.appointed", panel, user=user.id)
    notify(user, "panels.appointed", panel, panel=panel.name)
    return member


def members(panel: Panel) -> list[Member]:
    return list(
        db.session.scalars(
            select(Member)
            .where(Member.panel_id == panel.id, Member.status != SeatStatus.DECLINED.value)
            .order_by(Member.route, Member.created_at)
        )
    )


def panels_list(state: str | None = None):
    statement = select(Panel).where(Panel.state != PanelState.DRAFT.value)
    if state:
        statement = statement.where(Panel.state == state)
    return statement.order_by(Panel.created_at.desc(), Panel.id.desc())


def panels_convened_by(user: User):
    return (
        select(Panel)
        .join(PanelConvener, PanelConvener.panel_id == Panel.id)
        .where(PanelConvener.user_id == user.id)
        .order_by(Panel.created_at.desc())
    )
