"""Meetings, asks, advice, answers, progress and "you said, we did"."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import Notification
from app.panels import services
from app.panels.models import PanelState
from tests.panels.conftest import details, recruiting_panel
from tests.stories.conftest import person, published

TODAY = date(2027, 3, 1)


def kinds_for(user) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    )


@pytest.fixture
def active(cast):
    panel = recruiting_panel(cast["convener"])
    member = person("member@example.org")
    services.appoint(panel, member, cast["convener"])
    services.move(panel, PanelState.SELECTING, cast["convener"])
    services.move(panel, PanelState.ACTIVE, cast["convener"])
    cast["member"] = member
    cast["commissioner"] = person("comm@example.org", Role.COMMISSIONER)
    cast["other_commissioner"] = person("comm2@example.org", Role.COMMISSIONER)
    return panel


def advise(panel, convener, ask=None, due=None, recommendations=None):
    return services.record_advice(
        panel,
        convener,
        ask,
        services.AdviceDetails(
            summary="We advise more peer support.",
            agreed_how="vote",
            votes_for=7,
            votes_against=2,
            votes_abstained=1,
            minority_view="Two members preferred a helpline.",
            answer_due_on=due,
            recommendations=recommendations
            or [services.RecommendationDraft("Fund peer support groups", 5, [])],
        ),
    )


def ask_of(panel, commissioner, answer_by=date(2027, 2, 20)):
    return services.put_ask(
        panel,
        commissioner,
        services.AskDetails(
            "How should we spend £50,000?",
            "Budget",
            "The 2027 contract",
            date(2027, 2, 1),
            answer_by,
        ),
    )


def test_a_meeting_tells_members_and_minutes_record_attendance(cast, active):
    start = datetime(2027, 1, 10, 18, tzinfo=UTC)
    meeting = services.add_meeting(
        active,
        cast["convener"],
        services.MeetingDetails(
            start, start + timedelta(hours=2), "Library", "Step-free", "Welcome", "Budget paper"
        ),
    )
    assert "panels.meeting" in kinds_for(cast["member"])
    services.publish_minutes(
        meeting, cast["convener"], "We agreed the priorities.", {cast["member"].id}
    )
    assert services.attendance(meeting) == {cast["member"].id}
    with pytest.raises(services.PanelError):
        services.add_meeting(
            active, cast["convener"], services.MeetingDetails(start, start, "Library", "", "x", "")
        )


def test_advice_on_an_ask_is_due_when_the_commissioner_promised(cast, active):
    ask = ask_of(active, cast["commissioner"])
    assert "panels.asked" in kinds_for(cast["convener"])
    story = published(cast["resident"], person("mod@example.org", Role.MODERATOR))
    advice = advise(
        active,
        cast["convener"],
        ask,
        recommendations=[services.RecommendationDraft("Peer support", 5, [story.id, 99999])],
    )
    assert advice.answer_due_on == date(2027, 2, 20)
    assert [c.story_id for c in advice.recommendations[0].cited] == [story.id]
    assert "panels.advice" in kinds_for(cast["commissioner"])


def test_own_initiative_advice_needs_a_date(cast, active):
    with pytest.raises(services.PanelError):
        advise(active, cast["convener"])
    advice = advise(active, cast["convener"], due=date(2027, 4, 1))
    assert advice.ask_id is None and advice.votes_for == 7


def test_answers_need_reasons_unless_accepted_and_tell_the_panel(cast, active):
    advice = advise(active, cast["convener"], due=date(2027, 4, 1))
    recommendation = advice.recommendations[0]
    with pytest.raises(services.PanelError):
        services.answer(recommendation, cast["commissioner"], "not_accepted", "", None, None)
    services.answer(
        recommendation, cast["commissioner"], "accepted", "", "New groups", date(2027, 6, 1)
    )
    assert recommendation.decision == "accepted" and recommendation.progress == "planned"
    assert "panels.answered" in kinds_for(cast["member"])
    services.update_progress(
        recommendation, cast["commissioner"], "in_progress", "Two groups started"
    )
    services.update_progress(recommendation, cast["commissioner"], "done", "All running")
    assert [u.status for u in recommendation.updates] == ["in_progress", "done"]


def test_progress_only_for_accepted_recommendations(cast, active):
    recommendation = advise(active, cast["convener"], due=date(2027, 4, 1)).recommendations[0]
    services.answer(recommendation, cast["commissioner"], "not_accepted", "No budget", None, None)
    with pytest.raises(services.PanelError):
        services.update_progress(recommendation, cast["commissioner"], "done", "x")


def test_headline_figures_and_overdue(cast, active):
    ask = ask_of(active, cast["commissioner"], answer_by=date(2027, 2, 20))
    advice = advise(
        active,
        cast["convener"],
        ask,
        recommendations=[
            services.RecommendationDraft("One", 1, []),
            services.RecommendationDraft("Two", 2, []),
            services.RecommendationDraft("Three", 3, []),
        ],
    )
    one, two, three = advice.recommendations
    services.answer(one, cast["commissioner"], "accepted", "", None, None)
    services.answer(two, cast["commissioner"], "in_part", "Only half the money", None, None)
    figures = services.headline_figures(services.OutcomeFilters(), TODAY)
    assert (figures["total"], figures["accepted"], figures["in_part"], figures["overdue"]) == (
        3,
        1,
        1,
        1,
    )
    assert figures["median_days"] == 0
    assert services.is_overdue(three, TODAY) and not services.is_overdue(one, TODAY)
    overdue = db.session.scalars(
        services.outcomes(services.OutcomeFilters(status="overdue"), TODAY)
    ).all()
    assert overdue == [three]
    by_capability = db.session.scalars(
        services.outcomes(services.OutcomeFilters(capability=2), TODAY)
    ).all()
    assert by_capability == [two]


def test_reminders_go_once_before_the_date_and_once_when_overdue(cast, active):
    ask = ask_of(active, cast["commissioner"], answer_by=date(2027, 3, 3))
    advise(active, cast["convener"], ask)
    assert services.send_reminders(TODAY) == 1
    assert services.send_reminders(TODAY) == 0
    assert services.send_reminders(date(2027, 3, 10)) == 1
    assert services.send_reminders(date(2027, 3, 11)) == 0
    assert kinds_for(cast["commissioner"]).count("panels.answer_due") == 1
    assert kinds_for(cast["commissioner"]).count("panels.overdue") == 1


POLICY_ROLES = ["anonymous", "resident", "member", "convener", "commissioner", "asker", "admin"]


@pytest.mark.parametrize("state", ["draft", "recruiting", "active", "closed"])
def test_role_by_state_matrix(cast, state):
    from flask_login import AnonymousUserMixin

    from app.authz import can

    panel = services.create_panel(cast["convener"], details())
    member = person(f"m-{state}@example.org")
    commissioner = person(f"c-{state}@example.org", Role.COMMISSIONER)
    asker = person(f"a-{state}@example.org", Role.COMMISSIONER)
    order = ["recruiting", "selecting", "active", "closed"]
    path = {"draft": [], "recruiting": order[:1], "active": order[:3], "closed": order}[state]
    services.appoint(panel, member, cast["convener"])
    for step in path:
        services.move(panel, PanelState(step), cast["convener"])
    people = {
        "anonymous": AnonymousUserMixin(),
        "resident": cast["resident"],
        "member": member,
        "convener": cast["convener"],
        "commissioner": commissioner,
        "asker": asker,
        "admin": cast["admin"],
    }
    expected = {
        "panels.view": {r for r in POLICY_ROLES if state != "draft" or r in ("convener", "admin")},
        "panels.convene": {"convener", "admin"},
        "panels.apply": {"resident", "member", "convener", "commissioner", "asker", "admin"}
        if state == "recruiting"
        else set(),
        "panels.read_papers": {"member", "convener", "admin"},
        "panels.ask": {"commissioner", "asker"} if state in ("recruiting", "active") else set(),
        "panels.advise": {"convener", "admin"} if state == "active" else set(),
    }
    for permission, allowed in expected.items():
        got = {role for role, user in people.items() if can(permission, user, panel)}
        assert got == allowed, (permission, state)
    if state == "active":
        ask = ask_of(panel, asker)
        recommendation = advise(panel, cast["convener"], ask).recommendations[0]
        got = {role for role, user in people.items() if can("panels.answer", user, recommendation)}
        assert got == {"asker"}
        own = advise(panel, cast["convener"], due=date(2027, 4, 1)).recommendations[0]
        got = {role for role, user in people.items() if can("panels.answer", user, own)}
        assert got == {"commissioner", "asker"}
