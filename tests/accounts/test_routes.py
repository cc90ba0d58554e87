import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import User
from app.extensions import db
from tests.conftest import PASSWORD, post

SIGN_UP = {
    "email": "new.person@example.org",
    "display_name": "Nasreen",
    "password": "kettle-garden-sparrow",
    "accept_privacy": "y",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def account(app, email):
    with app.app_context():
        user = services.user_by_email(email)
        return None if user is None else (user.id, user.display_name, user.locale, user.locality)


def test_sign_up_creates_an_account_signs_in_and_records_consent(app, client):
    response = post(client, "/sign-up", SIGN_UP)
    assert response.status_code == 302
    assert "Your account has been created and you are signed in" in page(client.get("/"))
    with app.app_context():
        user = services.user_by_email("new.person@example.org")
        assert user.privacy_notice_version == "2026-11-26"
    assert "Your profile" in page(client.get("/profile"))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address"),
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"email": "a" * 250 + "@x.org"}, "email", "254 characters or fewer"),
        ({"display_name": ""}, "display_name", "Enter a display name"),
        ({"display_name": "n" * 61}, "display_name", "60 characters or fewer"),
        ({"password": "short"}, "password", "at least 10 characters"),
        ({"password": "p" * 129}, "password", "128 characters or fewer"),
        ({"password": "password123"}, "password", "too common"),
        ({"accept_privacy": ""}, "accept_privacy", "You must accept the privacy notice"),
    ],
)
def test_sign_up_explains_each_problem_and_keeps_what_was_typed(
    app, client, change, field, message
):
    response = post(client, "/sign-up", {**SIGN_UP, **change})
    html = page(response)
    assert response.status_code == 400
    assert "<title>Error: Create an account" in html
    assert 'class="error-summary"' in html
    assert f'href="#{field}"' in html
    assert message in html
    assert f'aria-describedby="{field}' in html or field == "accept_privacy"
    if field != "display_name":
        assert 'value="Nasreen"' in html
    assert account(app, "new.person@example.org") is None


def test_sign_up_with_a_registered_email_says_so_without_creating_another(app, client, make_user):
    person = make_user(email="taken@example.org")
    response = post(client, "/sign-up", {**SIGN_UP, "email": "Taken@Example.org"})
    assert response.status_code == 400
    assert "An account already exists for this email address" in page(response)
    with app.app_context():
        count = db.session.scalar(
            select(db.func.count()).select_from(User).where(User.email == "taken@example.org")
        )
    assert count == 1
    assert account(app, person.email)[1] == person.display_name


def test_sign_in_with_a_wrong_password_gives_one_message_for_both_fields(client, make_user):
    person = make_user()
    for email in (person.email, "nobody@example.org"):
        response = post(client, "/sign-in", {"email": email, "password": "wrong-password-1"})
        assert response.status_code == 400
        assert "The email address or password is not right" in page(response)
    assert client.get("/profile").status_code == 302


def test_sign_in_goes_to_a_local_next_page_only(client, make_user):
    person = make_user()
    data = {"email": person.email, "password": PASSWORD}
    response = post(client, "/sign-in?next=/profile", data)
    assert response.headers["Location"] == "/profile"
    post(client, "/sign-out")
    for evil in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = post(client, f"/sign-in?next={evil}", data)
        assert response.headers["Location"] == "/", evil
        post(client, "/sign-out")


def test_remember_me_sets_a_lasting_http_only_cookie(client, make_user, sign_in):
    person = make_user()
    sign_in(person, remember=True)
    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only and cookie.expires is not None


def test_without_remember_me_there_is_no_lasting_cookie(client, make_user, sign_in):
    sign_in(make_user())
    assert client.get_cookie("remember_token") is None


def test_sign_out_needs_a_post(client, make_user, sign_in):
    sign_in(make_user())
    assert client.get("/sign-out").status_code == 405
    assert client.get("/profile").status_code == 200
    post(client, "/sign-out")
    assert client.get("/profile").status_code == 302


def test_forgot_password_answers_the_same_whether_or_not_the_address_exists(app, client, make_user):
    person = make_user(locale="pl")
    outbox = Path(app.config["OUTBOX_DIRECTORY"])
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    known = post(client, "/forgot-password", {"email": person.email})
    unknown = post(client, "/forgot-password", {"email": "nobody@example.org"})
    normalise = lambda r: page(r).replace(person.email, "X").replace("nobody@example.org", "X")  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert normalise(known) == normalise(unknown)
    sent = set(outbox.glob("*.eml")) - before
    assert len(sent) == 1
    message = sent.pop().read_text()
    assert person.email in message


def test_the_emailed_reset_link_changes_the_password_once(app, client, make_user):
    person = make_user()
    outbox = Path(app.config["OUTBOX_DIRECTORY"])
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    post(client, "/forgot-password", {"email": person.email})
    (new_mail,) = set(outbox.glob("*.eml")) - before
    body = new_mail.read_text()
    link = re.search(r"http://localhost(/reset-password/\S+)", body).group(1)
    assert client.get(link).status_code == 200
    short = post(client, link, {"password": "short"})
    assert short.status_code == 400 and "at least 10 characters" in page(short)
    done = post(client, link, {"password": "copper-kettle-winter"})
    assert done.headers["Location"] == "/sign-in"
    again = client.get(link)
    assert again.status_code == 400 and "This link does not work" in page(again)
    response = post(client, "/sign-in", {"email": person.email, "password": "copper-kettle-winter"})
    assert response.status_code == 302


def test_a_tampered_reset_link_gets_a_clear_page(client):
    response = client.get("/reset-password/not-a-real-token")
    assert response.status_code == 400
    assert "This link does not work" in page(response)
    assert post(client, "/reset-password/not-a-real-token", {"password": "x"}).status_code == 400


def test_profile_saves_name_language_and_locality(app, client, make_user, sign_in):
    person = make_user()
    sign_in(person)
    response = post(
        client, "/profile", {"display_name": "Nas", "locale": "pl", "locality": "wigan"}
    )
    assert response.status_code == 302
    assert account(app, person.email)[1:] == ("Nas", "pl", "wigan")
    assert 'lang="pl"' in page(client.get("/profile"))


def test_profile_refuses_unknown_choices_and_keeps_the_saved_values(
    app, client, make_user, sign_in
):
    person = make_user()
    sign_in(person)
    response = post(
        client, "/profile", {"display_name": "", "locale": "xx", "locality": "atlantis"}
    )
    assert response.status_code == 400
    assert "Enter a display name" in page(response)
    assert "Choose one of the options in the list" in page(response)
    assert account(app, person.email)[1:] == (person.display_name, None, None)


def test_change_password_needs_the_current_one(client, make_user, sign_in):
    person = make_user()
    sign_in(person)
    wrong = post(
        client,
        "/profile/password",
        {"current_password": "not-it-at-all", "new_password": "harbour-light-seven"},
    )
    assert wrong.status_code == 400 and "Your current password is not right" in page(wrong)
    right = post(
        client,
        "/profile/password",
        {"current_password": PASSWORD, "new_password": "harbour-light-seven"},
    )
    assert right.headers["Location"] == "/profile"
    assert client.get("/profile").status_code == 200, "the person stays signed in here"


def test_changing_the_password_signs_out_other_browsers(app, make_user):
    person = make_user()
    first, second = app.test_client(), app.test_client()
    for browser in (first, second):
        post(browser, "/sign-in", {"email": person.email, "password": PASSWORD})
    post(
        first,
        "/profile/password",
        {"current_password": PASSWORD, "new_password": "harbour-light-seven"},
    )
    assert first.get("/profile").status_code == 200
    assert second.get("/profile").status_code == 302


def test_people_can_download_their_data(client, make_user, sign_in):
    person = make_user()
    sign_in(person)
    response = client.get("/profile/my-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.json["account"]["email"] == person.email


def test_deleting_an_account_needs_password_and_confirmation(app, client, make_user, sign_in):
    person = make_user()
    sign_in(person)
    missing = post(client, "/profile/delete", {"password": PASSWORD})
    assert missing.status_code == 400 and "Confirm that you want to delete" in page(missing)
    wrong = post(client, "/profile/delete", {"password": "wrong-one-here", "confirm": "y"})
    assert wrong.status_code == 400 and "Your password is not right" in page(wrong)
    assert account(app, person.email) is not None
    done = post(client, "/profile/delete", {"password": PASSWORD, "confirm": "y"})
    assert done.status_code == 200 and "Your account has been deleted" in page(done)
    assert account(app, person.email) is None
    assert client.get("/profile").status_code == 302


def test_sign_in_is_rate_limited_per_account_across_addresses(app, make_user):
    person = make_user()
    statuses = []
    for n in range(12):
        browser = app.test_client()
        environ = {"REMOTE_ADDR": f"10.0.0.{n + 1}"}
        token_page = browser.get("/", environ_base=environ).get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', token_page).group(1)
        response = browser.post(
            "/sign-in",
            data={"csrf_token": token, "email": person.email, "password": "wrong-password-1"},
            environ_base=environ,
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_sign_up_is_rate_limited_per_address(client):
    statuses = [
        post(
            client, "/sign-up", {**SIGN_UP, "email": f"p{n}@example.org", "password": "x"}
        ).status_code
        for n in range(6)
    ]
    assert statuses == [400] * 5 + [429]
