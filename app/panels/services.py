"""The verbs of panels: setting one up, applying, drawing seats fairly, taking seats."""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.audit import as_utc, record, utcnow
from app.extensions import db
from app.notifications.services import notify
from app.panels import selection
from app.panels.models import (
    TRANSITIONS,
    Advice,
    AgreedHow,
    Application,
    ApplicationAnswer,
    ApplicationStatus,
    Ask,
    Attendance,
    CitedStory,
    Decision,
    Member,
    Panel,
    PanelConvener,
    PanelMeeting,
    PanelState,
    Progress,
    ProgressUpdate,
    Recommendation,
    Route,
    RunState,
    SeatStatus,
    SelectionQuestion,
    SelectionRun,
    SelectionValue,
)
from app.stories.models import State, Story, Visibility

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


class DuplicateQuestion(PanelError):
    """The panel already asks a question of that name, ignoring case."""


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
    if any(q.name.casefold() == name.strip().casefold() for q in panel.questions):
        raise DuplicateQuestion(name)
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
    _expire_stale_runs(panel)
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


#: A run still queued or running after this long was interrupted (say, by a restart).
STALE_AFTER = timedelta(minutes=30)


def _expire_stale_runs(panel: Panel) -> None:
    """Mark interrupted runs as failed, so that they do not block a new draw for ever."""
    cutoff = utcnow() - STALE_AFTER
    for run in db.session.scalars(
        select(SelectionRun).where(
            SelectionRun.panel_id == panel.id,
            SelectionRun.state.in_([RunState.QUEUED.value, RunState.RUNNING.value]),
        )
    ):
        if as_utc(run.started_at or run.created_at) < cutoff:
            run.state = RunState.FAILED.value
            run.failure = "interrupted"
            run.finished_at = utcnow()
    db.session.flush()


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
    run.selected = [a.id for a in selected]
    run.reserve = [a.id for a in reserves]
    run.probabilities = {key: value for key, value in result.probabilities.items()}
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


def open_to_questions():
    """Panels a commissioner can put a question to, by name."""
    return (
        select(Panel)
        .where(
            Panel.state.in_(
                [PanelState.RECRUITING.value, PanelState.SELECTING.value, PanelState.ACTIVE.value]
            )
        )
        .order_by(Panel.name)
    )


def panels_convened_by(user: User):
    return (
        select(Panel)
        .join(PanelConvener, PanelConvener.panel_id == Panel.id)
        .where(PanelConvener.user_id == user.id)
        .order_by(Panel.created_at.desc())
    )


# Meetings -----------------------------------------------------------------------------


@dataclass
class MeetingDetails:
    starts_at: datetime
    ends_at: datetime
    venue: str
    accessibility: str
    agenda: str
    papers: str


def add_meeting(panel: Panel, actor: User, details: MeetingDetails) -> PanelMeeting:
    if details.ends_at <= details.starts_at:
        raise PanelError("a meeting must end after it starts")
    meeting = PanelMeeting(panel_id=panel.id, **details.__dict__)
    db.session.add(meeting)
    db.session.flush()
    record(actor, "panels.meeting_added", panel, meeting=meeting.id)
    for member in members(panel):
        if member.status == SeatStatus.ACCEPTED:
            notify(member.user, "panels.meeting", panel, panel=panel.name)
    return meeting


def publish_minutes(meeting: PanelMeeting, actor: User, minutes: str, attended: set[int]) -> None:
    """Publish what was discussed and decided, and record who came."""
    meeting.minutes = minutes.strip()
    meeting.minutes_published_at = utcnow()
    db.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    db.session.add_all(Attendance(meeting_id=meeting.id, user_id=uid) for uid in sorted(attended))
    db.session.flush()
    record(
        actor,
        "panels.minutes_published",
        db.session.get(Panel, meeting.panel_id),
        meeting=meeting.id,
    )


def meetings(panel: Panel) -> list[PanelMeeting]:
    return list(
        db.session.scalars(
            select(PanelMeeting)
            .where(PanelMeeting.panel_id == panel.id)
            .order_by(PanelMeeting.starts_at.desc())
        )
    )


def attendance(meeting: PanelMeeting) -> set[int]:
    return set(
        db.session.scalars(select(Attendance.user_id).where(Attendance.meeting_id == meeting.id))
    )


def is_member(panel: Panel, user) -> bool:
    seat = seat_of(panel, user)
    return seat is not None and seat.status == SeatStatus.ACCEPTED


# Asks, advice and answers -----------------------------------------------------------


@dataclass
class AskDetails:
    question: str
    background: str
    decision: str
    advice_needed_by: date
    answer_by: date


def put_ask(panel: Panel, commissioner: User, details: AskDetails) -> Ask:
    if details.answer_by < details.advice_needed_by:
        raise PanelError("the answer date must not be before the advice date")
    ask = Ask(
        panel_id=panel.id,
        commissioner_id=commissioner.id,
        question=details.question.strip(),
        background=details.background.strip(),
        decision=details.decision.strip(),
        advice_needed_by=details.advice_needed_by,
        answer_by=details.answer_by,
    )
    db.session.add(ask)
    db.session.flush()
    record(commissioner, "panels.asked", panel, ask=ask.id)
    for convener in panel.conveners:
        notify(convener.user, "panels.asked", panel, panel=panel.name)
    return ask


def asks(panel: Panel) -> list[Ask]:
    return list(
        db.session.scalars(
            select(Ask).where(Ask.panel_id == panel.id).order_by(Ask.created_at.desc())
        )
    )


@dataclass
class RecommendationDraft:
    text: str
    capability: int
    story_ids: list[int]


@dataclass
class AdviceDetails:
    summary: str
    agreed_how: str
    votes_for: int | None
    votes_against: int | None
    votes_abstained: int | None
    minority_view: str | None
    answer_due_on: date | None
    recommendations: list[RecommendationDraft]


def citable_story_ids(ids) -> set[int]:
    """Of these story numbers, the ones anyone may read: published, public, not hidden."""
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Story.id).where(
                Story.id.in_(set(ids)),
                Story.state == State.PUBLISHED.value,
                Story.visibility == Visibility.PUBLIC.value,
                Story.hidden_at.is_(None),
            )
        )
    )


def record_advice(panel: Panel, convener: User, ask: Ask | None, details: AdviceDetails) -> Advice:
    if not details.recommendations:
        raise PanelError("advice needs at least one recommendation")
    if ask is not None and ask.panel_id != panel.id:
        raise PanelError("that ask was put to another panel")
    due = ask.answer_by if ask is not None else details.answer_due_on
    if due is None:
        raise PanelError("an answer date is needed")
    vote = details.agreed_how == AgreedHow.VOTE
    advice = Advice(
        panel_id=panel.id,
        ask_id=ask.id if ask else None,
        summary=details.summary.strip(),
        agreed_how=AgreedHow(details.agreed_how).value,
        votes_for=details.votes_for if vote else None,
        votes_against=details.votes_against if vote else None,
        votes_abstained=details.votes_abstained if vote else None,
        minority_view=(details.minority_view or "").strip() or None,
        answer_due_on=due,
        created_by_id=convener.id,
        recommendations=[
            Recommendation(
                text=draft.text.strip(),
                capability=draft.capability,
                cited=[
                    CitedStory(story_id=sid) for sid in sorted(citable_story_ids(draft.story_ids))
                ],
            )
            for draft in details.recommendations
        ],
    )
    db.session.add(advice)
    db.session.flush()
    record(convener, "panels.advised", panel, advice=advice.id)
    if ask is not None and ask.commissioner_id:
        notify(db.session.get(User, ask.commissioner_id), "panels.advice", panel, panel=panel.name)
    return advice


def answer(
    recommendation: Recommendation,
    commissioner: User,
    decision: str,
    reasons: str | None,
    next_steps: str | None,
    by_when: date | None,
) -> None:
    """The commissioner's public answer; reasons are required unless fully accepted."""
    decision = Decision(decision)
    if decision != Decision.ACCEPTED and not (reasons or "").strip():
        raise PanelError("reasons are required")
    recommendation.decision = decision.value
    recommendation.reasons = (reasons or "").strip() or None
    recommendation.next_steps = (next_steps or "").strip() or None
    recommendation.by_when = by_when
    recommendation.answered_by_id = commissioner.id
    recommendation.answered_at = utcnow()
    if (
        decision in (Decision.ACCEPTED, Decision.IN_PART)
        and recommendation.progress == Progress.NONE
    ):
        recommendation.progress = Progress.PLANNED.value
    db.session.flush()
    panel = db.session.get(Panel, recommendation.advice.panel_id)
    record(
        commissioner,
        "panels.answered",
        panel,
        recommendation=recommendation.id,
        decision=decision.value,
    )
    for person in {m.user for m in members(panel) if m.status == SeatStatus.ACCEPTED} | {
        c.user for c in panel.conveners
    }:
        notify(person, "panels.answered", panel, panel=panel.name)


def update_progress(recommendation: Recommendation, author: User, status: str, note: str) -> None:
    if recommendation.decision not in (Decision.ACCEPTED, Decision.IN_PART):
        raise PanelError("only accepted recommendations make progress")
    recommendation.progress = Progress(status).value
    recommendation.updated_at = utcnow()
    recommendation.updates.append(
        ProgressUpdate(status=recommendation.progress, note=note.strip(), author_id=author.id)
    )
    db.session.flush()
    panel = db.session.get(Panel, recommendation.advice.panel_id)
    record(author, "panels.progress", panel, recommendation=recommendation.id, status=status)


def is_overdue(recommendation: Recommendation, today: date) -> bool:
    return recommendation.decision is None and recommendation.advice.answer_due_on < today


@dataclass
class OutcomeFilters:
    panel_id: int | None = None
    capability: int | None = None
    locality: str | None = None
    status: str | None = None  #: a decision, "awaiting" or "overdue"


def outcomes(filters: OutcomeFilters, today: date):
    """Recommendations with their answers, newest advice first, with the filters applied."""
    statement = (
        select(Recommendation)
        .join(Advice, Advice.id == Recommendation.advice_id)
        .join(Panel, Panel.id == Advice.panel_id)
        .where(Panel.state != PanelState.DRAFT.value)
    )
    if filters.panel_id:
        statement = statement.where(Advice.panel_id == filters.panel_id)
    if filters.capability:
        statement = statement.where(Recommendation.capability == filters.capability)
    if filters.locality:
        statement = statement.where(Panel.locality == filters.locality)
    if filters.status == "awaiting":
        statement = statement.where(
            Recommendation.decision.is_(None), Advice.answer_due_on >= today
        )
    elif filters.status == "overdue":
        statement = statement.where(Recommendation.decision.is_(None), Advice.answer_due_on < today)
    elif filters.status:
        statement = statement.where(Recommendation.decision == filters.status)
    return statement.order_by(Advice.created_at.desc(), Recommendation.id)


def headline_figures(filters: OutcomeFilters, today: date) -> dict:
    """Counts of each kind of answer, overdue answers, and the median days taken to answer."""
    rows = db.session.execute(
        outcomes(filters, today)
        .with_only_columns(
            Recommendation.decision,
            Recommendation.answered_at,
            Advice.created_at,
            Advice.answer_due_on,
        )
        .order_by(None)
    ).all()
    counts = Counter(row.decision for row in rows)
    waits = sorted(
        (as_utc(row.answered_at) - as_utc(row.created_at)).days for row in rows if row.answered_at
    )
    median = None
    if waits:
        middle = len(waits) // 2
        median = waits[middle] if len(waits) % 2 else (waits[middle - 1] + waits[middle]) / 2
    return {
        "total": len(rows),
        "accepted": counts[Decision.ACCEPTED.value],
        "in_part": counts[Decision.IN_PART.value],
        "not_accepted": counts[Decision.NOT_ACCEPTED.value],
        "under_consideration": counts[Decision.UNDER_CONSIDERATION.value],
        "overdue": sum(1 for row in rows if row.decision is None and row.answer_due_on < today),
        "median_days": median,
    }


def send_reminders(today: date, days_before: int = 3) -> int:
    """Remind commissioners of answers falling due, and tell them once when overdue."""
    sent = 0
    pending = db.session.scalars(
        select(Recommendation)
        .join(Advice, Advice.id == Recommendation.advice_id)
        .join(Ask, Ask.id == Advice.ask_id)
        .where(Recommendation.decision.is_(None), Ask.commissioner_id.is_not(None))
    )
    for recommendation in pending:
        advice = recommendation.advice
        commissioner = db.session.get(User, advice.ask.commissioner_id)
        panel = db.session.get(Panel, advice.panel_id)
        if advice.answer_due_on < today and recommendation.overdue_notice_at is None:
            notify(commissioner, "panels.overdue", panel, panel=panel.name)
            recommendation.overdue_notice_at = utcnow()
            sent += 1
        elif (
            today <= advice.answer_due_on <= today + timedelta(days=days_before)
            and recommendation.reminded_at is None
        ):
            notify(commissioner, "panels.answer_due", panel, panel=panel.name)
            recommendation.reminded_at = utcnow()
            sent += 1
    db.session.flush()
    return sent
