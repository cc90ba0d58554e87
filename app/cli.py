"""Command-line tools: ``users``, ``translate`` and ``demo``."""

import sys
from datetime import date
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask import Flask, current_app
from flask.cli import AppGroup

from app import content
from app.accounts import services
from app.accounts.models import Role
from app.catalogues import check_all, check_content
from app.config import PROJECT_ROOT
from app.deck import demo as demo_deck
from app.extensions import db
from app.hearings import demo as demo_hearings
from app.hearings import services as hearing_services
from app.i18n import DEFAULT_LOCALE, TRANSLATED_LOCALES
from app.panels import demo as demo_panels
from app.panels import jobs as selection_jobs
from app.panels import services as panel_services
from app.stories import demo as demo_stories

users = AppGroup("users", help="Create people and manage their roles.")
translate = AppGroup("translate", help="Extract, update, compile and check translations.")
demo = AppGroup("demo", help="Demonstration content.")
panels = AppGroup("panels", help="Resident panels.")

ROLE_CHOICE = click.Choice([role.value for role in Role])
TRANSLATIONS = PROJECT_ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"

#: One demonstration account per role; shown by ``demo load`` and in the README.
DEMO_ACCOUNTS = (
    ("resident@example.org", "Rukhsana (resident)", "resident-demo-2026", ()),
    ("leader@example.org", "Jim (community leader)", "leader-demo-2026", (Role.COMMUNITY_LEADER,)),
    (
        "commissioner@example.org",
        "Priya (commissioner)",
        "commissioner-demo-2026",
        (Role.COMMISSIONER,),
    ),
    ("staff@example.org", "Tomasz (staff)", "staff-demo-2026", (Role.STAFF,)),
    ("moderator@example.org", "Grace (moderator)", "moderator-demo-2026", (Role.MODERATOR,)),
    ("translator@example.org", "Aisha (translator)", "translator-demo-2026", (Role.TRANSLATOR,)),
    ("admin@example.org", "Sam (administrator)", "admin-demo-2026", (Role.ADMIN,)),
)


def _privacy_version() -> str:
    return content.page("privacy", DEFAULT_LOCALE)["version"]


def ensure_user(email: str, name: str, password: str, roles) -> tuple[object, bool]:
    """The account for ``email`` with at least ``roles``, created if missing."""
    user = services.user_by_email(email)
    created = user is None
    if created:
        user = services.register(email, name, password, _privacy_version())
    for role in roles:
        services.grant_role(user, Role(role), None)
    return user, created


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", required=True)
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE)
def create_user(email: str, name: str, password: str, roles: tuple[str, ...]) -> None:
    """Create an account (people created here are taken to accept the privacy notice)."""
    if len(password) < services.MIN_PASSWORD_LENGTH or services.is_common_password(password):
        raise click.UsageError("The password must be 10 characters or more and not a common one.")
    try:
        user = services.register(email, name, password, _privacy_version())
    except services.EmailTaken:
        raise click.UsageError(f"An account already exists for {email}.") from None
    for role in roles:
        services.grant_role(user, Role(role), None)
    db.session.commit()
    click.echo(f"Created {user.email} with roles: {', '.join(sorted(user.roles))}")


@users.command("grant")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE_CHOICE)
def grant(email: str, role: str) -> None:
    """Give an existing account a role."""
    user = services.user_by_email(email)
    if user is None:
        raise click.UsageError(f"No account for {email}.")
    changed = services.grant_role(user, Role(role), None)
    db.session.commit()
    click.echo(f"{'Granted' if changed else 'Already held'}: {role} for {user.email}")


@users.command("revoke")
@click.option("--email", required=True)
@click.option("--role", required=True, type=ROLE_CHOICE)
def revoke(email: str, role: str) -> None:
    """Take a role away from an account."""
    user = services.user_by_email(email)
    if user is None:
        raise click.UsageError(f"No account for {email}.")
    changed = services.revoke_role(user, Role(role), None)
    db.session.commit()
    click.echo(f"{'Revoked' if changed else 'Not held'}: {role} for {user.email}")


def _pybabel(*args: str) -> None:
    TRANSLATIONS.mkdir(exist_ok=True)
    CommandLineInterface().run(["pybabel", "-q", *args])


@translate.command("extract")
def extract() -> None:
    """Collect interface strings into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F", str(PROJECT_ROOT / "babel.cfg"),
        "-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
        "--no-location", "--sort-output",
        "--project", "shifting-power",
        "-o", str(TEMPLATE),
        str(PROJECT_ROOT),
    )  # fmt: skip
    click.echo(f"Wrote {TEMPLATE}")


@translate.command("update")
def update() -> None:
    """Merge new strings into every catalogue, creating any that are missing."""
    for locale in TRANSLATED_LOCALES:
        po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
        verb = "update" if po.exists() else "init"
        extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if verb == "update" else []
        _pybabel(verb, "-i", str(TEMPLATE), "-d", str(TRANSLATIONS), "-l", locale, *extra)
    click.echo("Catalogues updated")


@translate.command("compile")
def compile_catalogues() -> None:
    """Build the .mo files the application reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


@translate.command("check")
def check() -> None:
    """Fail on untranslated, fuzzy or mismatched strings and on incomplete content."""
    problems = check_all(TRANSLATIONS, TRANSLATED_LOCALES)
    problems += check_content(Path(current_app.config["CONTENT_DIRECTORY"]), TRANSLATED_LOCALES)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{len(TRANSLATED_LOCALES)} catalogues and their content complete")


def load_demo_content() -> tuple[list[tuple[str, str, str, bool]], int]:
    """Create the demonstration accounts and stories that are missing (flushed, not committed).

    Returns a row per account (roles, email, password, created) and the stories created.
    """
    rows, people = [], {}
    for email, name, password, roles in DEMO_ACCOUNTS:
        user, created = ensure_user(email, name, password, roles)
        people[email] = user
        rows.append((", ".join(sorted(user.roles)), email, password, created))
    stories_created = demo_stories.load(
        people["resident@example.org"],
        people["moderator@example.org"],
        people["commissioner@example.org"],
    )
    stories_created += demo_stories.load_translations(
        people["resident@example.org"],
        people["translator@example.org"],
        people["moderator@example.org"],
    )
    panels_created = demo_panels.load(
        people["leader@example.org"], "applicant-demo-2026", people["commissioner@example.org"]
    )
    hearings_created = demo_hearings.load(
        people["leader@example.org"],
        [people["commissioner@example.org"], people["staff@example.org"]],
        "applicant-demo-2026",
    )
    teams_created = demo_deck.load(people["staff@example.org"], people["leader@example.org"])
    return rows, stories_created + panels_created + hearings_created + teams_created


@demo.command("load")
def load_demo() -> None:
    """Create the demonstration accounts and content (running it again changes nothing)."""
    rows, stories_created = load_demo_content()
    db.session.commit()
    click.echo("Demonstration accounts (for trying the platform out, never for real use):")
    for roles, email, password, created in rows:
        click.echo(f"  {roles:<28} {email:<28} {password}{'' if created else '  (already there)'}")
    click.echo(f"Demonstration stories, panels, events and teams added: {stories_created}")
    click.echo(f"Database: {current_app.config['SQLALCHEMY_DATABASE_URI']}")


@panels.command("run-selections")
def run_selections() -> None:
    """Carry out queued panel selections (for a separate worker process)."""
    count = selection_jobs.perform_queued()
    click.echo(f"Selections carried out: {count}")


@panels.command("remind")
def remind() -> None:
    """Remind commissioners of answers falling due, and tell them of overdue ones."""
    sent = panel_services.send_reminders(date.today())
    db.session.commit()
    click.echo(f"Reminders sent: {sent}")


hearings = AppGroup("hearings", help="Hearings and walkabouts.")


@hearings.command("remind")
def remind_commitments() -> None:
    """Remind people of commitments falling due within a week (run daily)."""
    sent = hearing_services.remind_commitment_owners(date.today())
    db.session.commit()
    click.echo(f"Reminders sent: {sent}")


def init_app(app: Flask) -> None:
    for group in (users, translate, demo, panels, hearings):
        app.cli.add_command(group)
