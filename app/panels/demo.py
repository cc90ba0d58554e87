"""Demonstration panels at every stage, with applicants and a recorded draw."""

from datetime import date

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.extensions import db
from app.panels import jobs, services
from app.panels.models import Panel, PanelState

AGE = [("16 to 34", 1, 3), ("35 to 64", 1, 3), ("65 and over", 1, 2)]
PANELS = (
    ("Wigan mental health panel", "recruiting", "wigan", 4,
     "Advises Wigan's commissioners on community mental health support, from peer groups to "
     "crisis care."),
    ("Oldham healthy food panel", "active", "oldham", 2,
     "Helps decide how the healthy food budget is spent, together with the council."),
    ("Salford ageing well panel", "draft", "salford", 10,
     "Being set up: will advise on services that help people stay well as they grow older."),
)  # fmt: skip
POWERS = {"recruiting": "advises", "active": "decides_jointly", "draft": "consulted"}


def load(convener: User, applicant_password: str) -> int:
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
        if stage == "active":
            run = services.start_selection(panel, convener)
            jobs.perform_now(run)
            services.move(panel, PanelState.ACTIVE, convener)
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
