import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification
from app.panels import jobs, selection, services
from app.panels.models import Application, Member, PanelState, RunState, SeatStatus
from tests.panels.conftest import applicants, details, recruiting_panel
from tests.stories.conftest import person


def kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    )


def test_a_new_panel_is_a_draft_convened_by_its_creator(cast):
    panel = services.create_panel(cast["convener"], details())
    assert panel.state == PanelState.DRAFT
    assert panel.is_convener(cast["convener"]) and not panel.is_convener(cast["resident"])


def test_the_lifecycle_is_enforced(cast):
    panel = services.create_panel(cast["convener"], details())
    with pytest.raises(services.InvalidTransition):
        services.move(panel, PanelState.ACTIVE, cast["convener"])
    services.move(panel, PanelState.RECRUITING, cast["convener"])
    assert panel.state == PanelState.RECRUITING


def test_one_application_per_person_and_only_while_recruiting(cast):
    panel = services.create_panel(cast["convener"], details())
    yes = services.ApplicationDetails(True)
    with pytest.raises(services.NotRecruiting):
        services.apply(panel, cast["resident"], yes)
    services.move(panel, PanelState.RECRUITING, cast["convener"])
    services.apply(panel, cast["resident"], yes)
    with pytest.raises(services.AlreadyApplied):
        services.apply(panel, cast["resident"], yes)
    assert services.applicant_count(panel) == 1


def test_a_panel_asks_each_selection_question_once_whatever_its_case(cast):
    panel = services.create_panel(cast["convener"], details())
    values = [("Yes", 0, 2), ("No", 0, 2)]
    services.add_question(panel, cast["convener"], "Carer", "Balance", values)
    with pytest.raises(services.DuplicateQuestion):
        services.add_question(panel, cast["convener"], " CARER ", "Again", values)
    assert [q.name for q in panel.questions] == ["Carer"]


def test_answers_to_another_panels_questions_are_ignored(cast):
    panel = recruiting_panel(cast["convener"])
    other = recruiting_panel(cast["convener"], name="Other")
    foreign = other.questions[0].values[0].id
    application = services.apply(
        panel,
        cast["resident"],
        services.ApplicationDetails(True, answers={panel.questions[0].id: foreign}),
    )
    assert application.answers == []


def test_a_draw_fills_the_seats_within_the_targets_and_records_everyones_chance(cast):
    panel = recruiting_panel(cast["convener"])
    pool = applicants(panel, 10)
    run = services.start_selection(panel, cast["convener"])
    assert run.state == RunState.QUEUED and panel.state == PanelState.SELECTING
    jobs.perform(run.id)
    db.session.refresh(run)
    assert run.state == RunState.SUCCEEDED
    rows = db.session.scalars(select(Application).where(Application.panel_id == panel.id)).all()
    statuses = sorted(a.status for a in rows)
    assert statuses.count("selected") == 4 and statuses.count("reserve") == 2
    assert all(a.probability is not None for a in rows)
    assert sum(a.probability for a in rows) == pytest.approx(4, abs=0.01)
    assert 1 <= run.filled["Age band"].get("Under 40", 0) <= 3
    assert sorted(a.reserve_rank for a in rows if a.status == "reserve") == [1, 2]
    assert sorted(run.selected) == sorted(a.id for a in rows if a.status == "selected")
    assert len(run.reserve) == 2 and len(run.probabilities) == 10
    offered = db.session.scalars(select(Member).where(Member.panel_id == panel.id)).all()
    assert len(offered) == 4 and {m.status for m in offered} == {SeatStatus.OFFERED}
    outcomes = {kind for user in pool for kind in kinds_for(user)}
    assert outcomes == {"panels.selected", "panels.reserve", "panels.not_selected"}
    assert "panels.selection_finished" in kinds_for(cast["convener"])


def test_a_decline_offers_the_seat_to_the_first_reserve(cast):
    panel = recruiting_panel(cast["convener"])
    applicants(panel, 10)
    run = services.start_selection(panel, cast["convener"])
    jobs.perform(run.id)
    seat = db.session.scalars(select(Member).where(Member.panel_id == panel.id)).first()
    first_reserve = db.session.scalar(
        select(Application).where(Application.panel_id == panel.id, Application.reserve_rank == 1)
    )
    from app.accounts.models import User

    replacement = services.answer_offer(seat, db.session.get(User, seat.user_id), accept=False)
    assert replacement.user_id == first_reserve.user_id and replacement.route == "reserve"
    with pytest.raises(services.InvalidTransition):
        services.answer_offer(seat, db.session.get(User, seat.user_id), accept=True)


def test_two_draws_cannot_run_at_once(cast):
    panel = recruiting_panel(cast["convener"])
    applicants(panel, 6)
    services.start_selection(panel, cast["convener"])
    with pytest.raises(services.SelectionAlreadyRunning):
        services.start_selection(panel, cast["convener"])


def test_a_draw_needs_enough_applicants_and_targets_that_add_up(cast):
    panel = recruiting_panel(cast["convener"])
    applicants(panel, 3)
    with pytest.raises(services.NotEnoughApplicants):
        services.start_selection(panel, cast["convener"])
    greedy = recruiting_panel(cast["convener"], name="Greedy", questions=False)
    services.add_question(
        greedy, cast["convener"], "Age band", "Why", [("Young", 3, 4), ("Old", 3, 4)]
    )
    applicants(greedy, 8, prefix="g")
    with pytest.raises(services.TargetsDoNotAddUp) as problem:
        services.start_selection(greedy, cast["convener"])
    assert problem.value.categories == ["Age band"]


def test_targets_the_pool_cannot_meet_fail_the_run_naming_the_question(cast):
    panel = recruiting_panel(cast["convener"], questions=False)
    services.add_question(
        panel, cast["convener"], "Neighbourhood", "Why", [("North", 3, 4), ("South", 0, 4)]
    )
    for n in range(6):
        user = person(f"s{n}@example.org")
        south = panel.questions[0].values[1].id
        services.apply(
            panel, user, services.ApplicationDetails(True, answers={panel.questions[0].id: south})
        )
    run = services.start_selection(panel, cast["convener"])
    jobs.perform(run.id)
    db.session.refresh(run)
    assert run.state == RunState.FAILED and run.conflicts == ["Neighbourhood"]
    assert "panels.selection_failed" in kinds_for(cast["convener"])


def test_appointed_members_are_marked_as_appointed(cast):
    panel = recruiting_panel(cast["convener"])
    member = services.appoint(panel, cast["resident"], cast["convener"])
    assert (member.route, member.status) == ("appointed", "accepted")
    with pytest.raises(services.AlreadyAMember):
        services.appoint(panel, cast["resident"], cast["convener"])


def test_the_selection_engine_gives_everyone_an_equal_chance_where_targets_allow():
    targets = [selection.Target("g", "a", 2, 3), selection.Target("g", "b", 2, 3)]
    pool = [selection.Applicant(str(n), {"g": "a" if n < 5 else "b"}) for n in range(10)]
    result = selection.draw(targets, pool, 5, seed=3)
    assert len(result.selected) == 5
    assert min(result.probabilities.values()) == pytest.approx(0.5, abs=0.01)
    again = selection.draw(targets, pool, 5, seed=3)
    assert again.selected == result.selected, "the same seed gives the same draw"
    legacy = selection.draw(targets, pool, 5, algorithm="legacy", seed=3)
    assert len(legacy.selected) == 5 and legacy.probabilities == {}


def test_at_most_one_person_per_household_when_asked():
    targets = [selection.Target("g", "a", 0, 4)]
    pool = [
        selection.Applicant(str(n), {"g": "a"}, household="same house" if n < 3 else None)
        for n in range(5)
    ]
    result = selection.draw(targets, pool, 3, seed=1, one_per_household=True)
    assert len({"same house" for key in result.selected if int(key) < 3}) <= 1
    assert sum(1 for key in result.selected if int(key) < 3) == 1


def test_an_interrupted_draw_does_not_block_the_next_one(cast):
    from datetime import timedelta

    panel = recruiting_panel(cast["convener"])
    applicants(panel, 6)
    stuck = services.start_selection(panel, cast["convener"])
    stuck.created_at = stuck.created_at - timedelta(hours=1)
    db.session.flush()
    fresh = services.start_selection(panel, cast["convener"])
    assert stuck.state == RunState.FAILED and stuck.failure == "interrupted"
    assert fresh.state == RunState.QUEUED
