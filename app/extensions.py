"""The Flask extensions, created once and bound to an app in ``create_app``."""

from flask_babel import Babel
from flask_caching import Cache
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: Stable constraint names, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: Search structures that live only in the migrations, because each database builds its
#: own kind (SQLite's FTS5 tables, PostgreSQL's GIN expression index).
SEARCH_ONLY_NAMES = ("stories_fts", "ix_stories_search")


def include_name(name: str | None, type_: str, _parent_names) -> bool:
    """Leave the database-specific search structures out of autogenerate comparisons."""
    return not (name and name.startswith(SEARCH_ONLY_NAMES))


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True, include_name=include_name)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
mail = Mail()
cache = Cache()
cors = CORS()
