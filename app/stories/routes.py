"""Stories: telling, finding, moderating, replying and reporting."""

from datetime import datetime

from babel.lists import format_list
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import content
from app.authz import can, permission_required, require
from app.extensions import db
from app.i18n import language_name
from app.stories import bp, forms, services
from app.stories.forms import (
    ConsentForm,
    FilterForm,
    ModerationForm,
    OnBehalfForm,
    ReportForm,
    ResponseForm,
    StoryForm,
)
from app.stories.models import Naming, State, Story, StoryResponse, StoryTranslation

PER_PAGE = 20


def _label(labels: dict):
    return lambda value: str(labels.get(value, value))


def theme_labels(themes) -> str:
    return format_list([str(forms.THEME_LABELS[t]) for t in themes], locale=get_locale())


for _name, _function in {
    "story_state_label": _label(forms.STATE_LABELS),
    "safeguarding_label": _label(forms.SAFEGUARDING_LABELS),
    "visibility_label": _label(forms.VISIBILITY_LABELS),
    "rejection_label": _label(forms.REJECTION_LABELS),
    "report_label": _label(forms.REPORT_LABELS),
    "change_label": _label(forms.CHANGE_LABELS),
    "translation_state_label": _label(forms.TRANSLATION_STATE_LABELS),
    "theme_labels": theme_labels,
    "language_name": language_name,
}.items():
    bp.add_app_template_global(_function, _name)


MODERATION_PER_PAGE = 25


def load_story(story_id: int, permission: str = "stories.view") -> Story:
    """The story, if the person may see it; 404 otherwise, as existence itself is private."""
    story = db.session.get(Story, story_id)
    if story is None or not can("stories.view", current_user, story):
        abort(404)
    require(permission, story)
    return story


def story_text(form: StoryForm) -> services.StoryText:
    return services.StoryText(
        title=form.title.data,
        body=form.body.data,
        lang=form.lang.data,
        capability=form.capability_number,
        locality=form.locality.data,
        themes=form.themes.data or [],
    )


def consent_from(form) -> services.Consent:
    return services.Consent(
        visibility=form.visibility.data,
        naming=form.naming.data,
        first_name=form.first_name.data,
        over_13=form.over_13.data,
        health_consent=form.health_consent.data,
    )


def filters_from(form: FilterForm) -> services.Filters:
    return services.Filters(
        q=(form.q.data or "").strip() or None,
        capability=int(form.capability.data) if form.capability.data else None,
        locality=form.locality.data or None,
        theme=form.theme.data or None,
        lang=form.language.data or None,
    )


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    if not value:
        return None
    stamp, _, story_id = value.rpartition("_")
    try:
        return datetime.fromisoformat(stamp), int(story_id)
    except ValueError:
        abort(400)


def cursor_for(story: Story) -> str:
    return f"{story.published_at.isoformat()}_{story.id}"


@bp.route("/")
def index():
    form = FilterForm(request.args)
    if not form.validate():
        return render_template("stories/index.html", form=form, stories=[], more=False), 400
    filters = filters_from(form)
    statement = services.published(can("stories.read_staff_only", current_user), filters)
    stories, more = services.page_of(statement, parse_cursor(request.args.get("before")), PER_PAGE)
    older = cursor_for(stories[-1]) if more else None
    return render_template(
        "stories/index.html", form=form, stories=stories, filters=filters, older=older
    )


@bp.route("/export.csv")
@permission_required("stories.export")
def export():
    form = FilterForm(request.args)
    if not form.validate():
        abort(400)
    statement = services.published(True, filters_from(form))
    return Response(
        services.export_csv(statement),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="stories.csv"'},
    )


@bp.route("/new", methods=["GET", "POST"])
@permission_required("stories.tell")
def new():
    form = StoryForm()
    if request.method == "GET":
        form.submission_key.data = services.new_submission_key()
    if form.validate_on_submit():
        key = form.submission_key.data or services.new_submission_key()
        story = services.save_draft(current_user, story_text(form), key)
        db.session.commit()
        return after_saving(story)
    return render_template("stories/tell.html", form=form), 400 if form.errors else 200


def after_saving(story: Story):
    if request.form.get("save") == "draft":
        flash(_("Your draft has been saved. You can come back to it at any time."), "success")
        return redirect(url_for("stories.mine"))
    return redirect(url_for("stories.consent", story_id=story.id))


@bp.route("/<int:story_id>/edit", methods=["GET", "POST"])
@permission_required("stories.tell")
def edit(story_id: int):
    story = load_story(story_id, "stories.edit")
    form = StoryForm(
        data={
            "title": story.title,
            "body": story.body,
            "lang": story.lang,
            "locality": story.locality,
            "capability": str(story.capability or "not_sure"),
            "themes": story.theme_names,
            "submission_key": story.submission_key,
        }
    )
    if form.validate_on_submit():
        services.update_text(story, current_user, story_text(form))
        db.session.commit()
        return after_saving(story)
    return render_template("stories/tell.html", form=form, story=story), (
        400 if form.errors else 200
    )


@bp.route("/<int:story_id>/consent", methods=["GET", "POST"])
@permission_required("stories.tell")
def consent(story_id: int):
    story = load_story(story_id, "stories.edit")
    form = ConsentForm(obj=story if story.consent_at else None)
    if form.validate_on_submit():
        services.submit(story, current_user, consent_from(form))
        db.session.commit()
        return redirect(url_for("stories.sent", story_id=story.id))
    return render_template("stories/consent.html", form=form, story=story), (
        400 if form.errors else 200
    )


@bp.route("/<int:story_id>/sent")
@permission_required("stories.tell")
def sent(story_id: int):
    story = load_story(story_id)
    return render_template("stories/sent.html", story=story)


@bp.route("/mine")
@permission_required("stories.tell")
def mine():
    page = db.paginate(services.stories_by(current_user), per_page=PER_PAGE, max_per_page=PER_PAGE)
    return render_template("stories/mine.html", page=page)


@bp.route("/on-behalf", methods=["GET", "POST"])
@permission_required("stories.record_on_behalf")
def on_behalf():
    form = OnBehalfForm()
    if request.method == "GET":
        form.submission_key.data = services.new_submission_key()
    if form.validate_on_submit():
        consent = consent_from(form)
        consent.method = form.consent_method.data
        consent.given_at = datetime.combine(
            form.consent_date.data, datetime.min.time()
        ).astimezone()
        story = services.record_on_behalf(
            current_user,
            story_text(form),
            consent,
            form.submission_key.data or services.new_submission_key(),
        )
        db.session.commit()
        return redirect(url_for("stories.sent", story_id=story.id))
    return render_template("stories/on_behalf.html", form=form), 400 if form.errors else 200


@bp.route("/<int:story_id>")
def detail(story_id: int):
    story = load_story(story_id)
    return render_story(story, ResponseForm())


def render_story(story: Story, response_form: ResponseForm, status: int = 200):
    return render_template(
        "stories/detail.html",
        story=story,
        capability=content.capability(story.capability) if story.capability else None,
        responses=services.visible_responses(story) if story.state == State.PUBLISHED else [],
        response_form=response_form,
        named=story.teller_first_name if story.naming == Naming.FIRST_NAME else None,
        translations=services.published_translations(story) if story.is_public else [],
    ), status


@bp.route("/<int:story_id>/withdraw", methods=["GET", "POST"])
@permission_required("stories.tell")
def withdraw(story_id: int):
    story = load_story(story_id, "stories.withdraw")
    if request.method == "POST":
        services.withdraw(story, current_user)
        db.session.commit()
        flash(_("Your story has been withdrawn. Nobody else can see it now."), "success")
        return redirect(url_for("stories.mine"))
    return render_template("stories/withdraw.html", story=story)


@bp.route("/moderation")
@permission_required("stories.moderate_any")
def queue():
    state = request.args.get("state") or State.SUBMITTED.value
    safeguarding = request.args.get("safeguarding") or None
    reported = request.args.get("reported") == "1"
    if state not in {s.value for s in State} - {State.DRAFT.value}:
        abort(400)
    statement = services.moderation_queue(state, safeguarding, reported)
    page = db.paginate(statement, per_page=MODERATION_PER_PAGE, max_per_page=MODERATION_PER_PAGE)
    return render_template(
        "stories/queue.html", page=page, state=state, safeguarding=safeguarding, reported=reported
    )


@bp.route("/<int:story_id>/moderate", methods=["GET", "POST"])
@permission_required("stories.moderate_any")
def moderate(story_id: int):
    story = load_story(story_id, "stories.moderate")
    form = ModerationForm(
        data={
            "capability": str(story.capability or ""),
            "locality": story.locality,
            "themes": story.theme_names,
            "public_title": story.public_title or story.title,
            "public_body": story.public_body or story.body,
            "safeguarding": story.safeguarding,
        }
    )
    action = request.form.get("action")
    if form.validate_on_submit() and apply_moderation(story, form, action):
        db.session.commit()
        return redirect(url_for("stories.moderate", story_id=story.id))
    return render_template(
        "stories/moderate.html",
        story=story,
        form=form,
        history=services.history(story),
        reports=services.open_reports(story),
        guidelines=content.page("moderation"),
    ), 400 if form.errors else 200


def apply_moderation(story: Story, form: ModerationForm, action: str | None) -> bool:
    """Carry out the moderator's chosen action; False (with errors on the form) if refused."""
    edits = services.ModeratorEdits(
        capability=int(form.capability.data) if form.capability.data else None,
        locality=form.locality.data,
        themes=form.themes.data or [],
        public_title=form.public_title.data,
        public_body=form.public_body.data,
        safeguarding=form.safeguarding.data,
    )
    note = (form.note.data or "").strip()
    if action == "publish" and edits.capability is None:
        form.capability.errors.append(_("Choose a capability before publishing"))
        return False
    if action == "return" and not note:
        form.note.errors.append(_("Write a note telling the teller what to change"))
        return False
    if action == "reject" and not form.rejection_reason.data:
        form.rejection_reason.errors.append(_("Choose a reason for rejecting the story"))
        return False
    if action not in ("save", "publish", "return", "reject"):
        abort(400)
    try:
        services.save_moderation(story, current_user, edits)
        if action == "publish":
            services.publish(story, current_user)
        elif action == "return":
            services.return_for_changes(story, current_user, note)
        elif action == "reject":
            services.reject(story, current_user, form.rejection_reason.data, note)
    except services.InvalidTransition:
        db.session.rollback()
        abort(409)
    flash(MODERATION_DONE[action](), "success")
    return True


MODERATION_DONE = {
    "save": lambda: _("Your changes have been saved."),
    "publish": lambda: _("The story has been published."),
    "return": lambda: _("The story has been returned to the teller with your note."),
    "reject": lambda: _("The story has been rejected and the teller has been told why."),
}


@bp.route("/<int:story_id>/reinstate", methods=["POST"])
@permission_required("stories.moderate_any")
def reinstate(story_id: int):
    story = load_story(story_id, "stories.moderate")
    services.reinstate(story, current_user)
    db.session.commit()
    flash(_("The reports are resolved and the story and its replies are visible again."), "success")
    return redirect(url_for("stories.moderate", story_id=story.id))


@bp.route("/<int:story_id>/responses", methods=["POST"])
@permission_required("stories.tell")
def respond(story_id: int):
    story = load_story(story_id, "stories.respond")
    form = ResponseForm()
    if not form.validate_on_submit():
        return render_story(story, form, 400)
    services.respond(
        story,
        current_user,
        form.body.data,
        form.organisation.data,
        form.change.data,
        form.change_description.data,
    )
    db.session.commit()
    flash(_("Your reply has been published and the teller has been told."), "success")
    return redirect(url_for("stories.detail", story_id=story.id, _anchor="responses"))


@bp.route("/<int:story_id>/report", methods=["GET", "POST"])
@permission_required("stories.report")
def report_story(story_id: int):
    story = load_story(story_id)
    if story.state != State.PUBLISHED:
        abort(404)
    return report(story=story)


@bp.route("/responses/<int:response_id>/report", methods=["GET", "POST"])
@permission_required("stories.report")
def report_response(response_id: int):
    response = db.session.get(StoryResponse, response_id)
    if response is None or response.hidden_at is not None:
        abort(404)
    story = load_story(response.story_id)
    return report(story=None, response=response, back=story)


def report(story=None, response=None, back=None):
    form = ReportForm()
    target_story = story or back
    if form.validate_on_submit():
        try:
            services.report(
                current_user, form.reason.data, form.note.data, story=story, response=response
            )
        except services.AlreadyReported:
            flash(_("You have already reported this. A moderator will look at it."), "info")
        else:
            db.session.commit()
            flash(_("Thank you. A moderator will look at what you reported."), "success")
        return redirect(url_for("stories.detail", story_id=target_story.id))
    return render_template(
        "stories/report.html", form=form, story=target_story, response=response
    ), 400 if form.errors else 200


# Volunteer translations -----------------------------------------------------------------


@bp.route("/<int:story_id>/translate", methods=["GET", "POST"])
@permission_required("stories.translate")
def translate(story_id: int):
    story = load_story(story_id)
    if not story.is_public:
        return render_template("stories/translate_refused.html", story=story), 409
    form = forms.TranslationForm()
    if request.method == "GET":
        form.lang.data = next(
            (tag for tag, _name in form.lang.choices if tag.split("-")[0] != story.lang[:2]), None
        )
    status = 200
    if form.validate_on_submit():
        try:
            services.translate(story, current_user, form.lang.data, form.title.data, form.body.data)
        except services.SameLanguage:
            form.lang.errors.append(_("The story is already in that language. Choose another."))
        except services.TranslationPending:
            form.lang.errors.append(
                _("This story already has a translation into that language. Choose another.")
            )
            status = 409
        else:
            db.session.commit()
            flash(_("Thank you. A moderator will check your translation."), "success")
            return redirect(url_for("stories.translations_mine"))
    if form.errors and status == 200:
        status = 400
    return render_template("stories/translate.html", story=story, form=form), status


@bp.route("/translations")
@permission_required("stories.moderate_any")
def translations():
    page = db.paginate(
        services.translations_to_check(),
        per_page=MODERATION_PER_PAGE,
        max_per_page=MODERATION_PER_PAGE,
    )
    return render_template("stories/translations.html", page=page)


@bp.route("/translations/<int:translation_id>", methods=["GET", "POST"])
@permission_required("stories.moderate_any")
def check_translation(translation_id: int):
    translation = db.session.get(StoryTranslation, translation_id) or abort(404)
    require("stories.check_translation", translation)
    form = forms.TranslationCheckForm()
    if form.validate_on_submit():
        try:
            if form.action.data == "publish":
                services.publish_translation(translation, current_user)
            else:
                services.reject_translation(translation, current_user, form.note.data)
        except services.InvalidTransition:
            abort(409)
        db.session.commit()
        flash(_("The translation has been checked."), "success")
        return redirect(url_for("stories.translations"))
    return render_template(
        "stories/check_translation.html", translation=translation, form=form
    ), 400 if form.errors else 200


@bp.route("/translations/mine")
@permission_required("stories.translate")
def translations_mine():
    return render_template(
        "stories/translations_mine.html",
        translations=services.translations_by(current_user),
    )
