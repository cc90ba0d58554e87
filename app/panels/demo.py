"""Demonstration panels at every stage, with applicants and a recorded draw."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.extensions import db
from app.panels import jobs, services
from app.panels.models import Panel, PanelState
from app.stories.models import Story

AGE = [("16 to 34", 1, 3), ("35 to 64", 1, 3), ("65 and over", 1, 2)]
PANELS = (
    ("Wigan mental health panel", "recruiting", "wigan", 4,
     "Advises Wigan's commissioners on community mental health support, from peer groups to "
     "crisis care."),
    ("Oldham healthy food panel", "active", "oldham", 2,
     "Helps decide how the healthy food budget is spent, together with the council."),
    ("Salford ageing well panel", "draft", "salford", 10,
    "Being set up: will advise on services that help people stay well as they grow older."),
    ("Bolton young people's panel", "selecting", "bolton", 4,
     "Advises on youth services; its members are being chosen."),
    ("Stockport winter pressures panel", "closed", "stockport", 8,
     "Advised on winter support for older people last year. Its term has ended."),
)  # fmt: skip
POWERS = {
    "recruiting": "advises",
    "active": "decides_jointly",
    "draft": "consulted",
    "selecting": "advises",
    "closed": "informs",
}


def load(convener: User, applicant_password: str, commissioner: User | None = None) -> int:
    """Create the demonstration panels that are missing; returns how many were created."""
    created = 0
    for name, stage, locality, capability, remit in PANELS:
        if db.session.scalar(select(Panel.id).where(Panel.name == name)):
            continue
        panel = services.create_panel(
            convener,
            services.PanelDetails(
                name=name,
                remit=remit,
                locality=locality,
                capability_focus=capability,
                power=POWERS[stage],
                target_size=4,
                reserve_size=2,
                one_per_household=False,
                term_starts_on=date(2027, 1, 1),
                term_ends_on=date(2027, 12, 31),
            ),
        )
        if stage != "draft":
            services.add_question(panel, convener, "Age band", "So that every age is heard.", AGE)
            services.move(panel, PanelState.RECRUITING, convener)
            _applicants(panel, locality, applicant_password)
        if stage == "selecting":
            services.move(panel, PanelState.SELECTING, convener)
        if stage in ("active", "closed"):
            run = services.start_selection(panel, convener)
            jobs.perform_now(run)
            services.move(panel, PanelState.ACTIVE, convener)
        if stage == "active" and commissioner is not None:
            _work_of(panel, convener, commissioner)
        if stage == "closed":
            services.move(panel, PanelState.CLOSED, convener)
        created += 1
    return created


def _applicants(panel: Panel, locality: str, password: str) -> None:
    values = [v.id for v in panel.questions[0].values]
    for n in range(9):
        email = f"{locality}.applicant{n + 1}@example.org"
        user = accounts.user_by_email(email)
        if user is None:
            user = accounts.register(
                email, f"Applicant {n + 1} ({locality.title()})", password, "demo"
            )
        services.apply(
            panel,
            user,
            services.ApplicationDetails(
                True,
                needs_step_free=n % 4 == 0,
                answers={panel.questions[0].id: values[n % len(values)]},
            ),
        )


def _work_of(panel: Panel, convener: User, commissioner: User) -> None:
    """A meeting, two questions and advice answered in every way, one answer overdue."""
    today = date.today()
    start = datetime.combine(today - timedelta(days=30), time(18), tzinfo=UTC)
    meeting = services.add_meeting(
        panel,
        convener,
        services.MeetingDetails(
            start,
            start + timedelta(hours=2),
            "Oldham Library, Greaves Street",
            "Step-free entrance, hearing loop, quiet room on the first floor.",
            "1. Welcome\n\n2. The healthy food budget for next year\n\n"
            "3. What we heard from residents",
            "Budget options paper (members only).",
        ),
    )
    services.publish_minutes(
        meeting,
        convener,
        "We agreed three recommendations on the healthy food budget. Two members preferred "
        "spending more on school holidays; their view is recorded with the advice.",
        set(),
    )
    story_ids = list(
        db.session.scalars(select(Story.id).where(Story.state == "published").limit(2))
    )
    past = services.put_ask(
        panel,
        commissioner,
        services.AskDetails(
            "How should next year's healthy food budget be spent?",
            "The council has £120,000 for healthy food projects next year.",
            "The 2027 healthy food grants.",
            today - timedelta(days=60),
            today - timedelta(days=30),
        ),
    )
    answered = services.record_advice(
        panel,
        convener,
        past,
        services.AdviceDetails(
            summary="Fund food clubs run by the people who use them, close to home.",
            agreed_how="vote",
            votes_for=7,
            votes_against=1,
            votes_abstained=1,
            minority_view="Two members wanted more for school holiday meals.",
            answer_due_on=None,
            recommendations=[
                services.RecommendationDraft("Give food clubs three-year grants.", 5, story_ids),
                services.RecommendationDraft("Pay volunteers' travel costs.", 7, []),
                services.RecommendationDraft("Move the budget to a single provider.", 4, []),
                services.RecommendationDraft(
                    "Let residents choose the measures of success.", 9, []
                ),
            ],
        ),
    )
    three_year, travel, single, measures = answered.recommendations
    services.answer(
        three_year, commissioner, "accepted", "", "Grants from April.", today + timedelta(days=90)
    )
    services.update_progress(
        three_year, commissioner, "in_progress", "Grant letters have been sent."
    )
    services.answer(
        travel, commissioner, "in_part", "We can pay bus fares but not taxis.", None, None
    )
    services.answer(
        single,
        commissioner,
        "not_accepted",
        "Residents told us they want local groups.",
        None,
        None,
    )
    services.answer(
        measures,
        commissioner,
        "under_consideration",
        "We are talking to the data team.",
        None,
        None,
    )
    overdue = services.put_ask(
        panel,
        commissioner,
        services.AskDetails(
            "Should the food clubs open on Saturdays?",
            "Some families cannot come on weekdays.",
            "Opening hours in the new grants.",
            today - timedelta(days=20),
            today - timedelta(days=5),
        ),
    )
    services.record_advice(
        panel,
        convener,
        overdue,
        services.AdviceDetails(
            summary="Yes, at least one Saturday a month.",
            agreed_how="consensus",
            votes_for=None,
            votes_against=None,
            votes_abstained=None,
            minority_view=None,
            answer_due_on=None,
            recommendations=[services.RecommendationDraft("Open one Saturday a month.", 2, [])],
        ),
    )
