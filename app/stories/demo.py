"""Demonstration stories: realistic, in several languages, at every stage, with replies."""

from datetime import UTC, datetime, timedelta

from app.accounts.models import User
from app.stories import services
from app.stories.models import Change, Naming, State, Visibility

#: (key, language, capability, locality, themes, title, body, first name, final state)
STORIES = (
    ("walking-group", "en-GB", 6, "wigan", ["loneliness", "ageing_well"],
     "The Tuesday walking group",
     "After my husband died I hardly left the house. The practice's social prescriber told me "
     "about a walking group that meets by the library every Tuesday.\n\nNow I go every week. "
     "We walk for an hour and then have a brew. I sleep better and I have people to talk to.",
     "Maureen", State.PUBLISHED),
    ("food-club", "en-GB", 4, "oldham", ["housing", "children_young_people"],
     "Cooking together at the food club",
     "The food club at our community centre is run by the people who use it. Parents cook "
     "together, kids eat together, and the health visitor comes along once a month instead of "
     "us going to the clinic. It feels like ours, not something done to us.",
     None, State.PUBLISHED),
    ("ogrod", "pl", 3, "salford", ["mental_health"],
     "Ogród społeczny w Salford",
     "Po przeprowadzce do Salford nikogo nie znałam. W ogrodzie społecznym poznałam sąsiadów z "
     "całej ulicy. Razem sadzimy warzywa i uczymy się od siebie nawzajem.\n\nTo pomogło mi "
     "bardziej niż jakiekolwiek tabletki.",
     "Agnieszka", State.PUBLISHED),
    ("bhasha", "bn", 5, "oldham", ["long_term_conditions"],
     "নিজের ভাষায় ডায়াবেটিস ক্লাস",
     "আমাদের মসজিদে বাংলায় ডায়াবেটিস নিয়ে ক্লাস হয়। আগে ডাক্তারের কথা বুঝতে পারতাম না। "
     "এখন আমি জানি কী খাওয়া উচিত আর কেন হাঁটা দরকার।",
     None, State.PUBLISHED),
    ("darzi", "ur", 7, "manchester", ["carers"],
     "خواتین کا سلائی گروپ",
     "ہمارے محلے میں خواتین کا ایک سلائی گروپ ہے۔ یہاں ہم نہ صرف کپڑے سیتے ہیں بلکہ ایک دوسرے "
     "کی بات بھی سنتے ہیں۔ جو خواتین گھر میں کسی کی دیکھ بھال کرتی ہیں، ان کے لیے یہ ہفتے کا "
     "سب سے اچھا وقت ہے۔",
     "Nasreen", State.PUBLISHED),
    ("qahwa", "ar", 2, "manchester", ["mental_health", "loneliness"],
     "مقهى الحديث للوافدين الجدد",
     "عندما وصلنا إلى مانشستر كان كل شيء غريبًا. في مقهى الحديث الأسبوعي تعلمنا الإنجليزية "
     "وتعرفنا على جيراننا. الآن أساعد العائلات الجديدة كما ساعدني الآخرون.",
     None, State.PUBLISHED),
    ("ciorba", "ro", 1, "bolton", ["social_prescribing"],
     "Grupul de mame din Bolton",
     "Am venit în Bolton cu un copil mic și nu știam unde să cer ajutor. Asistenta de la "
     "centrul pentru copii m-a trimis la un grup de mame. Acolo am găsit prietene și "
     "informații în limba mea.",
     "Ioana", State.PUBLISHED),
    ("kubbad", "so", 8, "trafford", ["children_young_people"],
     "Kooxda kubbadda cagta ee dhalinyarada",
     "Wiilashayda waxay ku biireen koox kubbadda cagta ah oo ay maamusho bulshada. Tababaraha "
     "ayaa la hadla waalidiinta oo dhegeysta waxa aan u baahanahay. Hadda waxay dareemaan inay "
     "ka mid yihiin xaafadda.",
     None, State.PUBLISHED),
    ("taiji", "zh-Hans", 9, "stockport", ["ageing_well", "long_term_conditions"],
     "公园里的太极拳",
     "每天早上我们在公园里打太极拳。我们自己记录每个人走路和睡眠的变化，并把结果告诉家庭医生。"
     "这些是对我们有意义的衡量方法。",
     "Li", State.PUBLISHED),
    ("mens-shed", "en-GB", 10, "bury", ["mental_health", "loneliness"],
     "What the Men's Shed gave me",
     "I was a joiner for forty years. When I retired I felt useless. At the Men's Shed I teach "
     "young lads woodwork and they teach me their phones. The GP asked me to talk to her team "
     "about it, which I never thought would happen.",
     "Ken", State.PUBLISHED),
    ("peer-support", "en-GB", 6, "rochdale", ["mental_health"],
     "Peer support after hospital",
     "When I came out of the mental health unit, a peer supporter who had been through the "
     "same thing met me at the bus stop and walked me to my first appointment.",
     None, State.PUBLISHED),
    ("end-of-life", "en-GB", 5, "tameside-and-glossop", ["end_of_life", "carers"],
     "Dad's last weeks at home",
     "The hospice at home team and our neighbours from the church made it possible for Dad to "
     "die at home, as he wanted. The nurses showed us what to do and answered the phone at "
     "3 in the morning.",
     "Sam", State.PUBLISHED),
    ("staff-only", "en-GB", 8, "greater-manchester", ["disability"],
     "Getting a wheelchair repaired",
     "It took eleven weeks and six phone calls to get my wheelchair repaired. The person who "
     "finally sorted it was a volunteer from the disability forum who knew who to ring.",
     None, State.PUBLISHED),
    ("waiting", "en-GB", None, "wigan", ["housing"],
     "Damp in our flat",
     "Our flat was damp for two winters and my son's asthma got worse. A tenants' group helped "
     "us get the landlord to fix it.",
     None, State.SUBMITTED),
    ("returned", "en-GB", 3, "salford", [],
     "The community café",
     "The café on Langworthy Road, run by Jane Smith at number 14, is where we all meet.",
     None, State.RETURNED),
    ("rejected", "en-GB", 6, "trafford", [],
     "Buy our vitamins",
     "Our new vitamins will fix everything. Visit our shop for ten percent off.",
     None, State.REJECTED),
    ("withdrawn", "en-GB", 1, "bolton", ["loneliness"],
     "A story I took back",
     "I shared this and then decided I would rather keep it private.",
     None, State.WITHDRAWN),
    ("draft", "en-GB", 2, "stockport", [],
     "Unfinished: the library",
     "I want to write about the library staff who helped me fill in forms, but I have not "
     "finished yet.",
     None, State.DRAFT),
)  # fmt: skip

REPLIES = {
    "walking-group": ("Thank you, Maureen. We are funding two more walking groups in Wigan this "
                      "year because of stories like yours.", "Wigan Council", Change.PLANNED,
                      "Two more social prescribing walking groups, starting in spring."),
    "food-club": ("This is exactly the kind of community-led service we want to commission.",
                  "NHS Oldham", Change.MADE,
                  "The food club now has a three-year grant instead of yearly funding."),
    "bhasha": ("Thank you. We will share this with every practice in Oldham.", "NHS Oldham",
               Change.NONE, None),
    "end-of-life": ("We are so glad your dad could be at home.", "Tameside and Glossop Hospice",
                    Change.NONE, None),
}  # fmt: skip


def load(author: User, moderator: User, responder: User) -> int:
    """Create the demonstration stories that are missing; returns how many were created."""
    created = 0
    for index, (
        key,
        lang,
        capability,
        locality,
        themes,
        title,
        body,
        first_name,
        state,
    ) in enumerate(STORIES):
        submission_key = f"demo-{key}"
        if services.story_for_key(author, submission_key):
            continue
        story = services.save_draft(
            author,
            services.StoryText(title, body, lang, capability, locality, list(themes)),
            submission_key,
        )
        _bring_to(story, state, author, moderator, first_name, key)
        _backdate(story, days=len(STORIES) - index)
        if key in REPLIES and story.state == State.PUBLISHED:
            reply, organisation, change, description = REPLIES[key]
            services.respond(story, responder, reply, organisation, change.value, description)
        created += 1
    return created


def _bring_to(story, state: State, author, moderator, first_name, key) -> None:
    if state == State.DRAFT:
        return
    consent = services.Consent(
        visibility=Visibility.STAFF.value if key == "staff-only" else Visibility.PUBLIC.value,
        naming=Naming.FIRST_NAME.value if first_name else Naming.ANONYMOUS.value,
        first_name=first_name,
        over_13=True,
        health_consent=True,
    )
    services.submit(story, author, consent)
    if state == State.PUBLISHED:
        services.publish(story, moderator)
    elif state == State.RETURNED:
        services.return_for_changes(
            story, moderator, "Please take out the name and house number so nobody is identified."
        )
    elif state == State.REJECTED:
        services.reject(story, moderator, "advertising", "This reads as an advert for a shop.")
    elif state == State.WITHDRAWN:
        services.publish(story, moderator)
        services.withdraw(story, author)


def _backdate(story, days: int) -> None:
    """Spread the stories over recent weeks so that the list reads naturally."""
    moment = datetime.now(UTC) - timedelta(days=days * 3)
    story.created_at = story.submitted_at = moment
    if story.published_at:
        story.published_at = moment + timedelta(days=1)


#: Volunteer translations of demonstration stories: (story key, language, title, body,
#: published or waiting for a moderator).
TRANSLATIONS = (
    ("ogrod", "en-GB", "The community garden in Salford",
     "When I moved to Salford I did not know anyone. At the community garden I met "
     "neighbours from all along the street. We plant vegetables together and learn from "
     "each other.\n\nIt helped me more than any tablets.", True),
    ("darzi", "en-GB", "The women's sewing group",
     "There is a women's sewing group in our neighbourhood. We do not just sew clothes here, "
     "we listen to each other too. For women who look after someone at home, it is the best "
     "time of the week.", False),
)  # fmt: skip


def load_translations(author: User, translator: User, moderator: User) -> int:
    """Translations of the demonstration stories that are missing; returns how many."""
    created = 0
    for key, lang, title, body, publish in TRANSLATIONS:
        story = services.story_for_key(author, f"demo-{key}")
        if story is None or not story.is_public or services.translation_into(story, lang):
            continue
        translation = services.translate(story, translator, lang, title, body)
        if publish:
            services.publish_translation(translation, moderator)
        created += 1
    return created
