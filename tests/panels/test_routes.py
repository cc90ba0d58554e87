import re

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.panels import jobs, services
from app.panels.models import Application, Panel, SelectionRun
from tests.conftest import post
from tests.panels.conftest import AGE, details

PANEL = {
    "name": "Bolton young people's panel",
    "remit": "Advises on youth services.",
    "locality": "bolton",
    "capability_focus": "",
    "power": "consulted",
    "target_size": "4",
    "reserve_size": "1",
    "term_starts_on": "2027-01-01",
    "term_ends_on": "2027-12-31",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def make_panel(app, convener_id, state="recruiting", questions=True):
    with app.app_context():
        convener = db.session.get(User, convener_id)
        panel = services.create_panel(convener, details())
        if questions:
            services.add_question(panel, convener, "Age band", "So all ages are heard.", AGE)
        if state != "draft":
            services.move(panel, services.PanelState.RECRUITING, convener)
        db.session.commit()
        return panel.id


def test_leaders_set_up_a_panel_and_its_power_shows_on_every_page(app, client, make_user, sign_in):
    sign_in(make_user(Role.COMMUNITY_LEADER))
    response = post(client, "/panels/new", PANEL)
    assert response.status_code == 302
    panel_id = int(re.search(r"/panels/(\d+)/questions", response.headers["Location"]).group(1))
    for url in (
        f"/panels/{panel_id}",
        f"/panels/{panel_id}/questions",
        f"/panels/{panel_id}/selection",
    ):
        assert "This panel is consulted" in page(client.get(url)), url


def test_panel_dates_must_be_in_order_and_sizes_sensible(client, make_user, sign_in):
    sign_in(make_user(Role.STAFF))
    response = post(
        client, "/panels/new", {**PANEL, "term_ends_on": "2026-01-01", "target_size": "0"}
    )
    assert response.status_code == 400
    assert "The term must end after it starts" in page(response)
    assert "Enter a number of seats from 2 to 500" in page(response)


def test_residents_cannot_set_up_panels_and_drafts_are_private(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id, state="draft")
    sign_in(make_user())
    assert client.get("/panels/new").status_code == 403
    assert client.get(f"/panels/{panel_id}").status_code == 404


def test_selection_questions_are_validated(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id, questions=False)
    sign_in(leader)
    bad = post(
        client,
        f"/panels/{panel_id}/questions",
        {"name": "Gender", "why": "Balance", "values": "Women | 5 | 2\nMen | 1 | 2"},
    )
    assert bad.status_code == 400 and "must not be more than the most" in page(bad)
    shape = post(
        client,
        f"/panels/{panel_id}/questions",
        {"name": "Gender", "why": "Balance", "values": "Women 1 2"},
    )
    assert shape.status_code == 400 and "Line 1 is not in the form" in page(shape)
    good = post(
        client,
        f"/panels/{panel_id}/questions",
        {"name": "Gender", "why": "Balance", "values": "Women | 1 | 3\nMen | 1 | 3"},
    )
    assert good.status_code == 302
    again = post(
        client,
        f"/panels/{panel_id}/questions",
        {"name": "gender", "why": "x", "values": "A | 0 | 1\nB | 0 | 1"},
    )
    assert again.status_code == 400 and "already asks that question" in page(again)


def test_applying_once_with_needs_and_optional_answers(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    sign_in(make_user())
    form = page(client.get(f"/panels/{panel_id}/apply"))
    question_field = re.search(r'name="(question_\d+)"', form).group(1)
    missing = post(client, f"/panels/{panel_id}/apply", {"needs_interpreter": "y"})
    assert missing.status_code == 400
    assert "Panels are for people who live or work in the area" in page(missing)
    assert "Say which language you need an interpreter for" in page(missing)
    done = post(
        client,
        f"/panels/{panel_id}/apply",
        {
            "lives_or_works_here": "y",
            "needs_interpreter": "y",
            "interpreter_language": "Tigrinya",
            question_field: "",
        },
    )
    assert done.status_code == 200 and "What happens next" in page(done)
    again = post(client, f"/panels/{panel_id}/apply", {"lives_or_works_here": "y"})
    assert again.status_code == 302
    with app.app_context():
        (application,) = db.session.scalars(select(Application)).all()
        assert application.interpreter_language == "Tigrinya" and application.answers == []


def test_applying_to_a_panel_that_is_not_recruiting_is_refused(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    with app.app_context():
        panel = db.session.get(Panel, panel_id)
        services.move(panel, services.PanelState.SELECTING, db.session.get(User, leader.id))
        db.session.commit()
    sign_in(make_user())
    assert (
        post(client, f"/panels/{panel_id}/apply", {"lives_or_works_here": "y"}).status_code == 409
    )


def test_the_draw_runs_outside_the_request_and_the_public_page_shows_targets(
    app, client, make_user, sign_in
):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    people = [make_user() for _ in range(6)]
    for n, person in enumerate(people):
        browser = app.test_client()
        post(browser, "/sign-in", {"email": person.email, "password": person.password})
        form = page(browser.get(f"/panels/{panel_id}/apply"))
        name = re.search(r'name="(question_\d+)"', form).group(1)
        values = re.findall(r'<option value="(\d+)"', form)
        post(
            browser, f"/panels/{panel_id}/apply", {"lives_or_works_here": "y", name: values[n % 2]}
        )
    sign_in(leader)
    response = post(client, f"/panels/{panel_id}/selection", {"algorithm": "maximin"})
    assert response.status_code == 302
    assert "The draw is running" in page(client.get(f"/panels/{panel_id}/selection"))
    twice = post(client, f"/panels/{panel_id}/selection", {"algorithm": "maximin"})
    assert twice.status_code == 302
    assert "already running" in page(client.get(f"/panels/{panel_id}/selection"))
    with app.app_context():
        (run_id,) = db.session.scalars(select(SelectionRun.id)).all()
        jobs.perform(run_id)
    post(client, "/sign-out")
    public = page(client.get(f"/panels/{panel_id}/selection"))
    assert "Seats filled" in public and "Age band" in public
    assert people[0].email not in public and people[0].display_name not in public
    post(client, "/sign-in", {"email": people[0].email, "password": people[0].password})
    own = page(client.get(f"/panels/{panel_id}/selection"))
    assert "Your chance of being selected in the latest draw was" in own


def test_too_few_applicants_is_explained(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    sign_in(leader)
    post(client, f"/panels/{panel_id}/selection", {"algorithm": "maximin"})
    assert "There are 0 applicants for 4 seats" in page(client.get(f"/panels/{panel_id}/selection"))


def test_only_conveners_run_the_draw_and_see_applicants(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    sign_in(make_user(Role.COMMUNITY_LEADER))
    assert (
        post(client, f"/panels/{panel_id}/selection", {"algorithm": "maximin"}).status_code == 403
    )
    assert client.get(f"/panels/{panel_id}/applications").status_code == 403
    assert client.get(f"/panels/{panel_id}/members").status_code == 403


def test_conveners_appoint_members_and_admins_add_conveners(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = make_panel(app, leader.id)
    someone = make_user(display_name="Appointed Person")
    sign_in(leader)
    unknown = post(client, f"/panels/{panel_id}/members", {"email": "nobody@example.org"})
    assert unknown.status_code == 400 and "There is no account with that email address" in page(
        unknown
    )
    post(client, f"/panels/{panel_id}/members", {"email": someone.email})
    members = page(client.get(f"/panels/{panel_id}/members"))
    assert "Appointed Person" in members and "Appointed" in members
    assert (
        post(client, f"/panels/{panel_id}/conveners", {"email": someone.email}).status_code == 403
    )
    post(client, "/sign-out")
    sign_in(make_user(Role.ADMIN))
    post(client, f"/panels/{panel_id}/conveners", {"email": someone.email})
    with app.app_context():
        assert db.session.get(Panel, panel_id).is_convener(db.session.get(User, someone.id))


def active_panel(app, convener_id, commissioner_id=None):
    panel_id = make_panel(app, convener_id)
    with app.app_context():
        panel = db.session.get(Panel, panel_id)
        convener = db.session.get(User, convener_id)
        services.move(panel, services.PanelState.SELECTING, convener)
        services.move(panel, services.PanelState.ACTIVE, convener)
        db.session.commit()
    return panel_id


ADVICE = {
    "ask": "",
    "summary": "Peer support works.",
    "agreed_how": "consensus",
    "answer_due_on": "2027-04-01",
    "text_1": "Fund peer support groups",
    "capability_1": "5",
    "stories_1": "",
}


def test_advice_is_validated_then_published_and_answered_in_public(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = active_panel(app, leader.id)
    sign_in(leader)
    vote = post(client, f"/panels/{panel_id}/advice/new", {**ADVICE, "agreed_how": "vote"})
    assert vote.status_code == 400 and "Enter the number of votes" in page(vote)
    no_capability = post(client, f"/panels/{panel_id}/advice/new", {**ADVICE, "capability_1": ""})
    assert no_capability.status_code == 400
    assert "Choose the capability this recommendation advances" in page(no_capability)
    bad_stories = post(client, f"/panels/{panel_id}/advice/new", {**ADVICE, "stories_1": "twelve"})
    assert bad_stories.status_code == 400 and "Use story numbers separated by commas" in page(
        bad_stories
    )
    assert post(client, f"/panels/{panel_id}/advice/new", ADVICE).status_code == 302
    post(client, "/sign-out")
    public = page(client.get(f"/panels/{panel_id}/outcomes"))
    assert "Fund peer support groups" in public and "Awaiting an answer" in public
    commissioner = make_user(Role.COMMISSIONER)
    sign_in(commissioner)
    with app.app_context():
        from app.panels.models import Recommendation

        (rec_id,) = db.session.scalars(select(Recommendation.id)).all()
    missing = post(
        client,
        f"/panels/recommendations/{rec_id}/answer",
        {"decision": "not_accepted", "reasons": ""},
    )
    assert missing.status_code == 400 and "Give your reasons" in page(missing)
    done = post(
        client,
        f"/panels/recommendations/{rec_id}/answer",
        {"decision": "in_part", "reasons": "Half the budget"},
    )
    assert done.status_code == 302
    outcomes = page(client.get("/panels/outcomes?capability=5"))
    assert "Accepted in part" in outcomes and "Half the budget" in outcomes
    assert client.get("/panels/outcomes?status=nonsense").status_code == 400


def test_only_the_asking_commissioner_answers_advice_on_their_question(
    app, client, make_user, sign_in
):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = active_panel(app, leader.id)
    asker = make_user(Role.COMMISSIONER)
    sign_in(asker)
    ask = {
        "question": "What matters most?", "background": "Budget", "decision": "2027 contract",
        "advice_needed_by": "2027-02-01", "answer_by": "2027-01-01",
    }  # fmt: skip
    wrong = post(client, f"/panels/{panel_id}/asks/new", ask)
    assert wrong.status_code == 400 and "You cannot answer before the advice is due" in page(wrong)
    assert (
        post(client, f"/panels/{panel_id}/asks/new", {**ask, "answer_by": "2027-03-01"}).status_code
        == 302
    )
    post(client, "/sign-out")
    sign_in(leader)
    form = page(client.get(f"/panels/{panel_id}/advice/new"))
    ask_id = re.search(r'<option value="(\d+)">What matters most\?', form).group(1)
    post(client, f"/panels/{panel_id}/advice/new", {**ADVICE, "ask": ask_id, "answer_due_on": ""})
    post(client, "/sign-out")
    with app.app_context():
        from app.panels.models import Recommendation

        (rec_id,) = db.session.scalars(select(Recommendation.id)).all()
    sign_in(make_user(Role.COMMISSIONER))
    assert client.get(f"/panels/recommendations/{rec_id}/answer").status_code == 403
    post(client, "/sign-out")
    sign_in(asker)
    assert client.get(f"/panels/recommendations/{rec_id}/answer").status_code == 200


def test_meetings_show_papers_to_members_only(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = active_panel(app, leader.id)
    sign_in(leader)
    bad = post(
        client,
        f"/panels/{panel_id}/meetings",
        {
            "day": "2027-01-10",
            "starts": "18:00",
            "ends": "17:00",
            "venue": "Library",
            "agenda": "Welcome",
        },
    )
    assert bad.status_code == 400 and "The meeting must end after it starts" in page(bad)
    post(
        client,
        f"/panels/{panel_id}/meetings",
        {
            "day": "2027-01-10",
            "starts": "18:00",
            "ends": "20:00",
            "venue": "Library",
            "agenda": "Welcome",
            "papers": "Secret budget",
        },
    )
    listing = page(client.get(f"/panels/{panel_id}/meetings"))
    meeting_url = re.search(r'href="(/panels/\d+/meetings/\d+)"', listing).group(1)
    assert "Secret budget" in page(client.get(meeting_url))
    post(client, "/sign-out")
    public = page(client.get(meeting_url))
    assert "Welcome" in public and "Secret budget" not in public


def test_story_numbers_may_be_typed_with_arabic_digits_and_commas(app, client, make_user, sign_in):
    leader = make_user(Role.COMMUNITY_LEADER)
    panel_id = active_panel(app, leader.id)
    sign_in(leader)
    response = post(client, f"/panels/{panel_id}/advice/new", {**ADVICE, "stories_1": "١٢، ٤٠"})
    assert response.status_code == 302
