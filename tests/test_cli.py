from datetime import date

from sqlalchemy import func, select

from app.accounts import services
from app.accounts.models import User
from app.cli import DEMO_ACCOUNTS
from app.content import LOCALITY_SLUGS
from app.deck.models import DestinationCheck, LogEntry, Team
from app.extensions import db
from app.hearings.models import Commitment, Event, Registration
from app.panels import services as panel_services
from app.panels.models import Panel, Recommendation, SelectionRun
from app.stories import demo
from app.stories.models import State, Story, StoryResponse


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_users_create_and_grant(app):
    result = run(
        app, "users", "create", "--email", "Cli@Example.org", "--name", "Cli", "--password",
        "tidal-forest-beacon", "--role", "staff", "--role", "moderator",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    granted = run(app, "users", "grant", "--email", "cli@example.org", "--role", "admin")
    assert granted.exit_code == 0 and "Granted" in granted.output
    with app.app_context():
        assert services.user_by_email("cli@example.org").roles == {
            "resident", "staff", "moderator", "admin",
        }  # fmt: skip


def test_users_create_refuses_bad_input(app):
    weak = run(
        app,
        "users",
        "create",
        "--email",
        "a@example.org",
        "--name",
        "A",
        "--password",
        "password123",
    )
    assert weak.exit_code != 0 and "common" in weak.output
    bad_role = run(app, "users", "grant", "--email", "a@example.org", "--role", "emperor")
    assert bad_role.exit_code != 0
    nobody = run(app, "users", "grant", "--email", "nobody@example.org", "--role", "staff")
    assert nobody.exit_code != 0 and "No account" in nobody.output


def test_demo_load_creates_one_account_per_role_and_is_idempotent(app):
    first = run(app, "demo", "load")
    assert first.exit_code == 0, first.output
    for email, _name, password, _roles in DEMO_ACCOUNTS:
        assert email in first.output and password in first.output
    second = run(app, "demo", "load")
    assert second.exit_code == 0 and "already there" in second.output
    with app.app_context():
        emails = [email for email, *_ in DEMO_ACCOUNTS]
        accounts = select(func.count()).select_from(User).where(User.email.in_(emails))
        assert db.session.scalar(accounts) == len(DEMO_ACCOUNTS)
        assert db.session.scalar(select(func.count()).select_from(User)) > len(DEMO_ACCOUNTS) + 18
        roles = set().union(*(services.user_by_email(e).roles for e, *_ in DEMO_ACCOUNTS))
        assert roles == {
            "resident",
            "community_leader",
            "commissioner",
            "staff",
            "moderator",
            "translator",
            "admin",
        }
        for email, _name, password, _roles in DEMO_ACCOUNTS:
            assert services.authenticate(email, password) is not None
        stories = db.session.scalars(select(Story)).all()
        assert len(stories) == len(demo.STORIES)
        assert {s.state for s in stories} == {state.value for state in State}
        assert {s.capability for s in stories} >= set(range(1, 11))
        assert {s.locality for s in stories} == set(LOCALITY_SLUGS)
        assert len({s.lang for s in stories}) >= 8
        responses = db.session.scalar(select(func.count()).select_from(StoryResponse))
        assert responses == len(demo.REPLIES)
    assert "Demonstration stories, panels, events and teams added: 0" in second.output
    with app.app_context():
        teams = db.session.scalars(select(Team)).all()
        assert len(teams) == 2 and all(len(t.members) == 2 for t in teams)
        assert db.session.scalar(select(func.count()).select_from(DestinationCheck)) == 4
        capabilities = set(db.session.scalars(select(LogEntry.capability)))
        assert len(capabilities) >= 8
    with app.app_context():
        events = db.session.scalars(select(Event)).all()
        assert {e.state for e in events} == {
            "draft",
            "published",
            "held",
            "record_published",
            "cancelled",
        }
        assert {e.kind for e in events} == {"hearing", "walkabout", "forum", "connect_plan"}
        statuses = {c.status for c in db.session.scalars(select(Commitment))}
        assert statuses == {"open", "in_progress", "done", "dropped"}
        waiting = db.session.scalars(
            select(Registration).where(Registration.status == "waiting")
        ).all()
        assert waiting
    with app.app_context():
        panels = db.session.scalars(select(Panel)).all()
        assert {p.state for p in panels} == {"draft", "recruiting", "selecting", "active", "closed"}
        runs = db.session.scalars(select(SelectionRun)).all()
        assert [r.state for r in runs] == ["succeeded", "succeeded"]
        recommendations = db.session.scalars(select(Recommendation)).all()
        decisions = {r.decision for r in recommendations}
        assert decisions == {"accepted", "in_part", "not_accepted", "under_consideration", None}
        figures = panel_services.headline_figures(panel_services.OutcomeFilters(), date.today())
        assert figures["overdue"] == 1
