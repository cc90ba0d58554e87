"""Story pages run the same number of queries however many stories there are."""

from sqlalchemy import event

from app.accounts.models import Role
from app.extensions import db
from tests.stories.test_routes import make_published


def queries_for(app, client, url: str) -> int:
    count = 0

    def seen(_connection, _cursor, statement, *_args) -> None:
        """Count the application's queries, not the test transaction's savepoints."""
        nonlocal count
        count += not statement.startswith(("SAVEPOINT", "RELEASE"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count


def test_list_search_and_capability_pages_do_not_grow_with_the_number_of_stories(
    app, client, make_user
):
    teller, moderator = make_user(), make_user(Role.MODERATOR)
    urls = ["/stories/", "/stories/?q=walking", "/stories/?theme=loneliness"]
    make_published(app, teller.id, moderator.id)
    few = [queries_for(app, client, url) for url in urls]
    for _ in range(24):
        make_published(app, teller.id, moderator.id)
    many = [queries_for(app, client, url) for url in urls]
    assert few == many
    assert max(many) <= 4
